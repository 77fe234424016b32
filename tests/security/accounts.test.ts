import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryFile } from "../helpers/api";
import { apiToken, DEMO_PASSWORD, runCli, signIn, startServer, tempDir, type RunningServer } from "../helpers/server";

// Accounts, sign-in and the audit of data access (issue "Trust": L3, M6 and the audit findings). The login flood
// comes last: it leaves this machine's address throttled for a minute.
let server: RunningServer;
let dbFile: string;
const query = queryFile(() => dbFile);
const cli = (...args: string[]) => runCli(args, { BRANCHMARK_DB: dbFile });
const rulesets = (token: string) =>
  fetch(`${server.url}/api/v1/rulesets`, { headers: { authorization: `Bearer ${token}` } });
const home = (cookie: string) => fetch(`${server.url}/`, { headers: { cookie }, redirect: "manual" });
const login = (username: string, password: string) =>
  fetch(`${server.url}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password, redirectTo: "/" }),
    redirect: "manual",
  });

beforeAll(async () => {
  dbFile = path.join(tempDir(), "accounts.db");
  server = await startServer(dbFile);
});

afterAll(async () => {
  await server?.stop();
});

describe("L3: tokens can be revoked and expire, users disabled and enabled, passwords changed", () => {
  it("token revoke --user stops every token of the user at once", async () => {
    const [first, second] = [apiToken(dbFile, "reviewer"), apiToken(dbFile, "reviewer")];
    expect((await rulesets(first)).status).toBe(200);
    const revoked = cli("token", "revoke", "--user", "reviewer");
    expect(revoked).toMatchObject({ code: 0, stdout: "已吊销 reviewer 的 2 个令牌。\n" });
    expect((await rulesets(first)).status).toBe(401);
    expect((await rulesets(second)).status).toBe(401);
    expect(cli("token", "revoke", "--user", "nobody")).toMatchObject({
      code: 2,
      stderr: "错误：用户 nobody 不存在。\n",
    });
  });

  it("a token made with --days stops working when it expires", async () => {
    const token = cli("token", "create", "--user", "hohhot-admin", "--days", "30").stdout.trim();
    expect((await rulesets(token)).status).toBe(200);
    const [row] = query<{ expires_at: number }>("SELECT expires_at FROM api_tokens ORDER BY id DESC LIMIT 1");
    expect(row.expires_at - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const sqlite = new (await import("better-sqlite3")).default(dbFile);
    sqlite.prepare("UPDATE api_tokens SET expires_at = ? WHERE id = (SELECT max(id) FROM api_tokens)").run(Date.now());
    sqlite.close();
    expect((await rulesets(token)).status).toBe(401);
    expect(cli("token", "create", "--user", "hohhot-admin", "--days", "0").stderr).toContain("1–3650");
  });

  it("user disable ends sessions and tokens at once and refuses sign-in in Chinese; enable lets the user back", async () => {
    const cookie = await signIn(server.url, "branch");
    const token = apiToken(dbFile, "branch");
    expect((await home(cookie)).status).toBe(200);
    expect(cli("user", "disable", "--name", "branch")).toMatchObject({ code: 0, stdout: "用户 branch 已停用。\n" });
    expect((await home(cookie)).status).toBe(302);
    expect((await rulesets(token)).status).toBe(401);
    const refused = await login("branch", DEMO_PASSWORD);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("该账号已停用：请联系您的上级管理员。");
    expect(cli("user", "enable", "--name", "branch").stdout).toBe("用户 branch 已恢复。\n");
    expect((await rulesets(token)).status).toBe(200);
    expect((await login("branch", DEMO_PASSWORD)).status).toBe(302);
  });

  it("user password sets a new one, shown once when generated, and ends the user's sessions", async () => {
    const cookie = await signIn(server.url, "hohhot-reviewer");
    const generated = cli("user", "password", "--name", "hohhot-reviewer");
    const password = /新密码（只显示这一次；下次登录时须改为自己的密码）：(\S+)/.exec(generated.stdout)![1];
    expect((await home(cookie)).status).toBe(302);
    expect((await login("hohhot-reviewer", DEMO_PASSWORD)).status).toBe(401);
    expect((await login("hohhot-reviewer", password)).status).toBe(302);
    expect(cli("user", "password", "--name", "hohhot-reviewer", "--password", "short").stderr).toContain(
      "--password：密码至少 8 个字符。",
    );
  });
});

describe("Audit: logins, token creation and revocation, account changes and exports are recorded", () => {
  it("has a row for each, under the user's region, never with a password", async () => {
    const token = apiToken(dbFile, "hohhot-admin");
    await login("hohhot-admin", "wrong-password");
    await login("no-such-user", "wrong-password");
    const template = await fetch(`${server.url}/api/v1/templates/150100/village?year=2025`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(template.status).toBe(200);
    const rows = query<{ action: string; entity_id: string; region_code: string | null; after: string }>(
      "SELECT action, entity_id, region_code, after FROM audit_log WHERE entity_type IN ('user', 'export') ORDER BY id",
    );
    const actions = rows.map((r) => `${r.action} ${r.entity_id}`);
    for (const expected of [
      "token.revoke reviewer",
      "token.create hohhot-admin",
      "user.disable branch",
      "user.enable branch",
      "user.password hohhot-reviewer",
      "user.login branch",
      "user.loginFailed hohhot-admin",
      "user.loginFailed （不存在的用户名）",
      "export.template 150100/village",
    ])
      expect(actions).toContain(expected);
    expect(rows.find((r) => r.action === "user.loginFailed" && r.entity_id === "hohhot-admin")!.region_code).toBe(
      "150100",
    );
    expect(JSON.stringify(rows)).not.toMatch(/wrong-password|no-such-user|Test-Passw0rd/);
  });
});

describe("M6: a login flood is throttled with bounded memory and never takes the pages down", () => {
  it("answers 429 in Chinese after 20 failures from one address, whatever names it tries", async () => {
    const cookie = await signIn(server.url, "admin");
    const failuresSoFar = () =>
      query<{ n: number }>(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'user.loginFailed' AND after LIKE '%密码错误%'",
      )[0].n;
    const before = failuresSoFar();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await login(`attacker${i}`, "guess")).status);
    // This file's earlier tests failed a few times from the same address within the minute; they count too.
    const allowed = 20 - before;
    expect(statuses.slice(0, allowed).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(allowed).every((s) => s === 429)).toBe(true);
    const refused = await login("admin", DEMO_PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/登录失败次数过多，请 \d+ 秒后再试/);
    // Throttled attempts are not hashed and not written: only the real failures are in the audit log.
    expect(failuresSoFar()).toBe(20);
    expect((await home(cookie)).status).toBe(200);
  });

  it("ignores X-Forwarded-For unless a proxy is configured, so a flood cannot pick fresh addresses", async () => {
    const spoofed = await fetch(`${server.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ username: "admin", password: DEMO_PASSWORD, redirectTo: "/" }),
      headers: { "x-forwarded-for": "203.0.113.77" },
      redirect: "manual",
    });
    expect(spoofed.status).toBe(429);
  });
});
