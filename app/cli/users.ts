import { eq } from "drizzle-orm";
import {
  createApiToken,
  resetPassword,
  revokeTokens,
  setUserDisabled,
  userByName,
} from "../server/auth/accounts.server";
import { passwordProblem } from "../server/auth/password-policy.server";
import { DomainError } from "../server/platform/http.server";
import { getDb, schema } from "../server/platform/db.server";
import { migrateDatabase } from "../server/platform/migrate.server";
import { generatePassword, hashPassword } from "../server/auth/password.server";
import { ROLES, type Role } from "../utils/roles";
import { UsageError, requireOption, stringOption, type ParsedArgs } from "./args";

const USER_USAGE = `用法：
  branchmark user add --name N --password P --role admin|reviewer|branch --region CODE [--branch ID]
  branchmark user disable --name N      停用账号（其会话与令牌立即失效）
  branchmark user enable --name N       恢复账号
  branchmark user reset-password --name N
                                        生成新密码并只显示一次；结束其所有会话，下次登录时须修改
  branchmark user password --name N [--password P]
                                        重设密码（不给 --password 时生成一个并只显示一次）；结束其所有会话，
                                        用户下次登录时须改为自己的密码`;

/** The named user, as the CLI reports a missing one. */
function namedUser(args: ParsedArgs, option: string) {
  migrateDatabase(getDb());
  try {
    return userByName(requireOption(args, option));
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(error.message);
    throw error;
  }
}

export async function userCommand(args: ParsedArgs): Promise<number> {
  const verb = args.positionals[1];
  if (verb === "disable" || verb === "enable") {
    const user = namedUser(args, "name");
    const changed = setUserDisabled(null, user, verb === "disable");
    const state = verb === "disable" ? "已停用" : "已恢复";
    console.log(changed ? `用户 ${user.username} ${state}。` : `用户 ${user.username} 本来就${state}，未作改动。`);
    return 0;
  }
  if (verb === "password" || verb === "reset-password") {
    const user = namedUser(args, "name");
    const given = verb === "password" ? stringOption(args, "password") : undefined;
    const password = given ?? generatePassword();
    const problem = passwordProblem(password, user.username);
    if (problem) throw new UsageError(`--password：${problem}`);
    await resetPassword(null, user, password);
    console.log(
      given
        ? `已为 ${user.username} 设置新密码，其所有会话已结束；下次登录时须改为自己的密码。`
        : `${user.username} 的新密码（只显示这一次；下次登录时须改为自己的密码）：${password}`,
    );
    return 0;
  }
  if (verb !== "add") throw new UsageError(USER_USAGE);
  const username = requireOption(args, "name");
  const password = requireOption(args, "password");
  const role = requireOption(args, "role");
  const regionCode = requireOption(args, "region");
  const branchOption = stringOption(args, "branch");
  if (!ROLES.includes(role as Role)) throw new UsageError(`--role 必须是 ${ROLES.join(" / ")} 之一`);
  const problem = passwordProblem(password, username);
  if (problem) throw new UsageError(`--password：${problem}`);

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

const TOKEN_USAGE = `用法：
  branchmark token create --user N [--label 说明] [--days 天数]   生成 API 令牌（只显示一次）；--days 后过期
  branchmark token revoke --user N                             吊销该用户的全部令牌`;

export async function tokenCommand(args: ParsedArgs): Promise<number> {
  const verb = args.positionals[1];
  if (verb !== "create" && verb !== "revoke") throw new UsageError(TOKEN_USAGE);
  const user = namedUser(args, "user");
  if (verb === "revoke") {
    const n = revokeTokens(null, user);
    console.log(n ? `已吊销 ${user.username} 的 ${n} 个令牌。` : `${user.username} 没有可吊销的令牌。`);
    return 0;
  }
  const days = stringOption(args, "days");
  if (days !== undefined && !/^\d{1,4}$/.test(days)) throw new UsageError("--days 应为 1–3650 之间的整数");
  try {
    console.log(createApiToken(null, user, stringOption(args, "label") ?? "cli", days ? Number(days) : undefined));
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(error.message);
    throw error;
  }
  return 0;
}
