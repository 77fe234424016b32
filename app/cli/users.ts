import { eq } from "drizzle-orm";
import { createApiToken } from "../server/auth/session.server";
import { getDb, schema } from "../server/platform/db.server";
import { migrateDatabase } from "../server/platform/migrate.server";
import { hashPassword } from "../server/auth/password.server";
import { ROLES, type Role } from "../utils/roles";
import { UsageError, requireOption, stringOption, type ParsedArgs } from "./args";

export async function userCommand(args: ParsedArgs): Promise<number> {
  if (args.positionals[1] !== "add") {
    throw new UsageError(
      "用法：branchmark user add --name N --password P --role admin|reviewer|branch --region CODE [--branch ID]",
    );
  }
  const username = requireOption(args, "name");
  const password = requireOption(args, "password");
  const role = requireOption(args, "role");
  const regionCode = requireOption(args, "region");
  const branchOption = stringOption(args, "branch");
  if (!ROLES.includes(role as Role)) throw new UsageError(`--role 必须是 ${ROLES.join(" / ")} 之一`);
  if (password.length < 8) throw new UsageError("--password 至少 8 个字符");

  const db = getDb();
  migrateDatabase(db);
  if (!db.select().from(schema.regions).where(eq(schema.regions.code, regionCode)).get()) {
    throw new UsageError(`区域 ${regionCode} 不存在`);
  }
  let branchId: number | null = null;
  if (role === "branch") {
    if (!branchOption) throw new UsageError("党支部用户需要 --branch 指定支部编号");
    const branch = db
      .select()
      .from(schema.branches)
      .where(eq(schema.branches.id, Number(branchOption)))
      .get();
    if (!branch) throw new UsageError(`支部 ${branchOption} 不存在`);
    if (branch.regionCode !== regionCode) throw new UsageError(`支部 ${branchOption} 不属于区域 ${regionCode}`);
    branchId = branch.id;
  }
  if (db.select().from(schema.users).where(eq(schema.users.username, username)).get()) {
    throw new UsageError(`用户 ${username} 已存在`);
  }
  db.insert(schema.users)
    .values({
      username,
      displayName: username,
      role: role as Role,
      regionCode,
      branchId,
      passwordHash: await hashPassword(password),
    })
    .run();
  console.log(`已创建用户 ${username}（${role}，区域 ${regionCode}）。`);
  return 0;
}

export async function tokenCommand(args: ParsedArgs): Promise<number> {
  if (args.positionals[1] !== "create") throw new UsageError("用法：branchmark token create --user N [--label 说明]");
  const username = requireOption(args, "user");
  const db = getDb();
  migrateDatabase(db);
  const user = db.select().from(schema.users).where(eq(schema.users.username, username)).get();
  if (!user) throw new UsageError(`用户 ${username} 不存在`);
  console.log(createApiToken(user.id, stringOption(args, "label") ?? "cli"));
  return 0;
}
