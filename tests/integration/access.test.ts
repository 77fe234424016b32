import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiToken, ROOT, runCli, signIn, startServer, tempDir, type RunningServer } from "../helpers/server";

let server: RunningServer;
let dbFile: string;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

// The shipped standards library is published on the first start; these are its files.
const shipped = (id: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets", `${id}.json`), "utf8"));
const designBase = shipped("150000/village");
const guangxiBase = shipped("450000/village");
const hohhotChild = (params: object = { collectiveIncomeMin: 12 }) => ({
  id: "150100/village",
  extends: "150000/village",
  title: "呼和浩特市嘎查村评定标准",
  params,
});

function api(pathname: string, user: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (user) headers.set("authorization", `Bearer ${tokens[user]}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(server.url + pathname, { ...init, headers });
}

beforeAll(async () => {
  dbFile = path.join(tempDir(), "access.db");
  server = await startServer(dbFile);
  for (const user of ["admin", "hohhot-admin", "guangxi-admin", "reviewer", "branch"])
    tokens[user] = apiToken(dbFile, user);

  // Submissions written straight into the same SQLite file.
  const sqlite = new Database(dbFile);
  const branchId = (name: string) =>
    (sqlite.prepare("SELECT id FROM branches WHERE name = ?").get(name) as { id: number }).id;
  const insertSubmission = sqlite.prepare(
    "INSERT INTO submissions (branch_id, region_code, domain, year, ruleset_id, status) SELECT id, region_code, 'village', 2025, @ruleset, 'submitted' FROM branches WHERE id = @branch RETURNING id",
  );
  ids.hongqi = (
    insertSubmission.get({ branch: branchId("新城区红旗村党支部"), ruleset: "150000/village" }) as { id: number }
  ).id;
  ids.xinsheng = (
    insertSubmission.get({ branch: branchId("新城区新胜村党支部"), ruleset: "150000/village" }) as { id: number }
  ).id;
  ids.nanning = (
    insertSubmission.get({ branch: branchId("南宁市红旗村党支部"), ruleset: "450000/village" }) as { id: number }
  ).id;
  // Demo submissions that were filled and scored (they have revisions and evaluations).
  const storedIn = (regionCode: string) =>
    (
      sqlite
        .prepare(
          `SELECT s.id FROM submissions s JOIN branches b ON b.id = s.branch_id
           WHERE b.region_code = ? AND EXISTS (SELECT 1 FROM submission_revisions r WHERE r.submission_id = s.id) LIMIT 1`,
        )
        .get(regionCode) as { id: number }
    ).id;
  ids.xinchengStored = storedIn("150102");
  ids.baotouStored = storedIn("150200");
  sqlite.close();
});

afterAll(async () => {
  await server?.stop();
});

describe("region scoping on the API", () => {
  it("answers 401 without a token, or with a wrong one", async () => {
    expect((await api("/api/v1/rulesets", null)).status).toBe(401);
    const response = await fetch(server.url + "/api/v1/rulesets", {
      headers: { authorization: "Bearer bm_not-a-token" },
    });
    expect(response.status).toBe(401);
    expect((await response.json()).error).toMatch(/未登录|令牌/);
  });

  it("lets a 呼和浩特 admin save its own drafts but not 广西's or 内蒙古's", async () => {
    const own = await api("/api/v1/rulesets/150100/village", "hohhot-admin", {
      method: "PUT",
      body: JSON.stringify(hohhotChild()),
    });
    expect(own.status).toBe(200);

    for (const [target, body] of [
      ["450000/village", guangxiBase],
      ["150000/village", designBase],
    ]) {
      const response = await api(`/api/v1/rulesets/${target}`, "hohhot-admin", {
        method: "PUT",
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(403);
      expect((await response.json()).error).toContain("无权");
    }
  });

  it("stores nothing when a write is refused", async () => {
    const sqlite = new Database(dbFile, { readonly: true });
    const drafts = sqlite.prepare("SELECT ruleset_id FROM ruleset_revisions WHERE status = 'draft'").all();
    sqlite.close();
    expect(drafts).toEqual([{ ruleset_id: "150100/village" }]);
  });

  it("hides 广西's drafts from a 呼和浩特 admin but shows them to 广西's admin", async () => {
    const put = await api("/api/v1/rulesets/450000/village", "guangxi-admin", {
      method: "PUT",
      body: JSON.stringify(guangxiBase),
    });
    expect(put.status).toBe(200);
    expect((await api("/api/v1/rulesets/450000/village?draft=1", "hohhot-admin")).status).toBe(403);
    expect((await api("/api/v1/rulesets/450000/village?draft=1", "guangxi-admin")).status).toBe(200);
  });

  it("keeps published rule sets readable by every admin and reviewer, for comparison", async () => {
    for (const user of ["hohhot-admin", "reviewer"]) {
      const response = await api("/api/v1/rulesets/450000/village", user);
      expect(response.status).toBe(200);
      expect((await response.json()).revision).toBe(1);
    }
    const list = (await (await api("/api/v1/rulesets", "hohhot-admin")).json()) as {
      rulesets: { id: string; hasDraft: boolean }[];
    };
    expect(list.rulesets).toHaveLength(15);
    expect(list.rulesets.map((r) => r.id)).toEqual(
      expect.arrayContaining(["150000/village", "150100/village", "450000/village", "510100/village"]),
    );
    expect(list.rulesets.find((r) => r.id === "450000/village")!.hasDraft).toBe(false);
    expect(list.rulesets.find((r) => r.id === "150100/village")!.hasDraft).toBe(true);
  });

  it("lets the province admin change its descendants' rule sets", async () => {
    const response = await api("/api/v1/rulesets/150100/village", "admin", {
      method: "PUT",
      body: JSON.stringify(hohhotChild({ collectiveIncomeMin: 15 })),
    });
    expect(response.status).toBe(200);
  });

  it("refuses a draft that breaks a parent's bound or lock, or fails lint, with the errors, and saves nothing", async () => {
    const count = () => {
      const sqlite = new Database(dbFile, { readonly: true });
      const n = (sqlite.prepare("SELECT count(*) AS n FROM ruleset_revisions").get() as { n: number }).n;
      sqlite.close();
      return n;
    };
    const before = count();
    const bound = await api("/api/v1/rulesets/150100/village", "hohhot-admin", {
      method: "PUT",
      body: JSON.stringify(hohhotChild({ collectiveIncomeMin: 2, excellentRatioMin: 0.5 })),
    });
    expect(bound.status).toBe(422);
    const body = (await bound.json()) as {
      error: string;
      errors: { path: string; message: string; parent?: string; forbiddenBy?: string }[];
    };
    expect(body.error).toContain("草稿未保存");
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: "$.params.collectiveIncomeMin",
        parent: "150000/village",
        forbiddenBy: "collectiveIncomeMin.bounds.min = 5",
      }),
      expect.objectContaining({
        path: "$.params.excellentRatioMin",
        parent: "150000/village",
        forbiddenBy: "excellentRatioMin.locked",
      }),
    ]);
    const typo = {
      ...hohhotChild(),
      rules: [
        {
          id: "x",
          conditions: { all: [{ fact: "form", path: "$.life.memberMeeting", operator: "greaterThan", value: 1 }] },
          event: { type: "score", params: { indicator: "life", points: 1 } },
        },
      ],
    };
    const lint = await api("/api/v1/rulesets/150100/village", "hohhot-admin", {
      method: "PUT",
      body: JSON.stringify(typo),
    });
    expect(lint.status).toBe(422);
    expect(((await lint.json()) as typeof body).errors).toEqual([
      { path: "$.rules[0].conditions.all[0].path", message: "表单 village 中没有字段 $.life.memberMeeting" },
    ]);
    expect(count()).toBe(before);
  });

  it("scopes submissions: region for admins and reviewers, the own branch for branch users", async () => {
    expect((await api(`/api/v1/submissions/${ids.nanning}`, "hohhot-admin")).status).toBe(403);
    expect((await api(`/api/v1/submissions/${ids.hongqi}`, "hohhot-admin")).status).toBe(200);
    expect((await api(`/api/v1/submissions/${ids.nanning}`, "reviewer")).status).toBe(403);
    expect((await api(`/api/v1/submissions/${ids.xinsheng}`, "reviewer")).status).toBe(200);
    expect((await api(`/api/v1/submissions/${ids.xinsheng}`, "branch")).status).toBe(403);
    const own = await api(`/api/v1/submissions/${ids.hongqi}`, "branch");
    expect(own.status).toBe(200);
    expect((await own.json()).branchName).toBe("新城区红旗村党支部");
  });

  it("applies the same scoping to the session cookie as to tokens", async () => {
    const cookie = await signIn(server.url, "hohhot-admin");
    const other = await fetch(`${server.url}/api/v1/submissions/${ids.nanning}`, { headers: { cookie } });
    expect(other.status).toBe(403);
    const own = await fetch(`${server.url}/api/v1/submissions/${ids.hongqi}`, { headers: { cookie } });
    expect(own.status).toBe(200);
  });

  it("keeps branch users out of the admin pages", async () => {
    const cookie = await signIn(server.url, "branch");
    const response = await fetch(`${server.url}/admin`, { headers: { cookie } });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("无权访问");
  });

  it("gives the form page's standard to the branch that fills it only, at the address of its current content", async () => {
    const year = new Date().getFullYear() - 1;
    const content = (cookie: string, version: string) =>
      fetch(`${server.url}/fill/${year}/content?v=${version}`, { headers: { cookie }, redirect: "manual" });
    const branch = await signIn(server.url, "branch");
    const page = await (await fetch(`${server.url}/fill/${year}`, { headers: { cookie: branch } })).text();
    const version = /content\?v=(fill-content-[0-9a-f]{16})/.exec(page)![1];
    const own = await content(branch, version);
    expect(own.status).toBe(200);
    expect((await own.json()).ruleset.id).toBe("150100/village");

    const signedOut = await fetch(`${server.url}/fill/${year}/content?v=${version}`, { redirect: "manual" });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/login/);
    for (const user of ["reviewer", "hohhot-admin"]) {
      const refused = await content(await signIn(server.url, user), version);
      expect(refused.status, user).toBe(403);
      expect(await refused.text(), user).not.toContain("ruleset");
    }
    // A branch under another standard (广西's) is never given this one's content.
    const sqlite = new Database(dbFile, { readonly: true });
    const nanningBranch = sqlite
      .prepare("SELECT id, region_code AS region FROM branches WHERE name = '南宁市红旗村党支部'")
      .get() as { id: number; region: string };
    sqlite.close();
    const added = runCli(
      ["user", "add", "--name", "nanning-branch", "--password", "Nanning-Pass-26", "--role", "branch"].concat([
        "--region",
        nanningBranch.region,
        "--branch",
        String(nanningBranch.id),
      ]),
      { BRANCHMARK_DB: dbFile },
    );
    expect(added.code, added.stderr).toBe(0);
    const nanning = await signIn(server.url, "nanning-branch", "Nanning-Pass-26");
    expect((await content(nanning, version)).status).toBe(404);
    const stale = await content(branch, "fill-content-0000000000000000");
    expect(stale.status).toBe(404);
    expect(stale.headers.get("cache-control")).toBe("no-store");
    expect(await stale.text()).toBe("评价标准已更新，请刷新页面。");
    expect((await fetch(`${server.url}/fill/20x5/content?v=${version}`, { headers: { cookie: branch } })).status).toBe(
      404,
    );
  });

  it("answers a malformed JSON body with 400 and a Chinese message", async () => {
    const response = await api("/api/v1/rulesets/150100/village", "hohhot-admin", {
      method: "PUT",
      body: "{ not json",
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("不是合法的 JSON");
  });

  it("makes a case from a stored submission only for an admin who may edit the standard and read the submission", async () => {
    const content = shipped("150100/village");
    const makeCase = (user: string, ruleset: string, submissionId: number) =>
      api(`/api/v1/rulesets/${ruleset}/cases`, user, {
        method: "POST",
        body: JSON.stringify({ content: ruleset === "150100/village" ? content : guangxiBase, submissionId }),
      });
    const own = await makeCase("hohhot-admin", "150100/village", ids.xinchengStored);
    expect(own.status).toBe(200);
    const made = await own.json();
    expect(made.case.name).toMatch(/年度申报（第 \d+ 版）$/);
    expect(made.case.expect.grade).toBe(made.grade.id);
    expect(made.case.expect.score).toBe(made.score);

    expect((await makeCase("hohhot-admin", "150100/village", ids.baotouStored)).status).toBe(403);
    expect((await makeCase("hohhot-admin", "450000/village", ids.xinchengStored)).status).toBe(403);
    expect((await makeCase("guangxi-admin", "150100/village", ids.xinchengStored)).status).toBe(403);
    expect((await makeCase("reviewer", "150100/village", ids.xinchengStored)).status).toBe(403);
    expect((await makeCase("branch", "150100/village", ids.xinchengStored)).status).toBe(403);
    expect((await makeCase("hohhot-admin", "150100/village", ids.hongqi)).status).toBe(409);
    expect((await api("/api/v1/rulesets/150100/village/cases", null, { method: "POST", body: "{}" })).status).toBe(401);
    const bad = await api("/api/v1/rulesets/150100/village/cases", "hohhot-admin", {
      method: "POST",
      body: JSON.stringify({ content, submissionId: "1" }),
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors).toEqual([{ path: "$.submissionId", message: "应为已存申报的编号" }]);
  });

  it("lets the account routes act on the caller's own account only", async () => {
    const sqlite = new Database(dbFile, { readonly: true });
    const adminToken = (
      sqlite
        .prepare("SELECT t.id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = 'admin'")
        .get() as { id: number }
    ).id;
    sqlite.close();
    for (const user of ["branch", "reviewer", "hohhot-admin"]) {
      const response = await api(`/api/v1/account/tokens/${adminToken}/revoke`, user, { method: "POST", body: "{}" });
      expect(response.status, user).toBe(404);
    }
    expect((await api("/api/v1/rulesets", "admin")).status).toBe(200);
    expect(
      (await api(`/api/v1/account/tokens/${adminToken}/revoke`, null, { method: "POST", body: "{}" })).status,
    ).toBe(401);
    expect(
      (await api("/api/v1/account/password", null, { method: "POST", body: '{"current":"a","next":"b"}' })).status,
    ).toBe(401);
  });

  it("keeps a 新城区 admin to 新城区's accounts and branches: nothing of 包头 or of the city above", async () => {
    runCli(
      [
        "user",
        "add",
        "--name",
        "xincheng-admin",
        "--password",
        "Xincheng-Pass-26",
        "--role",
        "admin",
        "--region",
        "150102",
      ],
      { BRANCHMARK_DB: dbFile },
    );
    tokens["xincheng-admin"] = apiToken(dbFile, "xincheng-admin");
    const sqlite = new Database(dbFile, { readonly: true });
    const id = (name: string) =>
      (sqlite.prepare("SELECT id FROM users WHERE username = ?").get(name) as { id: number }).id;
    const [hohhotAdmin, reviewer] = [id("hohhot-admin"), id("reviewer")];
    sqlite.close();
    const listed = await (await api("/api/v1/users", "xincheng-admin")).json();
    expect(listed.users.every((u: { regionCode: string }) => u.regionCode === "150102")).toBe(true);
    for (const region of ["150200", "150100"])
      expect((await api(`/api/v1/users?region=${region}`, "xincheng-admin")).status, region).toBe(403);
    const create = await api("/api/v1/users", "xincheng-admin", {
      method: "POST",
      body: JSON.stringify({ username: "baotou-x", role: "reviewer", region: "150200" }),
    });
    expect(create.status).toBe(403);
    for (const path of [`/api/v1/users/${hohhotAdmin}`, `/api/v1/users/${hohhotAdmin}/password-reset`])
      expect((await api(path, "xincheng-admin", { method: "POST", body: "{}" })).status, path).toBe(404);
    expect((await api(`/api/v1/users/${reviewer}`, "xincheng-admin", { method: "POST", body: "{}" })).status).toBe(200);
    expect((await api("/api/v1/branches?region=150200", "xincheng-admin")).status).toBe(403);
    expect((await api("/api/v1/users", "branch")).status).toBe(403);
    expect((await api("/api/v1/branches", "branch")).status).toBe(403);
    expect((await api("/api/v1/users", null)).status).toBe(401);
  });

  it("lets only a reviewer in scope send a submission back (退回修改)", async () => {
    const giveBack = (user: string | null, id: number) =>
      api(`/api/v1/submissions/${id}/returns`, user, { method: "POST", body: JSON.stringify({ reason: "请补充" }) });
    for (const user of ["branch", "hohhot-admin", "guangxi-admin"])
      expect((await giveBack(user, ids.hongqi)).status, user).toBe(403);
    expect((await giveBack("reviewer", ids.nanning)).status).toBe(403);
    expect((await giveBack(null, ids.hongqi)).status).toBe(401);
  });

  it("keeps every organisation route to the caller's subtree: a 新城区 admin touches nothing of 包头 or above", async () => {
    const sqlite = new Database(dbFile, { readonly: true });
    const baotou = (
      sqlite.prepare("SELECT id FROM branches WHERE region_code = '150200' LIMIT 1").get() as { id: number }
    ).id;
    const xincheng = (
      sqlite.prepare("SELECT id FROM branches WHERE region_code = '150102' LIMIT 1").get() as { id: number }
    ).id;
    sqlite.close();
    const as = (user: string | null, path: string, json?: unknown) =>
      api(path, user, json === undefined ? {} : { method: "POST", body: JSON.stringify(json) });
    const denied: [string, unknown?][] = [
      ["/api/v1/regions?parent=150200"],
      ["/api/v1/regions?parent=150100"],
      ["/api/v1/regions", { parent: "150200", name: "x", kind: "committee" }],
      ["/api/v1/regions/150200"],
      ["/api/v1/regions/150200", { name: "x" }],
      ["/api/v1/regions/150200/retire", { reason: "x" }],
      [
        "/api/v1/branches",
        { name: "x党支部", region: "150200", domain: "village", establishedOn: "2015-01-01", memberCount: 5 },
      ],
      [`/api/v1/branches/${baotou}`],
      [`/api/v1/branches/${baotou}`, { memberCount: 9 }],
      [`/api/v1/branches/${baotou}/dissolve`, { reason: "x" }],
      [`/api/v1/branches/${baotou}/merge`, { into: xincheng }],
      [`/api/v1/branches/${xincheng}/merge`, { into: baotou }],
      [`/api/v1/branches/${xincheng}`, { region: "150200" }],
      ["/api/v1/branches?region=150200&page=1"],
      ["/api/v1/organisation/export?region=150100"],
    ];
    for (const [path, json] of denied) expect((await as("xincheng-admin", path, json)).status, path).toBe(403);
    for (const user of ["reviewer", "branch"]) {
      expect((await as(user, "/api/v1/regions", { parent: "150102", name: "x", kind: "committee" })).status).toBe(403);
      expect((await as(user, `/api/v1/branches/${xincheng}/dissolve`, { reason: "x" })).status).toBe(403);
      expect((await as(user, "/api/v1/organisation/template")).status).toBe(403);
      expect((await as(user, "/api/v1/organisation/export")).status).toBe(403);
      const upload = await api("/api/v1/organisation/imports?name=a.xlsx", user, { method: "POST", body: "PK" });
      expect(upload.status, user).toBe(403);
    }
    for (const path of ["/api/v1/regions", `/api/v1/branches/${xincheng}`, "/api/v1/organisation/template"])
      expect((await as(null, path)).status, path).toBe(401);
    expect((await as("xincheng-admin", "/api/v1/regions?parent=150102")).status).toBe(200);
    expect((await as("xincheng-admin", `/api/v1/branches/${xincheng}`)).status).toBe(200);
    expect((await as("xincheng-admin", "/api/v1/organisation/export")).status).toBe(200);
  });

  it("keeps evidence to the branch that uploads it and the reviewers and admins above it", async () => {
    const sqlite = new Database(dbFile, { readonly: true });
    const demo = sqlite
      .prepare(
        `SELECT f.id, f.sha256 FROM evidence_files f JOIN branches b ON b.id = f.branch_id
         WHERE b.region_code = '150102' LIMIT 1`,
      )
      .get() as { id: number; sha256: string };
    sqlite.close();
    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
    const send = (user: string, url: string) =>
      fetch(server.url + url, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens[user]}`, "x-file-name": "a.pdf" },
        body: pdf,
      });
    // Uploads: the branch to its own year only; nobody else at all.
    expect((await send("branch", `/api/v1/submissions/${ids.xinsheng}/materials/member-meeting-minutes`)).status).toBe(
      403,
    );
    expect((await send("reviewer", `/api/v1/submissions/${ids.hongqi}/materials/member-meeting-minutes`)).status).toBe(
      403,
    );
    expect((await send("admin", "/api/v1/drafts/2026/materials/member-meeting-minutes")).status).toBe(403);
    expect((await send("branch", "/api/v1/drafts/2026/materials/member-meeting-minutes")).status).toBe(201);
    // Downloads: in scope, or the same 404 as a file that does not exist.
    expect((await api(`/api/v1/files/${demo.sha256}`, "reviewer")).status).toBe(200);
    expect((await api(`/api/v1/files/${demo.sha256}`, "guangxi-admin")).status).toBe(404);
    expect((await api(`/api/v1/files/${demo.sha256}`, null)).status).toBe(401);
    // Its thumbnail: the same readers (a PDF has none, so even they get a 404; the others never learn more).
    expect((await api(`/api/v1/files/${demo.sha256}/thumbnail`, "guangxi-admin")).status).toBe(404);
    expect((await api(`/api/v1/files/${demo.sha256}/thumbnail`, null)).status).toBe(401);
    // Withdrawing is the branch's; marking 合格 / 不合格 a reviewer's in scope.
    const post = (user: string, url: string, body: object) =>
      api(url, user, { method: "POST", body: JSON.stringify(body) });
    expect((await post("reviewer", `/api/v1/evidence/${demo.id}/withdraw`, {})).status).toBe(403);
    expect((await post("guangxi-admin", `/api/v1/evidence/${demo.id}/reviews`, { decision: "accepted" })).status).toBe(
      403,
    );
    expect((await post("branch", `/api/v1/evidence/${demo.id}/reviews`, { decision: "accepted" })).status).toBe(403);
    // The 评定 package: whoever may read the submission.
    expect((await api(`/api/v1/submissions/${ids.xinchengStored}/package`, "reviewer")).status).toBe(200);
    expect((await api(`/api/v1/submissions/${ids.xinchengStored}/package`, "guangxi-admin")).status).toBe(403);
    expect((await api(`/api/v1/submissions/${ids.xinsheng}/package`, "branch")).status).toBe(403);
  });

  it("keeps spot checks to the admins who draw them and the reviewers who check them, in scope", async () => {
    const post = (user: string, url: string, body: object) =>
      api(url, user, { method: "POST", body: JSON.stringify(body) });
    expect((await post("hohhot-admin", "/api/v1/spot-checks", { region: "450000", year: 2025, size: 2 })).status).toBe(
      403,
    );
    expect((await post("reviewer", "/api/v1/spot-checks", { region: "150102", year: 2025, size: 2 })).status).toBe(403);
    const drawn = await post("hohhot-admin", "/api/v1/spot-checks", {
      region: "150100",
      year: 2025,
      size: 2,
      seed: "x",
    });
    expect(drawn.status).toBe(201);
    const check = await drawn.json();
    expect((await api(`/api/v1/spot-checks/${check.id}`, "reviewer")).status).toBe(200);
    expect((await api(`/api/v1/spot-checks/${check.id}`, "guangxi-admin")).status).toBe(404);
    expect((await api(`/api/v1/spot-checks/${check.id}`, "branch")).status).toBe(404);
    expect((await api("/api/v1/spot-checks?region=150000&year=2025", "hohhot-admin")).status).toBe(403);
    const result = `/api/v1/spot-checks/${check.id}/items/${check.items[0].id}/results`;
    expect((await post("guangxi-admin", result, { result: "passed", findings: "好" })).status).toBe(403);
    expect((await post("branch", result, { result: "passed", findings: "好" })).status).toBe(403);
    // Files of a check record: whoever may record its result.
    const upload = (user: string | null) =>
      fetch(`${server.url}/api/v1/spot-checks/${check.id}/items/${check.items[0].id}/files`, {
        method: "POST",
        headers: { ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}), "x-file-name": "a.pdf" },
        body: new TextEncoder().encode("%PDF-1.4\n%%EOF\n"),
      });
    expect((await upload("guangxi-admin")).status).toBe(403);
    expect((await upload("branch")).status).toBe(403);
    expect((await upload(null)).status).toBe(401);
    expect((await upload("hohhot-admin")).status).toBe(201);
  });

  it("keeps the year around the rating in scope: calendars, settings, 软弱涣散, 公示, to-do and 催报", async () => {
    const send = (user: string | null, url: string, body: object, method = "POST") =>
      api(url, user, { method, body: JSON.stringify(body) });
    const year = new Date().getFullYear();
    const windows = {
      selfFrom: `${year}-01-01`,
      selfTo: `${year}-06-30`,
      submitDeadline: `${year}-12-31`,
      reviewDeadline: `${year}-12-31`,
    };
    // Writes an admin makes for a region: never a reviewer, a branch, an admin elsewhere, or nobody.
    for (const [url, body, method] of [
      [`/api/v1/calendars/150100/${year}`, windows, "PUT"],
      ["/api/v1/regions/150100/settings", { publicityDays: 7 }, "PUT"],
      ["/api/v1/publicities", { region: "150100", year }, "POST"],
    ] as const) {
      for (const user of ["reviewer", "branch", "guangxi-admin"])
        expect((await send(user, url, body, method)).status, `${user} ${url}`).toBe(403);
      expect((await send(null, url, body, method)).status, url).toBe(401);
    }
    const sqlite = new Database(dbFile, { readonly: true });
    const branch = sqlite.prepare("SELECT branch_id AS id FROM users WHERE username = 'branch'").get() as {
      id: number;
    };
    sqlite.close();
    for (const user of ["reviewer", "branch", "guangxi-admin"])
      expect(
        (
          await send(user, `/api/v1/branches/${branch.id}/reopenings`, {
            year,
            until: `${year + 1}-01-01`,
            reason: "x",
          })
        ).status,
      ).toBe(403);
    // 软弱涣散: reviewers and admins in scope confirm; a branch or another province does not.
    const confirm = { branchId: branch.id, year: year - 1, reasons: ["班子不健全"] };
    for (const user of ["branch", "guangxi-admin"])
      expect((await send(user, "/api/v1/weak-cases", confirm)).status, user).toBe(403);
    expect((await api(`/api/v1/weak-cases/candidates?region=150102&year=${year - 1}`, "branch")).status).toBe(403);
    const confirmed = await send("hohhot-admin", "/api/v1/weak-cases", confirm);
    expect(confirmed.status).toBe(201);
    const { id } = await confirmed.json();
    expect((await api(`/api/v1/weak-cases/${id}`, "guangxi-admin")).status).toBe(404);
    expect((await api(`/api/v1/weak-cases/${id}`, "branch")).status).toBe(200);
    const plan = { problems: "x", measures: "x", responsible: "x", deadline: `${year + 1}-06-30` };
    expect((await send("guangxi-admin", `/api/v1/weak-cases/${id}/plans`, plan)).status).toBe(404);
    expect((await send("branch", `/api/v1/weak-cases/${id}/plans`, plan)).status).toBe(201);
    expect(
      (await send("reviewer", `/api/v1/weak-cases/${id}/reports`, { month: `${year}-01`, progress: "x" })).status,
    ).toBe(403);
    for (const [path, body] of [
      ["acceptances", { result: "passed", findings: "x" }],
      ["closures", { closedOn: `${year}-01-01` }],
    ] as const)
      expect((await send("branch", `/api/v1/weak-cases/${id}/${path}`, body)).status, path).toBe(403);
    // A month's report takes files from its branch only.
    const reported = await send("branch", `/api/v1/weak-cases/${id}/reports`, { month: `${year}-01`, progress: "x" });
    expect(reported.status).toBe(201);
    const reportId = (await reported.json()).events.find((e: { kind: string }) => e.kind === "report").id;
    const upload = (user: string | null) =>
      fetch(`${server.url}/api/v1/weak-cases/${id}/reports/${reportId}/files`, {
        method: "POST",
        headers: {
          ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}),
          "x-file-name": encodeURIComponent("整顿会议记录.pdf"),
        },
        body: Buffer.from("%PDF-1.4\n%%EOF\n", "latin1"),
      });
    for (const [user, status] of [
      ["reviewer", 403],
      ["hohhot-admin", 403],
      ["guangxi-admin", 404],
      [null, 401],
    ] as const)
      expect((await upload(user)).status, String(user)).toBe(status);
    expect((await upload("branch")).status).toBe(201);
    // The pages: 年度安排 an admin's, 公示 not a branch's, a case its branch's and its managers' only.
    const page = async (user: string | null, url: string) =>
      (
        await fetch(server.url + url, {
          headers: user ? { cookie: await signIn(server.url, user) } : {},
          redirect: "manual",
        })
      ).status;
    for (const [user, url, status] of [
      ["branch", "/calendar", 403],
      ["reviewer", "/calendar", 403],
      ["hohhot-admin", "/calendar", 200],
      ["branch", "/publicity", 403],
      ["reviewer", "/publicity", 200],
      ["branch", `/weak/${id}`, 200],
      ["reviewer", `/weak/${id}`, 200],
      ["guangxi-admin", `/weak/${id}`, 404],
      [null, "/weak", 302],
      [null, "/publicity", 302],
    ] as const)
      expect(await page(user, url), `${user} ${url}`).toBe(status);
    // 公示: the public page needs no sign-in; everything else does; objections are for reviewers and admins in scope.
    expect((await api("/api/v1/publicities?region=150100&year=2025", "branch")).status).toBe(403);
    expect((await api("/api/v1/publicities/1", "guangxi-admin")).status).toBe(404);
    expect((await send("branch", "/api/v1/publicities/1/items/1/objections", { content: "x" })).status).toBe(403);
    expect((await send("branch", "/api/v1/publicities/1/close", {})).status).toBe(404);
    expect((await send(null, "/api/v1/objections/1/resolution", { outcome: "dismissed", handling: "x" })).status).toBe(
      401,
    );
    // The to-do list and the 催报 list.
    expect((await api("/api/v1/todo", null)).status).toBe(401);
    expect((await api("/api/v1/todo", "branch")).status).toBe(200);
    expect((await api(`/api/v1/exports/reminders?region=150100&year=${year}`, "branch")).status).toBe(403);
    expect((await api(`/api/v1/exports/reminders?region=150000&year=${year}`, "hohhot-admin")).status).toBe(403);
    expect((await api(`/api/v1/exports/reminders?region=150100&year=${year}`, "hohhot-admin")).status).toBe(200);
  });
});
