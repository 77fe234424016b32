import { DatabaseOpenError } from "../server/platform/db.server";
import { parseArgs, UsageError } from "./args";
import { dbCommand } from "./db";
import { libraryCommand } from "./library";
import { diffCommand, impactCommand, lintCommand, scoreCommand, testCommand } from "./rules";
import { serveCommand } from "./serve";
import { forgetLibraries } from "./targets";
import { orgCommand } from "./org";
import { tokenCommand, userCommand } from "./users";

const HELP = `支部标尺 branchmark — 命令行

用法：branchmark <命令> [参数]

  lint [路径…]                    检查规则集与表单（默认 rulesets/ schemas/）；有错误时退出码为 1
  test [路径…]                    运行规则集的测试用例，最后一行 “N passed, N failed”
  score <规则集> <data.json> [--context ctx.json]
                                 为一份填报数据评分，输出结果 JSON
  diff <规则集A> <规则集B> [--json]
                                 比较两个规则集（可跨区域、跨领域）
  impact <规则集A> <规则集B> <submissions.jsonl> [--json]
                                 用两个规则集为每行数据评分，输出等次转移矩阵和变化的行
  serve                          迁移数据库，首次启动载入演示数据，启动服务（PORT，默认 3000）
  db migrate                     执行数据库迁移
  db seed                        载入演示数据（已有的不重复载入）
  user add --name N --password P --role admin|reviewer|branch --region CODE [--branch ID]
  user disable --name N / user enable --name N
                                 停用（会话与令牌立即失效）/ 恢复账号
  user reset-password --name N   重设密码：生成新密码并只显示一次，结束其所有会话，下次登录须修改
  user password --name N [--password P]
                                 设置新密码（不给时生成并只显示一次），结束其所有会话
  token create --user N [--label 说明] [--days 天数]
                                 生成 API 令牌（只显示一次）；--days 天后过期
  token revoke --user N          吊销该用户的全部令牌
  org export <文件.xlsx> [--as 管理员 | --region 代码]
                                 导出组织机构（区域、党支部、账号）为导入模板格式
  org import <文件.xlsx> [--dry-run] [--valid-only] [--as 管理员 | --region 代码]
                                 检查并导入组织机构，新账号的初始密码写入账号分发表
  import rulesets <目录> [--schemas 目录]
                                 把规则集与表单文件导入数据库（发布为新版本，未变化的不重复导入）
  export rulesets <目录> [--schemas 目录]
                                 把数据库中已发布的规则集（及表单）导出为文件

规则集用编号（如 150000/village，在 --rulesets 目录中查找，默认 rulesets/）或文件路径指定；
表单在 --schemas 目录（默认 schemas/）的 forms/ 中。score、test、impact 默认用编译求值器；
--engine reference 改用 json-rules-engine 本身（两者结果一致）。

环境变量：BRANCHMARK_DB（数据库文件，默认 data/branchmark.db）、PORT、SESSION_SECRET`;

const commands: Record<string, (args: ReturnType<typeof parseArgs>) => Promise<number>> = {
  lint: lintCommand,
  test: testCommand,
  score: scoreCommand,
  diff: diffCommand,
  impact: impactCommand,
  import: libraryCommand,
  export: libraryCommand,
  serve: serveCommand,
  db: dbCommand,
  user: userCommand,
  token: tokenCommand,
  org: orgCommand,
};

async function dispatch(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["json", "verbose", "help", "no-progress", "dry-run", "valid-only"]);
  const verb = args.positionals[0];
  if (!verb || verb === "help" || args.options.help) {
    console.log(HELP);
    return verb ? 0 : 1;
  }
  const command = Object.hasOwn(commands, verb) ? commands[verb] : undefined;
  if (!command) {
    console.error(`未知命令：${verb}\n\n${HELP}`);
    return 1;
  }
  return command(args);
}

/** Runs one CLI invocation and returns its exit code; tests call it in-process, bin/branchmark.js through main.ts. */
export async function runBranchmark(argv: string[]): Promise<number> {
  forgetLibraries();
  try {
    return await dispatch(argv);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof DatabaseOpenError)) throw error;
    console.error(`错误：${error.message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}
