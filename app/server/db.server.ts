import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export class DatabaseOpenError extends Error {}

export function databasePath(): string {
  return path.resolve(process.env.BRANCHMARK_DB || path.join("data", "branchmark.db"));
}

/** Opens (creating if needed) the SQLite file with WAL and foreign keys on. */
export function openDatabase(file = databasePath()): { sqlite: Database.Database; db: DB } {
  let sqlite: Database.Database;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    // Probe that the file is writable now rather than on the first user's request.
    sqlite.exec("CREATE TABLE IF NOT EXISTS _branchmark_probe (x INTEGER); DROP TABLE _branchmark_probe;");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(
      `无法打开数据库文件 ${file}：${reason}。请检查路径所在目录是否存在且可写，或用环境变量 BRANCHMARK_DB 指定其他路径。`,
    );
  }
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

let shared: { sqlite: Database.Database; db: DB } | undefined;

/** The process-wide connection, opened on first use. */
export function getDb(): DB {
  shared ??= openDatabase();
  return shared.db;
}


export { schema };
