import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../../../db/schema";

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export class DatabaseOpenError extends Error {}

export function databasePath(): string {
  return path.resolve(process.env.BRANCHMARK_DB || path.join("data", "branchmark.db"));
}

/** Opens (creating if needed) the SQLite file with WAL, foreign keys and recursive triggers on. */
export function openDatabase(file = databasePath()): { sqlite: Database.Database; db: DB } {
  let sqlite: Database.Database;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    // So that INSERT OR REPLACE fires the append-only tables' DELETE triggers (migration 0005).
    sqlite.pragma("recursive_triggers = ON");
    // Probe that the file is writable now rather than on the first user's request.
    sqlite.exec("CREATE TABLE IF NOT EXISTS _branchmark_probe (x INTEGER); DROP TABLE _branchmark_probe;");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(
      `无法打开数据库文件 ${file}：${reason}。请检查路径所在目录是否存在且可写，或用环境变量 BRANCHMARK_DB 指定其他路径。`,
    );
  }
  return { sqlite, db: withImmediateTransactions(drizzle(sqlite, { schema })) };
}

/**
 * Every transaction takes SQLite's write lock when it begins (`BEGIN IMMEDIATE`), waiting its turn behind another
 * process's. Several server processes write to one file: a deferred transaction reads first and then fails with
 * `SQLITE_BUSY_SNAPSHOT` when another process committed in between — 3 to 7 of 160 concurrent admin writes did
 * (tests/integration/cluster.test.ts). A transaction can still ask for `deferred` where it only reads.
 */
function withImmediateTransactions(db: DB): DB {
  const transaction = db.transaction.bind(db);
  db.transaction = (run, config) => transaction(run, { behavior: "immediate", ...config });
  return db;
}

let shared: { sqlite: Database.Database; db: DB } | undefined;

/**
 * A query that drizzle builds and SQLite compiles once, on first use, and that then runs with `sql.placeholder`
 * values: for the lookups every page makes, where building and compiling the SQL again cost more than running it.
 */
export function preparedOnce<Q>(build: (db: DB) => Q): () => Q {
  let query: Q | undefined;
  return () => (query ??= build(getDb()));
}

/** The process-wide connection, opened on first use. */
export function getDb(): DB {
  shared ??= openDatabase();
  return shared.db;
}

let generationQuery: Database.Statement<[], [number, number]> | undefined;

/**
 * Changes whenever anything is committed to the database, by this connection (`total_changes()`) or by another
 * process (`data_version`): what a lookup kept in memory is checked against.
 */
function databaseGeneration(): string {
  generationQuery ??= getDb()
    .$client.prepare<[], [number, number]>("SELECT total_changes(), (SELECT data_version FROM pragma_data_version)")
    .raw();
  const [changes, version] = generationQuery.get()!;
  return `${changes}:${version}`;
}

/**
 * `lookup` with its answers kept until the next write to the database, by anyone: one cheap query instead of the
 * lookup's. At most `limit` answers are kept; inside a transaction (whose writes may yet be rolled back) nothing is.
 */
export function untilNextWrite<V>(lookup: (key: string) => V, limit = 1000): (key: string) => V {
  let generation = "";
  const answers = new Map<string, V>();
  return (key) => {
    if (getDb().$client.inTransaction) return lookup(key);
    const now = databaseGeneration();
    if (now !== generation) {
      answers.clear();
      generation = now;
    }
    if (answers.has(key)) return answers.get(key)!;
    const value = lookup(key);
    if (answers.size >= limit) answers.clear();
    answers.set(key, value);
    return value;
  };
}

export { schema };
