import { openDatabase } from "../server/platform/db.server";
import { migrateDatabase } from "../server/platform/migrate.server";
import {
  importShippedLibrary,
  seedDemoData,
  seedDemoSubmissions,
  type SeededUser,
} from "../server/platform/seed.server";
import { ROLE_TITLES } from "../utils/roles";
import { UsageError, type ParsedArgs } from "./args";
import { printImportReport } from "./library";

export function printDemoUsers(users: SeededUser[]): void {
  if (!users.length) return;
  console.log("\n演示账号（密码只显示这一次，请妥善保存）：");
  for (const u of users) {
    console.log(`  ${ROLE_TITLES[u.role]}\t${u.username}\t${u.password}\t区域 ${u.regionCode}`);
  }
  console.log("");
}

export async function dbCommand(args: ParsedArgs): Promise<number> {
  const [, sub] = args.positionals;
  const { db, sqlite } = openDatabase();
  try {
    if (sub === "migrate") {
      migrateDatabase(db);
      console.log("数据库迁移完成。");
      return 0;
    }
    if (sub === "seed") {
      migrateDatabase(db);
      const users = await seedDemoData(db);
      const failed = printImportReport(importShippedLibrary(db));
      console.log(`演示申报：${seedDemoSubmissions(db)} 份。`);
      console.log("演示数据已就绪。");
      printDemoUsers(users);
      return failed ? 1 : 0;
    }
    throw new UsageError("用法：branchmark db migrate | branchmark db seed");
  } finally {
    sqlite.close();
  }
}
