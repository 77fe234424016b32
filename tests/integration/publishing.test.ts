import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { apiAs, queryFile, waitForJob } from "../helpers/api";
import { ImpactTally } from "~/engine/impact";
import { lintRuleset } from "~/engine/lint";
import { fileLibrary } from "~/server/rulesets/files.server";
import { scanRange, scopeExtent } from "~/server/analysis/impact-scan.server";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiToken, ROOT, signIn, startServer, tempDir, type RunningServer } from "../helpers/server";

let server: RunningServer;
let dbFile: string;
const tokens: Record<string, string> = {};
const hohhot = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150100/village.json"), "utf8"));
const EXACTLY_92 = hohhot.cases.findIndex((c: { name: string }) => c.name === "恰好92分");

const api = apiAs(() => server.url, tokens);

const query = queryFile(() => dbFile);

const revisions = () =>
  query<{
    id: number;
    revision: number | null;
    status: string;
    sha256: string;
    content: string;
    parents: string | null;
  }>("SELECT * FROM ruleset_revisions WHERE ruleset_id = '150100/village' ORDER BY id");

/** 呼和浩特 raises its 最强 line from 92 to 95 and adds a 集体经济增收星 whose right-hand side is a param. */
function raisedLine(fixCase: boolean) {
  const next = structuredClone(hohhot);
  next.params.scoreLine = 95;
  next.rules.push({
    id: "local-income-star",
    name: "集体经济增收星",
    conditions: {
      all: [
        {
          fact: "form",
          path: "$.basic.collectiveIncome",
          operator: "greaterThanInclusive",
          value: { fact: "params", path: "$.collectiveIncomeMin" },
        },
      ],
    },
    event: { type: "star", params: { star: "集体经济增收星", source: "呼和浩特市本地选择" } },
  });
  if (fixCase)
    next.cases[EXACTLY_92] = {
      ...next.cases[EXACTLY_92],
      name: "92分低于新分数线95分，评为先进",
      expect: { ...next.cases[EXACTLY_92].expect, grade: "advanced" },
    };
  return next;
}

beforeAll(async () => {
  dbFile = path.join(tempDir(), "publishing.db");
  server = await startServer(dbFile);
  for (const user of ["admin", "hohhot-admin", "guangxi-admin", "reviewer", "hohhot-reviewer"])
    tokens[user] = apiToken(dbFile, user);
});

afterAll(async () => {
  await server?.stop();
});

describe("drafts that break the rules are refused and store nothing", () => {
  it("refuses a value below the parent's bound, naming the path and the parent", async () => {
    const before = revisions().length;
    const response = await api("/api/v1/rulesets/150100/village", "hohhot-admin", {
      method: "PUT",
      json: { ...hohhot, params: { ...hohhot.params, scoreLine: 85 } },
    });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.errors).toContainEqual(
      expect.objectContaining({
        path: "$.params.scoreLine",
        parent: "150000/village",
        forbiddenBy: "scoreLine.bounds.min = 90",
      }),
    );
    expect(body.errors[0].message).toContain("下限 90");
    expect(revisions()).toHaveLength(before);
  });

  it("refuses a change to a locked param", async () => {
    const response = await api("/api/v1/rulesets/150100/village", "hohhot-admin", {
      method: "PUT",
      json: { ...hohhot, params: { ...hohhot.params, excellentRatioMin: 0.8 } },
    });
    expect(response.status).toBe(422);
    expect((await response.json()).errors).toContainEqual(
      expect.objectContaining({ path: "$.params.excellentRatioMin", message: expect.stringContaining("锁定") }),
    );
  });

  it("refuses a rule that reads a field the form does not have", async () => {
    const broken = structuredClone(hohhot);
    broken.rules[0].conditions.all[0].path = "$.local.noSuchField";
    const response = await api("/api/v1/rulesets/150100/village", "hohhot-admin", { method: "PUT", json: broken });
    expect(response.status).toBe(422);
    expect((await response.json()).errors).toContainEqual(
      expect.objectContaining({ path: "$.rules[0].conditions.all[0].path" }),
    );
  });

  it("has nothing to publish before a draft is saved", async () => {
    const response = await api("/api/v1/rulesets/150100/village/publish", "hohhot-admin", { method: "POST" });
    expect(response.status).toBe(409);
    expect((await response.json()).error).toContain("没有未发布的草稿");
  });

  it("lets only the owning region's admins publish", async () => {
    for (const user of ["guangxi-admin", "hohhot-reviewer"]) {
      expect((await api("/api/v1/rulesets/150100/village/publish", user, { method: "POST" })).status).toBe(403);
    }
  });
});

describe("publishing", () => {
  let first: { sha256: string; content: string };

  it("saves a draft whose case fails, but refuses to publish it", async () => {
    first = revisions()[0];
    expect(
      (await api("/api/v1/rulesets/150100/village", "hohhot-admin", { method: "PUT", json: raisedLine(false) })).status,
    ).toBe(200);
    const response = await api("/api/v1/rulesets/150100/village/publish", "hohhot-admin", { method: "POST" });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.errors).toEqual([
      {
        path: `$.cases[${EXACTLY_92}]`,
        message: expect.stringMatching(/用例「恰好92分」未通过：等次应为 strongest，实际为 advanced/),
      },
    ]);
    expect(revisions().filter((r) => r.status === "published")).toHaveLength(1);
  });

  it("publishes the fixed draft as revision 2, pinned to the parent's revision", async () => {
    expect(
      (await api("/api/v1/rulesets/150100/village", "hohhot-admin", { method: "PUT", json: raisedLine(true) })).status,
    ).toBe(200);
    const response = await api("/api/v1/rulesets/150100/village/publish", "hohhot-admin", { method: "POST" });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({
      id: "150100/village",
      revision: 2,
      parents: { "150000/village": 1 },
      cases: hohhot.cases.length,
    });
    expect(body.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const published = await (await api("/api/v1/rulesets/150100/village", "reviewer")).json();
    expect(published).toMatchObject({ revision: 2, hash: body.hash });
    expect(published.content.params.scoreLine).toBe(95);
  });

  it("never changes a published revision: not by publishing again, and not even by SQL", async () => {
    const rows = revisions();
    expect(rows[0]).toMatchObject({ revision: 1, sha256: first.sha256, content: first.content });
    const sqlite = new Database(dbFile);
    try {
      expect(() => sqlite.prepare("UPDATE ruleset_revisions SET content = '{}' WHERE id = ?").run(rows[0].id)).toThrow(
        /never change/,
      );
      expect(() => sqlite.prepare("DELETE FROM ruleset_revisions WHERE id = ?").run(rows[0].id)).toThrow(
        /never deleted/,
      );
    } finally {
      sqlite.close();
    }
    const old = await (await api("/api/v1/rulesets/150100/village?revision=1", "hohhot-admin")).json();
    expect(old.content.params.scoreLine).toBe(92);
  });

  it("compares the two revisions semantically, for any reviewer", async () => {
    const response = await api("/api/v1/compare?a=150100/village@1&b=150100/village@2", "reviewer");
    expect(response.status).toBe(200);
    const { a, b, diff, text } = await response.json();
    expect(a.ref).toBe("150100/village@1");
    expect(b.ref).toBe("150100/village@2");
    expect(diff.params).toEqual([expect.objectContaining({ id: "scoreLine", a: 92, b: 95 })]);
    expect(diff.rules.added).toEqual([{ id: "local-income-star", name: "集体经济增收星", type: "star" }]);
    expect(text).toContain("最强党支部分数线");
  });

  it("compares across regions, and keeps drafts to their owners", async () => {
    const across = await api("/api/v1/compare?a=150000/village&b=450000/village", "hohhot-reviewer");
    expect(across.status).toBe(200);
    expect((await across.json()).diff.form.added.length).toBeGreaterThan(0);
    expect((await api("/api/v1/compare?a=150100/village@1&b=150100/village@draft", "guangxi-admin")).status).toBe(403);
    expect((await api("/api/v1/compare?a=150100/village@1&b=150100/village@draft", "hohhot-admin")).status).toBe(200);
    const bad = await api("/api/v1/compare?a=150100&b=150100/village", "hohhot-admin");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain("参数 a");
  });

  it("rolls back by publishing revision 1 again as revision 3", async () => {
    const response = await api("/api/v1/rulesets/150100/village/publish", "hohhot-admin", {
      method: "POST",
      json: { fromRevision: 1 },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ revision: 3, hash: first.sha256 });
    expect(
      revisions()
        .filter((r) => r.status === "published")
        .map((r) => r.revision),
    ).toEqual([1, 2, 3]);
  });

  it("keeps a child's published revision on the parent revision it was published with", async () => {
    const base = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150000/village.json"), "utf8"));
    base.params.advancedLine.default = 81;
    expect((await api("/api/v1/rulesets/150000/village", "admin", { method: "PUT", json: base })).status).toBe(200);
    const published = await api("/api/v1/rulesets/150000/village/publish", "admin", { method: "POST" });
    expect(published.status).toBe(201);
    expect((await published.json()).revision).toBe(2);

    const { diff } = await (await api("/api/v1/compare?a=150000/village@2&b=150100/village@3", "admin")).json();
    expect(diff.params).toContainEqual(expect.objectContaining({ id: "advancedLine", a: 81, b: 80 }));
    const list = (await (await api("/api/v1/rulesets", "hohhot-admin")).json()).rulesets;
    expect(list.find((r: { id: string }) => r.id === "150100/village").parentsUpdated).toEqual(["150000/village"]);
    expect(list.find((r: { id: string }) => r.id === "150100/community")).toBeUndefined();
  });

  it("records every change in the audit log with before and after", () => {
    const entries = query<{
      action: string;
      entity_id: string;
      before: string | null;
      after: string;
      username: string;
    }>(
      "SELECT a.action, a.entity_id, a.before, a.after, u.username FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.entity_type = 'ruleset' AND a.region_code = '150100' ORDER BY a.id",
    );
    expect(entries.map((e) => [e.action, e.entity_id])).toEqual([
      ["ruleset.saveDraft", "150100/village"],
      ["ruleset.saveDraft", "150100/village"],
      ["ruleset.publish", "150100/village@2"],
      ["ruleset.rollback", "150100/village@3"],
    ]);
    expect(entries.every((e) => e.username === "hohhot-admin")).toBe(true);
    const publish = entries[2];
    expect(JSON.parse(publish.before!).params.scoreLine).toBe(92);
    expect(JSON.parse(publish.after).params.scoreLine).toBe(95);
    expect(JSON.parse(entries[3].before!).params.scoreLine).toBe(95);
    expect(JSON.parse(entries[3].after).params.scoreLine).toBe(92);
  });
});

describe("the audit log and the editor's check", () => {
  it("shows admins of the region each change with before and after, and no one else", async () => {
    const cookie = await signIn(server.url, "hohhot-admin");
    const page = await (await fetch(`${server.url}/audit?action=ruleset.publish`, { headers: { cookie } })).text();
    expect(page).toContain("发布规则集");
    expect(page).toContain("参数 scoreLine：92 → 95");
    expect(page).toContain("新增规则 local-income-star（集体经济增收星）");
    const [{ id }] = query<{ id: number }>("SELECT id FROM audit_log WHERE action = 'ruleset.publish'");
    const entry = await (await api(`/api/v1/audit/${id}`, "hohhot-admin")).json();
    expect(entry.before.params.scoreLine).toBe(92);
    expect(entry.after.params.scoreLine).toBe(95);
    expect((await api(`/api/v1/audit/${id}`, "guangxi-admin")).status).toBe(403);
    expect((await api(`/api/v1/audit/${id}`, "hohhot-reviewer")).status).toBe(403);
    const reviewer = await fetch(`${server.url}/audit`, {
      headers: { cookie: await signIn(server.url, "hohhot-reviewer") },
    });
    expect(reviewer.status).toBe(403);
  });

  it("checks a draft without storing it: lint errors, or every case run", async () => {
    const before = revisions().length;
    const bad = await api("/api/v1/rulesets/150100/village/check", "hohhot-admin", {
      method: "POST",
      json: { ...hohhot, params: { ...hohhot.params, scoreLine: 85 } },
    });
    const badBody = await bad.json();
    expect(badBody.errors[0]).toMatchObject({ path: "$.params.scoreLine" });
    expect(badBody.ruleset).toBeNull();
    const good = await (
      await api("/api/v1/rulesets/150100/village/check", "hohhot-admin", { method: "POST", json: raisedLine(false) })
    ).json();
    expect(good.errors).toEqual([]);
    expect(good.ruleset.params.scoreLine.value).toBe(95);
    expect(good.cases.filter((c: { passed: boolean }) => !c.passed).map((c: { name: string }) => c.name)).toEqual([
      "恰好92分",
    ]);
    expect(revisions()).toHaveLength(before);
    expect(
      (await api("/api/v1/rulesets/150100/village/check", "guangxi-admin", { method: "POST", json: hohhot })).status,
    ).toBe(403);
  });
});

describe("impact", () => {
  it("re-scores the stored 新城区 submissions under both revisions in a background job", async () => {
    const start = await api("/api/v1/impact", "hohhot-admin", {
      method: "POST",
      json: { a: "150100/village@1", b: "150100/village@2", filter: { region: "150100", year: 2025 } },
    });
    expect(start.status).toBe(202);
    const { job } = await start.json();
    const done = await waitForJob(api, "hohhot-admin", job);
    expect(done).toMatchObject({ status: "done", kind: "impact" });
    expect(done.done).toBe(done.total);
    const report = done.result;
    const stored = query<{ n: number }>(
      "SELECT count(*) AS n FROM submissions s JOIN branches b ON b.id = s.branch_id WHERE s.domain = 'village' AND s.year = 2025 AND b.region_code IN ('150100', '150102') AND s.status <> 'revoked'",
    )[0].n;
    expect(report.total).toBe(stored);
    expect(report.changed).toBeGreaterThan(0);
    for (const branch of report.branches) {
      expect(branch).toMatchObject({ from: "strongest", to: "advanced", scoreA: 92, scoreB: 92, delta: 0 });
      expect(branch.regionName).toBe("新城区");
    }
    expect(report.transitions).toContainEqual({ from: "strongest", to: "advanced", count: report.changed });

    expect((await api(`/api/v1/jobs/${job}`, "admin")).status).toBe(403);
    const xlsx = await api(`/api/v1/jobs/${job}/xlsx`, "hohhot-admin");
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet("等次变化的支部")!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "支部",
      "所属区域",
      "年度",
      "原等次",
      "新等次",
      "原得分",
      "新得分",
      "分差",
    ]);
    expect(sheet.rowCount).toBe(1 + report.changed);
    expect(sheet.getRow(2).getCell(4).value).toBe("最强党支部");
  });

  it("splits the work by submission id across workers without changing the outcome", async () => {
    const files = fileLibrary(path.join(ROOT, "rulesets"), path.join(ROOT, "schemas"));
    const resolved = async (revision: number) => {
      const { content } = await (
        await api(`/api/v1/rulesets/150100/village?revision=${revision}`, "hohhot-admin")
      ).json();
      return lintRuleset("150100/village", {
        ...files,
        ruleset: (id) => (id === "150100/village" ? { file: `@${revision}`, content } : files.ruleset(id)),
      }).ruleset!;
    };
    const [a, b] = [await resolved(1), await resolved(2)];
    const sqlite = new Database(dbFile, { readonly: true });
    const scope = {
      domain: "village",
      regionPath: query<{ path: string }>("SELECT path FROM regions WHERE code = '150100'")[0].path,
      year: 2025,
    };
    const { total, lo, hi } = scopeExtent(sqlite, scope);
    const scan = (fromId: number, toId: number) => {
      const run = scanRange(sqlite, { dbFile, a, b, reviewerSections: ["review"], scope, fromId, toId }, 3);
      for (let step = run.next(); ; step = run.next()) if (step.done) return step.value;
    };
    const whole = scan(lo, hi + 1);
    const mid = Math.floor((lo + hi) / 2);
    const halves = [scan(lo, mid), scan(mid, hi + 1)];
    sqlite.close();
    expect(whole.summary.total).toBe(total);
    expect(halves[0].summary.total).toBeGreaterThan(0);
    expect(halves[1].summary.total).toBeGreaterThan(0);
    const merged = new ImpactTally();
    for (const half of halves) merged.absorb(half.summary);
    expect(merged.summary()).toEqual(whole.summary);
    expect(halves.flatMap((h) => h.changed)).toEqual(whole.changed);
    expect(halves[0].scoreChanged + halves[1].scoreChanged).toBe(whole.scoreChanged);
    expect(whole.changed.length).toBeGreaterThan(0);
  });

  it("refuses a region outside the actor's scope and a malformed filter", async () => {
    const outside = await api("/api/v1/impact", "hohhot-admin", {
      method: "POST",
      json: { a: "150100/village@1", b: "150100/village@2", filter: { region: "450000" } },
    });
    expect(outside.status).toBe(403);
    const year = await api("/api/v1/impact", "hohhot-admin", {
      method: "POST",
      json: { a: "150100/village@1", b: "150100/village@2", filter: { year: "2025" } },
    });
    expect(year.status).toBe(422);
    expect((await year.json()).errors[0].path).toBe("$.filter.year");
  });
});
