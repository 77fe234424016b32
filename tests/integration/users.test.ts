import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, queryFile } from "../helpers/api";
import { apiToken, startServer, tempDir, type RunningServer } from "../helpers/server";

// Accounts as an administrator manages them (issue "Onboarding", Accounts), over the API the /admin/users page uses.
let server: RunningServer;
let dbFile: string;
const tokens: Record<string, string> = {};
const api = apiAs(() => server.url, tokens);
const query = queryFile(() => dbFile);
const branchOf = (name: string) => query<{ id: number }>("SELECT id FROM branches WHERE name = ?", name)[0].id;
const userId = (name: string) => query<{ id: number }>("SELECT id FROM users WHERE username = ?", name)[0].id;

beforeAll(async () => {
  dbFile = path.join(tempDir(), "users.db");
  server = await startServer(dbFile);
  for (const user of ["admin", "hohhot-admin", "guangxi-admin", "reviewer"]) tokens[user] = apiToken(dbFile, user);
});

afterAll(async () => {
  await server?.stop();
});

describe("the accounts of an admin's subtree", () => {
  it("lists, searches and filters only the accounts in scope, a page at a time", async () => {
    const all = await (await api("/api/v1/users", "hohhot-admin")).json();
    expect(all.users.map((u: { username: string }) => u.username).sort()).toEqual(
      ["branch", "hohhot-admin", "hohhot-reviewer", "reviewer"].sort(),
    );
    const reviewers = await (await api("/api/v1/users?role=reviewer&region=150102", "hohhot-admin")).json();
    expect(reviewers).toMatchObject({ total: 1, users: [{ username: "reviewer", regionName: "新城区" }] });
    expect((await (await api("/api/v1/users?q=hohhot", "hohhot-admin")).json()).total).toBe(2);
    expect((await api("/api/v1/users?region=450000", "hohhot-admin")).status).toBe(403);
    expect((await api("/api/v1/users", "reviewer")).status).toBe(403);
  });

  it("creates a branch account with a password shown once that must be changed, and audits it", async () => {
    const branchId = branchOf("新城区红旗村党支部");
    const created = await api("/api/v1/users", "hohhot-admin", {
      method: "POST",
      json: { username: "hongqi-secretary", displayName: "红旗村书记", role: "branch", region: "150102", branchId },
    });
    expect(created.status).toBe(201);
    const { password } = await created.json();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(
      query("SELECT role, region_code, branch_id, must_change_password FROM users WHERE username = 'hongqi-secretary'"),
    ).toEqual([{ role: "branch", region_code: "150102", branch_id: branchId, must_change_password: 1 }]);
    expect(JSON.stringify(query("SELECT * FROM audit_log WHERE action = 'user.create'"))).not.toContain(password);
  });

  it("refuses a taken name, a bad name, a branch outside the region, and a region outside the scope, in Chinese", async () => {
    const create = (json: unknown) => api("/api/v1/users", "hohhot-admin", { method: "POST", json });
    const taken = await create({ username: "branch", role: "reviewer", region: "150102" });
    expect(taken.status).toBe(409);
    expect((await taken.json()).errors).toEqual([{ path: "$.username", message: "该用户名已被使用" }]);
    expect(
      (await (await create({ username: "有 空格", role: "reviewer", region: "150102" })).json()).errors[0],
    ).toEqual(expect.objectContaining({ path: "$.username" }));
    const nanning = branchOf("南宁市红旗村党支部");
    const foreignBranch = await create({ username: "x-branch", role: "branch", region: "150102", branchId: nanning });
    expect((await foreignBranch.json()).errors).toEqual([
      { path: "$.branchId", message: "支部不存在或不在您的管理范围内" },
    ]);
    expect((await create({ username: "x-admin", role: "admin", region: "450000" })).status).toBe(403);
    expect((await create({ username: "x-none", role: "branch", region: "150102" })).status).toBe(422);
  });

  it("changes a role and region within scope, never its own account or one outside", async () => {
    const id = userId("hohhot-reviewer");
    const moved = await api(`/api/v1/users/${id}`, "hohhot-admin", {
      method: "POST",
      json: { region: "150102", displayName: "新城区评定人二" },
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ regionCode: "150102", displayName: "新城区评定人二" });
    const own = await api(`/api/v1/users/${userId("hohhot-admin")}`, "hohhot-admin", {
      method: "POST",
      json: { role: "reviewer" },
    });
    expect(own.status).toBe(403);
    const foreign = await api(`/api/v1/users/${userId("guangxi-admin")}`, "hohhot-admin", {
      method: "POST",
      json: { disabled: true },
    });
    expect(foreign.status).toBe(404);
    expect(query("SELECT disabled_at FROM users WHERE username = 'guangxi-admin'")).toEqual([{ disabled_at: null }]);
  });

  it("disables an account so its token stops at once, enables it, and resets its password", async () => {
    const id = userId("reviewer");
    const disable = (disabled: boolean) =>
      api(`/api/v1/users/${id}`, "hohhot-admin", { method: "POST", json: { disabled } });
    expect((await (await disable(true)).json()).disabled).toBe(true);
    expect((await api("/api/v1/rulesets", "reviewer")).status).toBe(401);
    await disable(false);
    expect((await api("/api/v1/rulesets", "reviewer")).status).toBe(200);
    const reset = await api(`/api/v1/users/${id}/password-reset`, "hohhot-admin", { method: "POST", json: {} });
    expect((await reset.json()).password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(query("SELECT must_change_password AS m FROM users WHERE id = ?", id)).toEqual([{ m: 1 }]);
  });

  it("finds branches of a region in scope by name for the picker, never another region's", async () => {
    const found = await (await api("/api/v1/branches?region=150102&q=红旗", "hohhot-admin")).json();
    expect(found.branches.map((b: { name: string }) => b.name)).toEqual(["新城区红旗村党支部"]);
    expect((await api("/api/v1/branches?region=450000", "hohhot-admin")).status).toBe(403);
  });
});
