import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { DB } from "./db.server";

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../db/migrations");

export function migrateDatabase(db: DB): void {
  migrate(db, { migrationsFolder });
}
