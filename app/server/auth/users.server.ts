/**
 * Accounts as an administrator manages them: a page of the users in the admin's subtree (search, role and region
 * filters), creating one with a generated password shown once, changing role, region, branch or name, disabling
 * and enabling, and resetting a password. Every change is audited; an admin never changes their own account here.
 */
import { and, count, eq, like, or, type SQL } from "drizzle-orm";
import { ROLES, type Role } from "~/utils/roles";
import { recordAudit } from "../audit/audit.server";
import { getDb, schema } from "../platform/db.server";
import { domainError, forbidden, notFound } from "../platform/http.server";
import { getRegion, inRegionTree, regionName, regionWithin } from "../regions/regions.server";
import { authorize } from "./access.server";
import { resetPassword, setUserDisabled } from "./accounts.server";
import { generatePassword, hashPassword } from "./password.server";
import type { Actor } from "./session.server";

export const USERS_PAGE_SIZE = 20;

/** The JSON Schema of an account's placement in request bodies (`bodyParser`). */
export const USER_PLACEMENT_SCHEMA = {
  role: { enum: [...ROLES], description: "应为 admin、reviewer 或 branch" },
  region: { type: "string", maxLength: 12, description: "应为区域代码" },
  branchId: { type: ["integer", "null"], description: "应为支部编号（党支部账号必填）" },
  displayName: { type: "string", maxLength: 40, description: "应为姓名，最多 40 个字" },
} as const;

export type UserFilter = { page: number; query?: string; role?: Role; region?: string };

const manage = (actor: Actor, regionCode: string) =>
  authorize(actor, { action: "organisation.manage", regionCode }, `区域 ${regionCode} 的账号`);

/** Accounts with their branch's name, as the page shows them. */
function userRows(where: SQL | undefined) {
  return getDb()
    .select({ user: schema.users, branchName: schema.branches.name })
    .from(schema.users)
    .leftJoin(schema.branches, eq(schema.branches.id, schema.users.branchId))
    .where(where)
    .orderBy(schema.users.username)
    .$dynamic();
}

const toUserRow = ({ user, branchName }: { user: typeof schema.users.$inferSelect; branchName: string | null }) => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  regionCode: user.regionCode,
  regionName: regionName(user.regionCode),
  branchId: user.branchId,
  branchName,
  disabled: user.disabledAt !== null,
  mustChangePassword: user.mustChangePassword,
});

export type UserRow = ReturnType<typeof toUserRow>;

/** A page of the users in the actor's subtree (or the filter's region within it), by user name. */
export function listUsers(actor: Actor, filter: UserFilter): { total: number; users: UserRow[] } {
  const scope = filter.region ?? actor.regionCode;
  manage(actor, scope);
  const text = filter.query?.replace(/[%_\\]/g, "").trim();
  const where = and(
    inRegionTree(schema.users.regionCode, scope),
    filter.role ? eq(schema.users.role, filter.role) : undefined,
    text ? or(like(schema.users.username, `%${text}%`), like(schema.users.displayName, `%${text}%`)) : undefined,
  );
  const total = getDb().select({ n: count() }).from(schema.users).where(where).get()!.n;
  const rows = userRows(where)
    .limit(USERS_PAGE_SIZE)
    .offset((filter.page - 1) * USERS_PAGE_SIZE)
    .all();
  return { total, users: rows.map(toUserRow) };
}

type Placement = { role: Role; region: string; branchId: number | null };

/** Checks where an account is to sit: a region in the actor's subtree, and for a branch user a branch of it. */
function checkPlacement(actor: Actor, { role, region, branchId }: Placement): number | null {
  if (!getRegion(region))
    throw domainError(422, "区域不存在", [{ path: "$.region", message: `区域 ${region} 不存在` }]);
  manage(actor, region);
  if (role !== "branch") return null;
  if (branchId === null)
    throw domainError(422, "党支部账号须指定支部", [{ path: "$.branchId", message: "请选择该账号所属的党支部" }]);
  const branch = getDb().select().from(schema.branches).where(eq(schema.branches.id, branchId)).get();
  if (!branch || !regionWithin(branch.regionCode, actor.regionCode))
    throw domainError(422, "支部不存在或不在您的管理范围内", [
      { path: "$.branchId", message: "支部不存在或不在您的管理范围内" },
    ]);
  if (branch.regionCode !== region)
    throw domainError(422, "支部不属于所选区域", [{ path: "$.branchId", message: "该支部不属于所选区域" }]);
  return branch.id;
}

function userInScope(actor: Actor, id: number) {
  const user = getDb().select().from(schema.users).where(eq(schema.users.id, id)).get();
  if (!user || !regionWithin(user.regionCode, actor.regionCode)) throw notFound("该账号");
  if (user.id === actor.id) throw forbidden("自己的账号（请在“我的账号”中修改密码）");
  return user;
}

/** Creates an account with a generated password, shown once; the user must choose their own at first sign-in. */
export async function createUser(
  actor: Actor,
  input: { username: string; displayName: string } & Placement,
): Promise<{ id: number; password: string }> {
  const branchId = checkPlacement(actor, input);
  const username = input.username.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/.test(username))
    throw domainError(422, "用户名格式不正确", [
      { path: "$.username", message: "3–40 个字符：字母、数字、点、下划线或连字符，以字母或数字开头" },
    ]);
  const db = getDb();
  if (db.select().from(schema.users).where(eq(schema.users.username, username)).get())
    throw domainError(409, `用户名 ${username} 已被使用`, [{ path: "$.username", message: "该用户名已被使用" }]);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const id = db.transaction((tx) => {
    const row = tx
      .insert(schema.users)
      .values({
        username,
        displayName: input.displayName.trim() || username,
        role: input.role,
        regionCode: input.region,
        branchId,
        passwordHash,
        mustChangePassword: true,
      })
      .returning({ id: schema.users.id })
      .get();
    recordAudit(tx, actor, {
      action: "user.create",
      entityType: "user",
      entityId: username,
      regionCode: input.region,
      after: { role: input.role, region: input.region, branchId },
    });
    return row.id;
  });
  return { id, password };
}

/** Changes an account's name, role, region and branch, or disables or enables it. */
export function updateUser(
  actor: Actor,
  id: number,
  input: Partial<Placement> & { displayName?: string; disabled?: boolean },
): UserRow {
  const user = userInScope(actor, id);
  const placement: Placement = {
    role: input.role ?? user.role,
    region: input.region ?? user.regionCode,
    branchId: input.branchId !== undefined ? input.branchId : user.branchId,
  };
  const branchId = checkPlacement(actor, placement);
  const before = { role: user.role, region: user.regionCode, branchId: user.branchId, displayName: user.displayName };
  const after = {
    role: placement.role,
    region: placement.region,
    branchId,
    displayName: input.displayName?.trim() || user.displayName,
  };
  const db = getDb();
  db.transaction((tx) => {
    tx.update(schema.users)
      .set({ role: after.role, regionCode: after.region, branchId, displayName: after.displayName })
      .where(eq(schema.users.id, id))
      .run();
    if (JSON.stringify(before) !== JSON.stringify(after))
      recordAudit(tx, actor, {
        action: "user.update",
        entityType: "user",
        entityId: user.username,
        regionCode: after.region,
        before,
        after,
      });
  });
  if (input.disabled !== undefined) setUserDisabled(actor, { ...user, regionCode: after.region }, input.disabled);
  return toUserRow(userRows(eq(schema.users.id, id)).get()!);
}

/** A new generated password for an account, shown once; its sessions end and the user must choose their own. */
export async function resetUserPassword(actor: Actor, id: number): Promise<{ password: string }> {
  const user = userInScope(actor, id);
  const password = generatePassword();
  await resetPassword(actor, user, password);
  return { password };
}
