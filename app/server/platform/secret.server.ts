import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { databasePath } from "./db.server";

let secret: string | undefined;

/** SESSION_SECRET, or one generated once and kept beside the database file. */
export function sessionSecret(): string {
  if (secret) return secret;
  if (process.env.SESSION_SECRET) return (secret = process.env.SESSION_SECRET);
  const file = path.join(path.dirname(databasePath()), "session-secret");
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    const fresh = randomBytes(32).toString("base64url");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, fresh + "\n", { mode: 0o600, flag: "wx" });
      secret = fresh;
    } catch (error) {
      // Another process wrote it first: every process must sign with the same secret.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      secret = fs.readFileSync(file, "utf8").trim();
    }
  }
  return secret;
}
