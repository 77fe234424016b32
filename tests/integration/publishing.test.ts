import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { apiAs, publishRuleset, queryFile, waitForJob } from "../helpers/api";
import { EXACTLY_92, hohhot, raisedStandard } from "../helpers/standards";
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

const api = apiAs(() => server.url, tokens);

const query = queryFile(() => dbFile);

const revisions = (id = "150100/village") =>
  query<{
    id: number;
    revision: number | null;
    status: string;
    sha256: string;
    content: string;
    parents: string | null;
  }>("SELECT * FROM ruleset_revisions WHERE ruleset_id = ? ORDER BY id", id);
const published = (id: string) => revisions(id).filter((r) => r.status === "published");

const raisedLine = (fixCase: boolean) => raisedStandard({ fixCase });

// Every test builds the revisions it needs with these, each in its own rule set where it changes one, so that
// any test can run alone or in any order.

const publish = (user: string, content: { id: string }) => publishRuleset(api, user, content);

/** The smallest child of the province's standard for a domain: it raises the 最强 line. */
const child = (id: string, scoreLine: number) => ({
  id,
  extends: `150000/${id.split("/")[1]}`,
  title: "测试用下级标准",
  params: { scoreLine },
});

/** 呼和浩特's standard (or its raised version) as another region's. */
const relocated = (content: { id: string }, id: string) => ({ ...structuredClone(content), id });

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
    const before = revisions().length;
    const response = await api("/api/v1/rulesets/150100/village", "hohhot-admin", {
      method: "PUT",
      json: { ...hohhot, params: { ...hohhot.params, excellentRatioMin: 0.8 } },
    });
    expect(response.status).toBe(422);
    expect((await response.json()).errors).toContainEqual(
      expect.objectContaining({ path: "$.params.excellentRatioMin", message: expect.stringContaining("锁定") }),
    );
    expect(revisions()).toHaveLength(before);
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
    const response = await api("/api/v1/rulesets/150100/social/publish", "hohhot-admin", { method: "POST" });
    expect(response.status).toBe(409);
    expect((await response.json()).error).toContain("没有未发布的草稿");
    expect(revisions("150100/social")).toEqual([]);
  });

  it("lets only the owning region's admins publish", async () => {
    for (const user of ["guangxi-admin", "hohhot-reviewer"]) {
      expect((await api("/api/v1/rulesets/150100/village/publish", user, { method: "POST" })).status).toBe(403);
    }
  });
});

describe("publishing", () => {
  it("saves a draft whose case fails, but refuses to publish it", async () => {
    await publish("admin", relocated(hohhot, "150200/village"));
    const before = published("150200/village").length;
    const draft = relocated(raisedLine(false), "150200/village");
    expect((await api("/api/v1/rulesets/150200/village", "admin", { method: "PUT", json: draft })).status).toBe(200);
    const response = await api("/api/v1/rulesets/150200/village/publish", "admin", { method: "POST" });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.errors).toEqual([
      {
        path: `$.cases[${EXACTLY_92}]`,
        message: expect.stringMatching(/用例「恰好92分」未通过：等次应为 “最强党支部”，实际为 “先进”/),
      },
    ]);
    expect(published("150200/village")).toHaveLength(before);
  });

  it("publishes the fixed draft as the next revision, pinned to the parent's revision", async () => {
    const before = published("150100/village").at(-1)!.revision!;
    const parent = published("150000/village").at(-1)!.revision!;
    expect(
      (await api("/api/v1/rulesets/150100/village", "hohhot-admin", { method: "PUT", json: raisedLine(true) })).status,
    ).toBe(200);
    const response = await api("/api/v1/rulesets/150100/village/publish", "hohhot-admin", { method: "POST" });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({
      id: "150100/village",
      revision: before + 1,
      parents: { "150000/village": parent },
      cases: hohhot.cases.length,
    });
    expect(body.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const latest = await (await api("/api/v1/rulesets/150100/village", "reviewer")).json();
    expect(latest).toMatchObject({ revision: before + 1, hash: body.hash });
    expect(latest.content.params.scoreLine).toBe(95);
  });

  it("never changes a published revision: not by publishing again, and not even by SQL", async () => {
    const first = await publish("hohhot-admin", child("150100/community", 92));
    await publish("hohhot-admin", child("150100/community", 95));
    const row = published("150100/community").find((r) => r.revision === first.revision)!;
    expect(row.sha256).toBe(first.hash);
    expect(JSON.parse(row.content).params.scoreLine).toBe(92);
    const sqlite = new Database(dbFile);
    try {
      expect(() => sqlite.prepare("UPDATE ruleset_revisions SET content = '{}' WHERE id = ?").run(row.id)).toThrow(
        /never change/,
      );
      expect(() => sqlite.prepare("DELETE FROM ruleset_revisions WHERE id = ?").run(row.id)).toThrow(/never deleted/);
    } finally {
      sqlite.close();
    }
    const old = await (
      await api(`/api/v1/rulesets/150100/community?revision=${first.revision}`, "hohhot-admin")
    ).json();
    expect(old.content.params.scoreLine).toBe(92);
  });

  it("compares two revisions semantically, for any reviewer", async () => {
    const a = await publish("admin", relocated(hohhot, "150200/village"));
    const b = await publish("admin", relocated(raisedLine(true), "150200/village"));
    const response = await api(
      `/api/v1/compare?a=150200/village@${a.revision}&b=150200/village@${b.revision}`,
      "reviewer",
    );
    expect(response.status).toBe(200);
    const { a: left, b: right, diff, text } = await response.json();
    expect(left.ref).toBe(`150200/village@${a.revision}`);
    expect(right.ref).toBe(`150200/village@${b.revision}`);
    expect(diff.params).toEqual([expect.objectContaining({ id: "scoreLine", a: 92, b: 95 })]);
    expect(diff.rules.added).toEqual([{ id: "local-income-star", name: "集体经济增收星", type: "star" }]);
    expect(text).toContain("最强党支部分数线");
  });

  it("compares across regions, and keeps drafts to their owners", async () => {
    expect((await api("/api/v1/rulesets/150100/village", "hohhot-admin", { method: "PUT", json: hohhot })).status).toBe(
      200,
    );
    const across = await api("/api/v1/compare?a=150000/village&b=450000/village", "hohhot-reviewer");
    expect(across.status).toBe(200);
    expect((await across.json()).diff.form.added.length).toBeGreaterThan(0);
    expect((await api("/api/v1/compare?a=150100/village@1&b=150100/village@draft", "guangxi-admin")).status).toBe(403);
    expect((await api("/api/v1/compare?a=150100/village@1&b=150100/village@draft", "hohhot-admin")).status).toBe(200);
    const bad = await api("/api/v1/compare?a=150100&b=150100/village", "hohhot-admin");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain("参数 a");
  });

  it("rolls back by publishing an old revision's content again as a new revision", async () => {
    const first = await publish("hohhot-admin", child("150100/university", 92));
    const second = await publish("hohhot-admin", child("150100/university", 95));
    const response = await api("/api/v1/rulesets/150100/university/publish", "hohhot-admin", {
      method: "POST",
      json: { fromRevision: first.revision },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ revision: second.revision + 1, hash: first.hash });
    expect(published("150100/university").map((r) => r.revision)).toEqual([1, 2, 3]);
  });

  it("keeps a child's published revision on the parent revision it was published with", async () => {
    const own = await publish("hohhot-admin", child("150100/hospital", 92));
    const base = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150000/hospital.json"), "utf8"));
    base.params.advancedLine.default = 81;
    const parent = await publish("admin", base);
    expect(parent.revision).toBeGreaterThan(1);

    const { diff } = await (
      await api(`/api/v1/compare?a=150000/hospital@${parent.revision}&b=150100/hospital@${own.revision}`, "admin")
    ).json();
    expect(diff.params).toContainEqual(expect.objectContaining({ id: "advancedLine", a: 81, b: 80 }));
    const list = (await (await api("/api/v1/rulesets", "hohhot-admin")).json()).rulesets;
    expect(list.find((r: { id: string }) => r.id === "150100/hospital").parentsUpdated).toEqual(["150000/hospital"]);
    expect(list.find((r: { id: string }) => r.id === "150100/retiree")).toBeUndefined();
  });

  it("records every change in the audit log with before and after", async () => {
    const first = await publish("hohhot-admin", child("150100/school", 92));
    await publish("hohhot-admin", child("150100/school", 95));
    const rollback = await api("/api/v1/rulesets/150100/school/publish", "hohhot-admin", {
      method: "POST",
      json: { fromRevision: first.revision },
    });
    expect(rollback.status).toBe(201);
    const entries = query<{
      action: string;
      entity_id: string;
      before: string | null;
      after: string;
      username: string;
    }>(
      "SELECT a.action, a.entity_id, a.before, a.after, u.username FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.entity_type = 'ruleset' AND a.entity_id LIKE '150100/school%' ORDER BY a.id",
    );
    expect(entries.map((e) => [e.action, e.entity_id])).toEqual([
      ["ruleset.saveDraft", "150100/school"],
      ["ruleset.publish", "150100/school@1"],
      ["ruleset.saveDraft", "150100/school"],
      ["ruleset.publish", "150100/school@2"],
      ["ruleset.rollback", "150100/school@3"],
    ]);
    expect(entries.every((e) => e.username === "hohhot-admin")).toBe(true);
    expect(entries[1].before).toBeNull();
    expect(JSON.parse(entries[3].before!).params.scoreLine).toBe(92);
    expect(JSON.parse(entries[3].after).params.scoreLine).toBe(95);
    expect(JSON.parse(entries[4].before!).params.scoreLine).toBe(95);
    expect(JSON.parse(entries[4].after).params.scoreLine).toBe(92);
  });
});

/** 呼和浩特's shipped standard published again, then the raised one: the two revisions impact and the audit show. */
async function raisedRevisions() {
  const a = await publish("hohhot-admin", hohhot);
  const b = await publish("hohhot-admin", raisedLine(true));
  return { a: a.revision, b: b.revision };
}

describe("the audit log and the editor's check", () => {
  it("shows admins of the region each change with before and after, and no one else", async () => {
    const { b } = await raisedRevisions();
    const [{ id }] = query<{ id: number }>(
      "SELECT id FROM audit_log WHERE action = 'ruleset.publish' AND entity_id = ?",
      `150100/village@${b}`,
    );
    const cookie = await signIn(server.url, "hohhot-admin");
    const page = await (await fetch(`${server.url}/audit?action=ruleset.publish`, { headers: { cookie } })).text();
    expect(page).toContain("发布规则集");
    expect(page).toContain("参数「最强党支部分数线」：92 分 → 95 分");
    expect(page).toContain("新增规则「集体经济增收星」");
    expect(page).not.toContain("local-income-star");
    const entry = await (await api(`/api/v1/audit/${id}`, "hohhot-admin")).json();
    expect(entry.paramTitles).toMatchObject({ scoreLine: "最强党支部分数线" });
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
    expect(good.warnings).toEqual([]);
    // A rule that compares with the number a param holds is advice, not a refusal.
    const constant = structuredClone(hohhot);
    constant.rules[0].conditions.all[0].value = 92;
    const advised = await (
      await api("/api/v1/rulesets/150100/village/check", "hohhot-admin", { method: "POST", json: constant })
    ).json();
    expect(advised.errors).toEqual([]);
    expect(advised.warnings).toEqual([
      expect.objectContaining({ path: "$.rules[0].conditions.all[0].value", message: expect.stringContaining("92") }),
    ]);
    expect(revisions()).toHaveLength(before);
    expect(
      (await api("/api/v1/rulesets/150100/village/check", "guangxi-admin", { method: "POST", json: hohhot })).status,
    ).toBe(403);
  });
});

describe("impact", () => {
  it("re-scores the stored 新城区 submissions under both revisions in a background job", async () => {
    const { a, b } = await raisedRevisions();
    const start = await api("/api/v1/impact", "hohhot-admin", {
      method: "POST",
      json: { a: `150100/village@${a}`, b: `150100/village@${b}`, filter: { region: "150100", year: 2025 } },
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
    const revisions = await raisedRevisions();
    const [a, b] = [await resolved(revisions.a), await resolved(revisions.b)];
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
      json: { a: "150100/village@1", b: "150100/village@1", filter: { region: "450000" } },
    });
    expect(outside.status).toBe(403);
    const year = await api("/api/v1/impact", "hohhot-admin", {
      method: "POST",
      json: { a: "150100/village@1", b: "150100/village@1", filter: { year: "2025" } },
    });
    expect(year.status).toBe(422);
    expect((await year.json()).errors[0].path).toBe("$.filter.year");
  });
});
