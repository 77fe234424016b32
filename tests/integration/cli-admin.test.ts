import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, startServer, tempDir } from "../helpers/server";

describe("branchmark db / user / token", () => {
  const dbFile = path.join(tempDir(), "cli.db");
  const env = { BRANCHMARK_DB: dbFile, BRANCHMARK_DEMO_PASSWORD: "" };

  it("migrates and seeds idempotently, printing generated passwords only for new users", () => {
    expect(runCli(["db", "migrate"], env).code).toBe(0);
    const first = runCli(["db", "seed"], env);
    expect(first.code).toBe(0);
    const passwords = [...first.stdout.matchAll(/^\s+\S+\t(\S+)\t(\S{16})\t/gm)].map((m) => m[2]);
    expect(passwords).toHaveLength(6);
    expect(new Set(passwords).size).toBe(6);
    const second = runCli(["db", "seed"], env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain("演示账号");
  });

  it("adds a user with a hashed password and rejects bad input in Chinese", async () => {
    const ok = runCli(
      ["user", "add", "--name", "baotou-admin", "--password", "s3cret-pass", "--role", "admin", "--region", "150200"],
      env,
    );
    expect(ok.code).toBe(0);
    const dup = runCli(
      ["user", "add", "--name", "baotou-admin", "--password", "s3cret-pass", "--role", "admin", "--region", "150200"],
      env,
    );
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain("已存在");
    const badRole = runCli(
      ["user", "add", "--name", "x", "--password", "s3cret-pass", "--role", "root", "--region", "150200"],
      env,
    );
    expect(badRole.stderr).toContain("--role 必须是");
    const badRegion = runCli(
      ["user", "add", "--name", "x", "--password", "s3cret-pass", "--role", "admin", "--region", "999999"],
      env,
    );
    expect(badRegion.stderr).toContain("区域 999999 不存在");
    const noBranch = runCli(
      ["user", "add", "--name", "x", "--password", "s3cret-pass", "--role", "branch", "--region", "150200"],
      env,
    );
    expect(noBranch.stderr).toContain("--branch");

    const server = await startServer(dbFile);
    try {
      const token = runCli(["token", "create", "--user", "baotou-admin"], env).stdout.trim();
      expect(token).toMatch(/^bm_[A-Za-z0-9_-]{43}$/);
      const list = await fetch(`${server.url}/api/v1/rulesets`, { headers: { authorization: `Bearer ${token}` } });
      expect(list.status).toBe(200);
      const page = await fetch(`${server.url}/login`, {
        method: "POST",
        body: new URLSearchParams({ username: "baotou-admin", password: "s3cret-pass" }),
        redirect: "manual",
      });
      expect(page.status).toBe(302);
    } finally {
      await server.stop();
    }
  });

  it("stores only hashes of passwords and tokens", async () => {
    const { default: Database } = await import("better-sqlite3");
    const sqlite = new Database(dbFile, { readonly: true });
    const user = sqlite.prepare("SELECT password_hash FROM users WHERE username = 'baotou-admin'").get() as {
      password_hash: string;
    };
    expect(user.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(user.password_hash).not.toContain("s3cret-pass");
    const tokens = sqlite.prepare("SELECT token_hash FROM api_tokens").all() as { token_hash: string }[];
    expect(tokens.every((t) => /^[0-9a-f]{64}$/.test(t.token_hash))).toBe(true);
    sqlite.close();
  });
});
