import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryFile } from "../helpers/api";
import { apiToken, DEMO_PASSWORD, runCli, signIn, startServer, tempDir, type RunningServer } from "../helpers/server";

// A user's own account (issue "Onboarding", Accounts): the password rules, the change forced after a reset, and
// the user's own tokens.
let server: RunningServer;
let dbFile: string;
const query = queryFile(() => dbFile);
const cli = (...args: string[]) => runCli(args, { BRANCHMARK_DB: dbFile });
const page = (cookie: string, pathname: string) =>
  fetch(server.url + pathname, { headers: { cookie }, redirect: "manual" });
const changePassword = (cookie: string, current: string, next: string) =>
  fetch(`${server.url}/api/v1/account/password`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ current, next }),
  });

beforeAll(async () => {
  dbFile = path.join(tempDir(), "account.db");
  server = await startServer(dbFile);
});

afterAll(async () => {
  await server?.stop();
});

describe("the password rules", () => {
  it("refuse a short, a common and a user-named password in Chinese, on the CLI too", async () => {
    const cookie = await signIn(server.url, "hohhot-reviewer");
    for (const [next, message] of [
      ["short", "密码至少 8 个字符。"],
      ["12345678", "这是很常见的密码，容易被猜到：请换一个。"],
      ["Woaini1314", "这是很常见的密码，容易被猜到：请换一个。"],
      ["my-hohhot-reviewer-2026", "密码不能包含用户名。"],
      ["aaaabbbb", "密码的字符种类太少（如 aaaaaaaa）：请换一个。"],
      [DEMO_PASSWORD, "新密码不能与当前密码相同。"],
    ]) {
      const response = await changePassword(cookie, DEMO_PASSWORD, next);
      expect(response.status, next).toBe(422);
      expect(await response.json()).toMatchObject({ error: message, errors: [{ path: "$.next", message }] });
    }
    const wrong = await changePassword(cookie, "not-my-password", "Grassland-Wind-88");
    expect(await wrong.json()).toMatchObject({ error: "当前密码不正确。", errors: [{ path: "$.current" }] });
    expect(
      cli("user", "add", "--name", "x1", "--password", "password1", "--role", "admin", "--region", "150200").stderr,
    ).toBe("错误：--password：这是很常见的密码，容易被猜到：请换一个。\n");
  });
});

describe("a password someone else set", () => {
  it("sends the user to /account until they choose their own, then lets them in and ends their other sessions", async () => {
    const reset = cli("user", "password", "--name", "branch");
    const given = /新密码（只显示这一次；下次登录时须改为自己的密码）：(\S+)/.exec(reset.stdout)![1];
    const first = await signIn(server.url, "branch", given);
    const second = await signIn(server.url, "branch", given);
    const home = await page(first, "/");
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe("/account?required=1");
    expect((await page(first, "/fill")).headers.get("location")).toBe("/account?required=1");
    const account = await page(first, "/account?required=1");
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("请先设置您自己的密码");

    const changed = await changePassword(first, given, "Grassland-Wind-88");
    expect(changed.status).toBe(200);
    expect((await page(first, "/")).status).toBe(200);
    expect((await page(second, "/")).headers.get("location")).toMatch(/^\/login/);
    expect(query<{ must: number }>("SELECT must_change_password AS must FROM users WHERE username = 'branch'")).toEqual(
      [{ must: 0 }],
    );
    const audit = query<{ after: string }>(
      "SELECT after FROM audit_log WHERE action = 'user.password' AND entity_id = 'branch' ORDER BY id",
    ).map((r) => JSON.parse(r.after));
    expect(audit).toEqual([{ sessionsEnded: true, mustChange: true }, { self: true }]);
  });
});

describe("the user's own tokens", () => {
  it("lists them and revokes one at once; another user's token is not found and keeps working", async () => {
    const mine = cli("token", "create", "--user", "hohhot-admin", "--label", "夜间同步脚本").stdout.trim();
    const theirs = apiToken(dbFile, "admin");
    const cookie = await signIn(server.url, "hohhot-admin");
    expect(await (await page(cookie, "/account")).text()).toContain("夜间同步脚本");
    const ids = (user: string) =>
      query<{ id: number }>(
        "SELECT t.id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = ? ORDER BY t.id DESC",
        user,
      ).map((r) => r.id);
    const revoke = (id: number) =>
      fetch(`${server.url}/api/v1/account/tokens/${id}/revoke`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: "{}",
      });
    const other = await revoke(ids("admin")[0]);
    expect(other.status).toBe(404);
    expect((await other.json()).error).toBe("未找到该令牌。");
    const rulesets = (token: string) =>
      fetch(`${server.url}/api/v1/rulesets`, { headers: { authorization: `Bearer ${token}` } });
    expect((await rulesets(theirs)).status).toBe(200);
    expect((await revoke(ids("hohhot-admin")[0])).status).toBe(200);
    expect((await rulesets(mine)).status).toBe(401);
    expect(await (await page(cookie, "/account")).text()).toContain("已吊销");
  });
});
