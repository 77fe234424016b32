import { DatabaseOpenError } from "../server/db.server";
import { parseArgs, UsageError } from "./args";
import { dbCommand } from "./db";
import { serveCommand } from "./serve";
import { tokenCommand, userCommand } from "./users";

const HELP = `支部标尺 branchmark — 命令行

用法：branchmark <命令> [参数]

  serve                          迁移数据库，首次启动载入演示数据，启动服务（PORT，默认 3000）
  db migrate                     执行数据库迁移
  db seed                        载入演示数据（已有的不重复载入）
  user add --name N --password P --role admin|reviewer|branch --region CODE [--branch ID]
  token create --user N          生成 API 令牌（只显示一次）

环境变量：BRANCHMARK_DB（数据库文件，默认 data/branchmark.db）、PORT、SESSION_SECRET`;

const commands: Record<string, (args: ReturnType<typeof parseArgs>) => Promise<number>> = {
  serve: serveCommand,
  db: dbCommand,
  user: userCommand,
  token: tokenCommand,
};

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
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

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof DatabaseOpenError) {
    console.error(`错误：${error.message}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } else {
    throw error;
  }
}
