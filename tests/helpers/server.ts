import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const CLI = path.join(ROOT, "bin/branchmark.js");
export const DEMO_PASSWORD = "Test-Passw0rd-Only";

/** A fresh folder under the run's temporary root (tests/helpers/temp-root.ts), removed when the run ends. */
export function tempDir(prefix = "branchmark-"): string {
  return fs.mkdtempSync(path.join(process.env.BRANCHMARK_TEST_TMP ?? os.tmpdir(), prefix));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export type RunningServer = { url: string; output: () => string; stop: () => Promise<void>; process: ChildProcess };

/** Starts the real built server (`branchmark serve`) on a free port with its own database file. */
export async function startServer(dbFile: string, env: Record<string, string> = {}): Promise<RunningServer> {
  if (!fs.existsSync(path.join(ROOT, "build/index.js")))
    throw new Error("build/index.js is missing: run `npm run build` first");
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, "serve"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      BRANCHMARK_DB: dbFile,
      BRANCHMARK_DEMO_PASSWORD: DEMO_PASSWORD,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    child.stdout!.on("data", () => {
      if (output.includes(`http://localhost:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://localhost:${port}`,
    output: () => output,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Runs the real CLI and returns its exit code and output. */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    input,
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `npx branchmark …` exactly as a user would, resolved through package.json's bin. */
export function runNpx(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync("npx", ["--no-install", "branchmark", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Signs in through the login form and returns the session cookie. */
export async function signIn(url: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password, redirectTo: "/" }),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie");
  if (!cookie) throw new Error(`sign-in of ${username} failed with ${response.status}`);
  return cookie.split(";")[0];
}

/**
 * An API token for a user, stored as `branchmark token create --user` stores one (`bm_` and 32 random bytes, only
 * the SHA-256 kept) but without starting the CLI — a `tsx` compile of seconds per call, which the suite paid about
 * twenty times. The verb itself is run for real in `cli-admin.test.ts` and `tests/security/accounts.test.ts`.
 */
export function apiToken(dbFile: string, username: string): string {
  const sqlite = new Database(dbFile);
  try {
    const user = sqlite.prepare("SELECT id FROM users WHERE username = ?").get(username) as { id: number } | undefined;
    if (!user) throw new Error(`no user ${username} in ${dbFile}`);
    const token = "bm_" + randomBytes(32).toString("base64url");
    sqlite
      .prepare("INSERT INTO api_tokens (user_id, name, token_hash) VALUES (?, 'tests', ?)")
      .run(user.id, createHash("sha256").update(token).digest("hex"));
    return token;
  } finally {
    sqlite.close();
  }
}
