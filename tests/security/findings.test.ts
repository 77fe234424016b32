import fs from "node:fs";
import ExcelJS from "exceljs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, publishRuleset, queryFile, waitForJob } from "../helpers/api";
import { openDatabase } from "~/server/platform/db.server";
import { hohhot } from "../helpers/standards";
import { sharedStringsBomb } from "../helpers/xlsx-bombs";
import { apiToken, ROOT, runCli, signIn, startServer, tempDir, type RunningServer } from "../helpers/server";

// Findings of the attack on the platform (issue "Trust"), one describe each, named after the finding.
let server: RunningServer;
let dbFile: string;
const tokens: Record<string, string> = {};
const api = apiAs(() => server.url, tokens);
const query = queryFile(() => dbFile);
const province = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150000/village.json"), "utf8"));

beforeAll(async () => {
  dbFile = path.join(tempDir(), "security.db");
  server = await startServer(dbFile);
  for (const user of ["hohhot-admin", "branch", "reviewer"]) tokens[user] = apiToken(dbFile, user);
});

afterAll(async () => {
  await server?.stop();
});

describe("H1: a workbook that inflates to far more than it weighs is refused before it is read", () => {
  const upload = (bytes: Uint8Array) =>
    api("/api/v1/imports?year=2025&mode=draft&name=bomb.xlsx", "hohhot-admin", {
      method: "POST",
      body: bytes as BodyInit,
    });

  it("answers 413 in Chinese naming the shared-string limit, and the server keeps serving", async () => {
    const bomb = await sharedStringsBomb(2_000_000);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const response = await upload(bomb);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toContain("含有 2000000 个共享字符串（上限 300000 个）");
    expect((await api("/api/v1/rulesets", "hohhot-admin")).status).toBe(200);
  });

  it("checks the template's header before any data row: a foreign sheet of 19,000 rows is a 422 with no job", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("名单");
    for (let r = 1; r <= 19_000; r++) sheet.addRow([r, `第 ${r} 行`]);
    const response = await upload(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(response.status).toBe(422);
    expect((await response.json()).error).toBe("这不是平台导出的填报模板：第 2 行缺少字段路径。请重新下载模板。");
  });
});

describe("H3: a region's rule set cannot escape its parent's locks by dropping extends", () => {
  const copy = () => {
    const content = structuredClone(province);
    content.id = "150100/village";
    content.region = "150100";
    content.title = "呼和浩特市（整套复制，不继承）";
    content.params.excellentRatioMin = { ...content.params.excellentRatioMin, locked: false, default: 0.5 };
    content.rules = content.rules.filter((r: { required?: boolean }) => !r.required);
    return content;
  };

  it("refuses to save a full copy of the province's standard without extends, naming the ancestor, and stores nothing", async () => {
    const before = query<{ n: number }>("SELECT count(*) AS n FROM ruleset_revisions")[0].n;
    const response = await api("/api/v1/rulesets/150100/village", "hohhot-admin", { method: "PUT", json: copy() });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.errors).toEqual([
      expect.objectContaining({ path: "$.extends", parent: "150000/village", forbiddenBy: "extends" }),
    ]);
    expect(body.errors[0].message).toContain("必须继承它");
    expect(query<{ n: number }>("SELECT count(*) AS n FROM ruleset_revisions")[0].n).toBe(before);
  });

  it("refuses the same copy in the editor's check, so it can never reach publishing", async () => {
    const response = await api("/api/v1/rulesets/150100/village/check", "hohhot-admin", {
      method: "POST",
      json: copy(),
    });
    const body = await response.json();
    expect(body.ruleset).toBeNull();
    expect(body.errors[0]).toMatchObject({ path: "$.extends", parent: "150000/village" });
  });
});

describe("M5: the session cookie cannot be used by another site (CSRF)", () => {
  let cookie: string;
  const submissions = () => query<{ n: number }>("SELECT count(*) AS n FROM submission_revisions")[0].n;
  const post = (headers: Record<string, string>, body = JSON.stringify({ year: 2025, data: {} })) =>
    fetch(`${server.url}/api/v1/submissions`, { method: "POST", headers: { cookie, ...headers }, body });

  beforeAll(async () => {
    cookie = await signIn(server.url, "branch");
  });

  it("refuses a cookie write from another origin — another port of the same host too — and stores nothing", async () => {
    const before = submissions();
    const otherPort = new URL(server.url);
    otherPort.port = String(Number(otherPort.port) + 1);
    const attempts: Record<string, string>[] = [
      { origin: otherPort.origin, "content-type": "application/json" },
      { origin: "https://evil.example", "content-type": "application/json" },
      { origin: "null", "content-type": "application/json" },
      { "sec-fetch-site": "cross-site", "content-type": "application/json" },
      { "sec-fetch-site": "same-site", "content-type": "application/json" },
    ];
    for (const headers of attempts) {
      const response = await post(headers);
      expect(response.status).toBe(403);
      expect((await response.json()).error).toContain("跨站请求被拒绝");
    }
    expect(submissions()).toBe(before);
  });

  it("refuses a cookie write that is not JSON (what a plain HTML form can send)", async () => {
    const response = await post({ "content-type": "text/plain" });
    expect(response.status).toBe(415);
    expect((await response.json()).error).toContain("JSON");
  });

  it("accepts the same write from the app's own origin, and an API token from anywhere", async () => {
    const own = await post({ origin: server.url, "sec-fetch-site": "same-origin", "content-type": "application/json" });
    expect(own.status).not.toBe(403);
    expect(own.status).not.toBe(415);
    const scripted = await api("/api/v1/submissions", "branch", {
      method: "POST",
      json: { year: 2025, data: {} },
      headers: { origin: "https://elsewhere.example" },
    });
    expect(scripted.status).not.toBe(403);
  });

  it("refuses a sign-in form posted from another site", async () => {
    const signInFrom = (headers: Record<string, string>) =>
      fetch(`${server.url}/login`, {
        method: "POST",
        headers,
        body: new URLSearchParams({ username: "branch", password: "Test-Passw0rd-Only", redirectTo: "/" }),
        redirect: "manual",
      });
    const crossSite = await signInFrom({ "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("set-cookie")).toBeNull();
    const foreign = await signInFrom({ origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("set-cookie")).toBeNull();
    expect(await foreign.text()).toContain("跨站请求被拒绝");
    expect((await signInFrom({})).headers.get("set-cookie")).toMatch(/^bm_session=/);
  });
});

describe("L2: deeply nested JSON gets a Chinese 400, not a 500", () => {
  it("refuses 100,000 levels of nesting on every JSON write it was tried on", async () => {
    const deep = `{"data":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    for (const [pathname, method] of [
      ["/api/v1/rulesets/150100/village", "PUT"],
      ["/api/v1/rulesets/150100/village/check", "POST"],
      ["/api/v1/drafts/2025", "PUT"],
    ] as const) {
      const user = pathname.startsWith("/api/v1/drafts") ? "branch" : "hohhot-admin";
      const response = await api(pathname, user, {
        method,
        body: deep,
        headers: { "content-type": "application/json" },
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toBe("请求体的 JSON 嵌套过深：最多 64 层。");
    }
  });
});

describe("M1: an Idempotency-Key belongs to its user and is bound to its body", () => {
  const guangxi = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/450000/village.json"), "utf8"));
  const { review: _review, ...ownData } = structuredClone(hohhot.cases[0].data);
  const revisions = () => query<{ n: number }>("SELECT count(*) AS n FROM submission_revisions")[0].n;
  const submit = (user: string, key: string, data: unknown) =>
    api("/api/v1/submissions", user, {
      method: "POST",
      json: { year: 2024, data },
      headers: { "idempotency-key": key },
    });

  beforeAll(() => {
    const [{ id }] = query<{ id: number }>("SELECT id FROM branches WHERE name = '南宁市红旗村党支部'");
    const added = runCli(
      ["user", "add", "--name", "nanning-branch", "--password", "Test-Passw0rd-Only", "--role", "branch"].concat([
        "--region",
        "450100",
        "--branch",
        String(id),
      ]),
      { BRANCHMARK_DB: dbFile },
    );
    expect(added.code).toBe(0);
    tokens["nanning-branch"] = apiToken(dbFile, "nanning-branch");
  });

  it("replays the same body, refuses another body under the same key, and never hands one user's result to another", async () => {
    const key = "m1-shared-key-0001";
    const first = await submit("branch", key, ownData);
    expect(first.status).toBe(201);
    const stored = await first.json();
    const count = revisions();

    const replay = await submit("branch", key, ownData);
    expect(replay.status).toBe(200);
    expect((await replay.json()).revision).toBe(stored.revision);

    const changed = await submit("branch", key, { ...ownData, basic: { ...ownData.basic, memberCount: 99 } });
    expect(changed.status).toBe(422);
    expect((await changed.json()).errors[0].path).toBe("$.idempotencyKey");
    expect(revisions()).toBe(count);

    const other = await submit("nanning-branch", key, guangxi.cases[0].data);
    expect(other.status).toBe(201);
    const theirs = await other.json();
    expect(theirs.id).not.toBe(stored.id);
    expect(theirs.result.ruleset.id).toBe("450000/village");
    expect(revisions()).toBe(count + 1);
  });
});

describe("M2: a reviewer writes the 四评 and nothing else of a branch's answers", () => {
  const { review, ...answers } = structuredClone(hohhot.cases[0].data);
  let submissionId: number;

  beforeAll(async () => {
    const response = await api("/api/v1/submissions", "branch", {
      method: "POST",
      json: { year: 2023, data: answers },
    });
    expect(response.status).toBe(201);
    submissionId = (await response.json()).id;
  });

  const reviews = () =>
    query<{ n: number }>("SELECT count(*) AS n FROM reviews WHERE submission_id = ?", submissionId)[0].n;

  it("refuses 四评 that carry the branch's own sections, naming them, and stores nothing", async () => {
    const before = reviews();
    const response = await api(`/api/v1/submissions/${submissionId}/reviews`, "reviewer", {
      method: "POST",
      json: {
        siping: { review, basic: { ...answers.basic, memberCount: 999 }, political: {} },
        decision: "escalate",
      },
    });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(["$.siping.basic", "$.siping.political"]);
    expect(body.errors[0].message).toContain("由党支部填写");
    expect(reviews()).toBe(before);
  });

  it("revokes by changing only the named 负面情形, and audits that field's before and after", async () => {
    const escalated = await api(`/api/v1/submissions/${submissionId}/reviews`, "reviewer", {
      method: "POST",
      json: { siping: { review }, decision: "escalate" },
    });
    expect(escalated.status).toBe(201);
    const revoked = await api(`/api/v1/submissions/${submissionId}/revocations`, "reviewer", {
      method: "POST",
      json: { field: "accountability", note: "被给予问责处理" },
    });
    expect(revoked.status).toBe(201);
    const rows = query<{ data: string }>(
      "SELECT data FROM submission_revisions WHERE submission_id = ? ORDER BY revision",
      submissionId,
    ).map((r) => JSON.parse(r.data));
    expect(rows).toHaveLength(2);
    const { negative: oldNegative, ...oldRest } = rows[0];
    const { negative: newNegative, ...newRest } = rows[1];
    expect(newRest).toEqual(oldRest);
    expect(newNegative).toEqual({ ...oldNegative, accountability: true, accountabilityNote: "被给予问责处理" });
    const [audit] = query<{ before: string; after: string }>(
      "SELECT before, after FROM audit_log WHERE action = 'submission.revoke' AND entity_id = ?",
      String(submissionId),
    );
    expect(JSON.parse(audit.before).negative).toEqual({
      accountability: false,
      accountabilityNote: oldNegative.accountabilityNote ?? null,
    });
    expect(JSON.parse(audit.after).negative).toEqual({ accountability: true, accountabilityNote: "被给予问责处理" });
    const reviewRows = query<{ siping: string }>("SELECT siping FROM reviews WHERE submission_id = ?", submissionId);
    for (const row of reviewRows) expect(Object.keys(JSON.parse(row.siping))).toEqual(["review"]);
  });
});

describe("L9: a method a route does not take is a Chinese 405, for the API and for pages", () => {
  it("answers GET on a write-only API route and POST on a read-only one with JSON 405 and Allow", async () => {
    for (const [method, pathname, allow] of [
      ["GET", "/api/v1/score", "POST, PUT"],
      ["GET", "/api/v1/imports", "POST, PUT"],
      ["POST", "/api/v1/stats", "GET, HEAD"],
      ["DELETE", "/api/v1/compare", "GET, HEAD"],
    ]) {
      const response = await api(pathname, "hohhot-admin", { method });
      expect(response.status, `${method} ${pathname}`).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      expect((await response.json()).error).toMatch(/^不支持的请求方法：/);
    }
  });

  it("answers PUT or DELETE on a page with a Chinese 405 page, not an English 500", async () => {
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const response = await fetch(`${server.url}/login`, { method });
      expect(response.status).toBe(405);
      expect(await response.text()).toContain(`不接受 ${method} 请求`);
    }
  });
});

describe("L9: stored text and import errors", () => {
  it("refuses a draft whose text carries NUL, a direction override or a lone surrogate, naming the field", async () => {
    for (const note of ["正常\u0000隐藏", "\u202E反向文字", "\ud800"]) {
      const response = await api("/api/v1/drafts/2016", "branch", {
        method: "PUT",
        body: JSON.stringify({ data: { local: { note } } }),
        headers: { "content-type": "application/json" },
      });
      expect(response.status).toBe(400);
      expect((await response.json()).errors[0].path).toBe("$.data.local.note");
    }
  });

  it("says the same for a branch id of another region and one that does not exist, so ids cannot be probed", async () => {
    const [{ id: otherRegion }] = query<{ id: number }>("SELECT id FROM branches WHERE region_code LIKE '45%' LIMIT 1");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("填报");
    sheet.addRow(["支部编号", "支部名称", "领域", "党员人数"]);
    sheet.addRow(["branchId", "branchName", "domain", "$.basic.memberCount"]);
    sheet.addRow([otherRegion, "别处的支部", "village", 10]);
    sheet.addRow([99_999_999, "不存在的支部", "village", 10]);
    const response = await api("/api/v1/imports?year=2025&mode=draft&name=probe.xlsx", "hohhot-admin", {
      method: "POST",
      body: new Uint8Array(await workbook.xlsx.writeBuffer()) as BodyInit,
    });
    expect(response.status).toBe(202);
    const job = await waitForJob(api, "hohhot-admin", (await response.json()).job);
    const messages = job.result.errors.map((e: { message: string }) => e.message);
    expect(messages).toEqual(["支部编号不存在或不在您的管理范围内", "支部编号不存在或不在您的管理范围内"]);
  });
});

describe("L9: an unknown /api/ path answers JSON in Chinese, for every method", () => {
  it("answers 404 with { error } instead of the HTML error page", async () => {
    for (const method of ["GET", "POST", "PUT", "DELETE"]) {
      const response = await fetch(`${server.url}/api/v1/no-such-thing/42`, { method });
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect((await response.json()).error).toContain("没有这个 API：" + method + " /api/v1/no-such-thing/42");
    }
    // /api itself is the API's too (pages and the API are served by separate handlers: app/cli/serve.ts).
    const bare = await fetch(`${server.url}/api`);
    expect(bare.status).toBe(404);
    expect((await bare.json()).error).toContain("没有这个 API：GET /api");
    // Pages outside /api/ keep their Chinese error page, a path that only begins with "api" among them.
    for (const path of ["/no-such-page", "/apis"]) {
      const page = await fetch(`${server.url}${path}`);
      expect(page.status).toBe(404);
      expect(await page.text()).toContain("页面不存在");
    }
  });
});

describe("L7: headers that keep pages out of frames, scripts to the app's own, and signed-in answers out of caches", () => {
  it("sends nosniff, frame-ancestors 'none' and no-store on signed-in pages, the API and the score fast path", async () => {
    const cookie = await signIn(server.url, "hohhot-admin");
    const responses = [
      await fetch(`${server.url}/standards`, { headers: { cookie } }),
      await api("/api/v1/rulesets", "hohhot-admin"),
      await api("/api/v1/score", "hohhot-admin", { method: "POST", json: { ruleset: "150000/village", data: {} } }),
      await fetch(`${server.url}/api/v1/rulesets`),
    ];
    for (const response of responses) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("gives every page a fresh script nonce that all its scripts carry, and the API a policy that runs nothing", async () => {
    const nonces = new Set<string>();
    for (const pathname of ["/login", "/login"]) {
      const response = await fetch(server.url + pathname);
      const policy = response.headers.get("content-security-policy")!;
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)![1];
      nonces.add(nonce);
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("base-uri 'self'");
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(2);
    const json = await api("/api/v1/rulesets", "hohhot-admin");
    expect(json.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("keeps long-lived caching for the hashed build assets", async () => {
    const page = await (await fetch(`${server.url}/login`)).text();
    const asset = /\/build\/[^"]+\.js/.exec(page)![0];
    const response = await fetch(server.url + asset);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("L6: append-only tables are enforced by the database, INSERT OR REPLACE included", () => {
  it("refuses to update, delete or replace a row of every append-only table on the app's own connection", () => {
    const { sqlite } = openDatabase(dbFile);
    try {
      for (const table of ["form_revisions", "submission_revisions", "evaluations", "reviews", "audit_log"]) {
        const where = table === "form_revisions" ? "WHERE status = 'published'" : "";
        const row = sqlite.prepare(`SELECT * FROM ${table} ${where} ORDER BY id LIMIT 1`).get() as Record<
          string,
          unknown
        >;
        expect(row, table).toBeDefined();
        const columns = Object.keys(row);
        expect(() => sqlite.prepare(`UPDATE ${table} SET id = id WHERE id = ?`).run(row.id), table).toThrow(
          /never change/,
        );
        expect(() => sqlite.prepare(`DELETE FROM ${table} WHERE id = ?`).run(row.id), table).toThrow(/never deleted/);
        expect(
          () =>
            sqlite
              .prepare(
                `INSERT OR REPLACE INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
              )
              .run(...columns.map((c) => row[c])),
          table,
        ).toThrow(/never deleted/);
      }
    } finally {
      sqlite.close();
    }
  });
});

describe("M3: a form's pattern cannot hold the server, whatever the answer", () => {
  const withPattern = (pattern: string) => {
    const next = structuredClone(hohhot);
    next.form.extend.local.properties.contactCode = { type: "string", title: "联络员编码", pattern };
    next.form.ui.local["ui:order"].push("contactCode");
    return next;
  };

  it("matches ^(a+)+$ against a 20,000-character answer in linear time and refuses it in Chinese", async () => {
    await publishRuleset(api, "hohhot-admin", withPattern("^(a+)+$"));
    const response = await api("/api/v1/submissions", "branch", {
      method: "POST",
      json: { year: 2022, data: { local: { contactCode: "a".repeat(20_000) + "!" } } },
    });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.errors).toContainEqual(
      expect.objectContaining({
        path: "$.local.contactCode",
        message: expect.stringContaining("联络员编码：应当匹配模式"),
      }),
    );
  });

  it("refuses to save a pattern that needs backtracking, naming the field, and stores nothing", async () => {
    const before = query<{ n: number }>("SELECT count(*) AS n FROM ruleset_revisions")[0].n;
    const response = await api("/api/v1/rulesets/150100/village", "hohhot-admin", {
      method: "PUT",
      json: withPattern("^(a+)\\1$"),
    });
    expect(response.status).toBe(422);
    expect((await response.json()).errors).toContainEqual(
      expect.objectContaining({
        path: "$.form.extend.local.properties.contactCode.pattern",
        message: "字段“联络员编码”的格式模式 ^(a+)\\1$ 无法使用：不支持反向引用（如 \\1）",
      }),
    );
    expect(query<{ n: number }>("SELECT count(*) AS n FROM ruleset_revisions")[0].n).toBe(before);
  });
});

describe("M4: a JSON Logic expression cannot hold the server through /check or scoring", () => {
  it("refuses nested map/reduce at lint in the editor's check, storing nothing and running no case", async () => {
    const nest = (levels: number): unknown =>
      levels === 0
        ? { "+": [{ var: "current" }, { var: "accumulator" }] }
        : { reduce: [{ map: [{ var: "form.basic.items" }, { var: "" }] }, nest(levels - 1), 0] };
    const content = structuredClone(hohhot);
    content.computed = { ...content.computed, heavy: nest(6) };
    const response = await api("/api/v1/rulesets/150100/village/check", "hohhot-admin", {
      method: "POST",
      json: content,
    });
    const body = await response.json();
    expect(body.cases).toEqual([]);
    expect(body.errors).toContainEqual(
      expect.objectContaining({
        path: "$.computed.heavy",
        message: expect.stringContaining("map、filter、reduce、all、none、some 最多互相嵌套 2 层"),
      }),
    );
  });
});

describe("L4: drafts have a size, a year quota and a closed year; writes have a rate limit", () => {
  const draft = (user: string, year: number, data: unknown) =>
    api(`/api/v1/drafts/${year}`, user, { method: "PUT", json: { data } });

  it("refuses a draft over 256 KB in Chinese", async () => {
    const response = await draft("branch", 2025, { local: { note: "党".repeat(100_000) } });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/^草稿内容过大：\d+ KB，上限 256 KB。$/);
  });

  it("keeps at most three unsubmitted years of drafts", async () => {
    const open = query<{ year: number }>(
      `SELECT d.year FROM submission_drafts d JOIN users u ON u.branch_id = d.branch_id AND u.username = 'branch'
       WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.branch_id = d.branch_id AND s.year = d.year)`,
    ).map((r) => r.year);
    const free = [2010, 2011, 2012, 2013].filter((y) => !open.includes(y));
    const statuses: number[] = [];
    for (const year of free.slice(0, 4 - open.length)) statuses.push((await draft("branch", year, {})).status);
    expect(statuses.slice(0, 3 - open.length).every((s) => s === 200)).toBe(true);
    const refused = await draft("branch", 2014, {});
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toContain("最多同时保存 3 个年度");
  });

  it("refuses a draft for a year whose submission is being rated, so nothing replaces what the branch typed", async () => {
    const { review, ...answers } = structuredClone(hohhot.cases[0].data);
    const submitted = await api("/api/v1/submissions", "branch", {
      method: "POST",
      json: { year: 2020, data: answers },
    });
    expect(submitted.status).toBe(201);
    const { id } = await submitted.json();
    const rated = await api(`/api/v1/submissions/${id}/reviews`, "reviewer", {
      method: "POST",
      // Without its evidence the branch can be 先进 at most; the grade does not matter here.
      json: { siping: { review }, decision: "rate", gradeId: "advanced" },
    });
    expect(rated.status).toBe(201);
    const response = await draft("branch", 2020, { local: {} });
    expect(response.status).toBe(409);
    expect((await response.json()).error).toBe("2020 年度的申报已评定，不能再保存草稿；如需更正，请联系评定单位。");
  });

  it("answers 429 with Retry-After after 240 writes in a minute by one user, and scoring is not counted", async () => {
    const [{ branch_id }] = query<{ branch_id: number }>("SELECT branch_id FROM users WHERE username = 'branch'");
    runCli(
      ["user", "add", "--name", "busy-branch", "--password", "Busy-Pass-2026x", "--role", "branch"].concat([
        "--region",
        query<{ region_code: string }>("SELECT region_code FROM branches WHERE id = ?", branch_id)[0].region_code,
        "--branch",
        String(branch_id),
      ]),
      { BRANCHMARK_DB: dbFile },
    );
    tokens["busy-branch"] = apiToken(dbFile, "busy-branch");
    // Every write counts, refused ones too (these lack `data`): the limit comes before the body is looked at.
    const write = () =>
      api("/api/v1/drafts/2016", "busy-branch", { method: "PUT", json: { note: "没有 data" } }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < 241; i++) statuses.push(await write());
    expect(statuses.slice(0, 240).every((s) => s === 422)).toBe(true);
    expect(statuses[240]).toBe(429);
    const refused = await api("/api/v1/drafts/2016", "busy-branch", { method: "PUT", json: {} });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error).toMatch(/^操作过于频繁：每分钟最多 240 次提交，请 \d+ 秒后再试。$/);
    const scored = await api("/api/v1/score", "busy-branch", {
      method: "POST",
      json: { ruleset: "150100/village", data: {} },
    });
    expect(scored.status).toBe(200);
  });
});

describe("Walk: a lower level cannot withdraw the grade the level above set and that counts", () => {
  it("refuses 新城区's revocation of 呼和浩特's rating in Chinese, and lets 呼和浩特 withdraw it", async () => {
    const { review, ...answers } = structuredClone(hohhot.cases[0].data);
    tokens["hohhot-reviewer"] = apiToken(dbFile, "hohhot-reviewer");
    const submitted = await api("/api/v1/submissions", "branch", {
      method: "POST",
      json: { year: 2021, data: answers },
    });
    expect(submitted.status).toBe(201);
    const { id } = await submitted.json();
    const decide = (user: string, json: unknown) =>
      api(`/api/v1/submissions/${id}/reviews`, user, { method: "POST", json });
    expect((await decide("reviewer", { siping: { review }, decision: "escalate" })).status).toBe(201);
    expect(
      (await decide("hohhot-reviewer", { siping: { review }, decision: "rate", gradeId: "advanced" })).status,
    ).toBe(201);
    const revoke = (user: string) =>
      api(`/api/v1/submissions/${id}/revocations`, user, {
        method: "POST",
        json: { field: "accountability", note: "被给予问责处理" },
      });
    const refused = await revoke("reviewer");
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toBe("该等次由呼和浩特市评定，只有呼和浩特市或其上级可以撤销。");
    expect(query<{ status: string }>("SELECT status FROM submissions WHERE id = ?", id)[0].status).not.toBe("revoked");
    expect((await revoke("hohhot-reviewer")).status).toBe(201);
  });
});
