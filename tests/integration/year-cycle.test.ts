import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "~/utils/format";
import { apiToken, ROOT, startServer, tempDir, type RunningServer } from "../helpers/server";

// The year around the rating (issue "The year around the rating"): 软弱涣散 排查 → 整顿 → 验收 → 销号, 公示 with
// objections, the calendar's deadlines and reopening, and everyone's to-do list — every transition and every refusal.
const dbFile = path.join(tempDir(), "year-cycle.db");
process.env.BRANCHMARK_DB = dbFile;
const { weakHistory } = await import("~/server/cycle/weak.server");
let server: RunningServer;
const tokens: Record<string, string> = {};
const YEAR = Number(todayInChina().slice(0, 4));
const today = todayInChina();
const shift = (days: number) => new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);

const hohhot = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150100/village.json"), "utf8"));
const caseData = () => {
  const { review, ...data } = structuredClone(hohhot.cases[0].data);
  return { data, review };
};

const api = (url: string, user: string | null, body?: object, method = body ? "POST" : "GET") =>
  fetch(server.url + url, {
    method,
    headers: {
      ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
const json = async (response: Response | Promise<Response>) => (await response).json();
const query = <T>(sql: string, ...args: unknown[]) => {
  const sqlite = new Database(dbFile, { readonly: true });
  try {
    return sqlite.prepare(sql).all(...args) as T[];
  } finally {
    sqlite.close();
  }
};

let branchId: number;
let secondBranchId: number;
const submissions: number[] = [];

beforeAll(async () => {
  server = await startServer(dbFile);
  for (const user of ["admin", "hohhot-admin", "guangxi-admin", "reviewer", "branch"])
    tokens[user] = apiToken(dbFile, user);
  // A second village secretary in 新城区, so that two results can go to 公示.
  const sqlite = new Database(dbFile);
  branchId = (sqlite.prepare("SELECT branch_id AS id FROM users WHERE username = 'branch'").get() as { id: number }).id;
  secondBranchId = (
    sqlite
      .prepare("SELECT id FROM branches WHERE region_code = '150102' AND domain = 'village' AND id != ? LIMIT 1")
      .get(branchId) as { id: number }
  ).id;
  sqlite
    .prepare(
      "INSERT INTO users (username, display_name, password_hash, role, region_code, branch_id) VALUES ('branch2', '第二村书记', 'x', 'branch', '150102', ?)",
    )
    .run(secondBranchId);
  sqlite.close();
  tokens.branch2 = apiToken(dbFile, "branch2");
});

afterAll(async () => {
  await server?.stop();
});

describe("软弱涣散: 排查, 认定, 整顿, 验收, 销号", () => {
  let caseId: number;

  it("lists candidates, confirms one, follows its 整顿 to 销号, refusing every step out of order or out of scope", async () => {
    {
      // lists candidates with why, to reviewers and admins in scope only
      const { candidates } = await json(
        api(`/api/v1/weak-cases/candidates?region=150102&year=${YEAR - 1}`, "reviewer"),
      );
      expect(candidates.length).toBeGreaterThan(0);
      for (const c of candidates) expect(c.signals.length).toBeGreaterThan(0);
      expect(candidates.some((c: { signals: string[] }) => c.signals.some((s) => s.includes("未申报")))).toBe(true);
      expect((await api(`/api/v1/weak-cases/candidates?region=150102&year=${YEAR - 1}`, "branch")).status).toBe(403);
      expect((await api(`/api/v1/weak-cases/candidates?region=150102&year=${YEAR - 1}`, "guangxi-admin")).status).toBe(
        403,
      );
    }
    {
      // confirms a branch with reasons from the region's list, once, by a reviewer in scope
      const body = { branchId, year: YEAR - 1, reasons: ["班子不健全", "组织生活不正常"], note: "书记长期外出" };
      const unknown = await api("/api/v1/weak-cases", "reviewer", { ...body, reasons: ["随便写的"] });
      expect(unknown.status).toBe(422);
      expect((await unknown.json()).error).toContain("不在本区域的软弱涣散原因中");
      expect((await api("/api/v1/weak-cases", "branch", body)).status).toBe(403);
      expect((await api("/api/v1/weak-cases", "guangxi-admin", body)).status).toBe(403);
      // A region's own reasons join the list (each once).
      expect(
        (
          await api(
            "/api/v1/regions/150100/settings",
            "hohhot-admin",
            { weakReasons: ["宗族势力干扰", "宗族势力干扰"] },
            "PUT",
          )
        ).status,
      ).toBe(422);
      expect((await api("/api/v1/regions/150100/settings", "hohhot-admin", { publicityDays: 0 }, "PUT")).status).toBe(
        422,
      );
      expect(
        (await api("/api/v1/regions/150100/settings", "hohhot-admin", { weakReasons: ["宗族势力干扰"] }, "PUT")).status,
      ).toBe(200);
      const confirmed = await api("/api/v1/weak-cases", "reviewer", {
        ...body,
        reasons: [...body.reasons, "宗族势力干扰"],
      });
      expect(confirmed.status).toBe(201);
      const weak = await confirmed.json();
      caseId = weak.id;
      expect(weak.stage).toBe("confirmed");
      expect((await api("/api/v1/weak-cases", "reviewer", body)).status).toBe(409);
    }
    {
      // follows the 整顿: plan, monthly reports with files, 验收, and refuses each step out of order
      const month = today.slice(0, 7);
      const report = (user = "branch", m = month) =>
        api(`/api/v1/weak-cases/${caseId}/reports`, user, { month: m, progress: "召开党员大会，补选支委" });
      expect((await report()).status).toBe(409); // no plan yet
      const plan = {
        problems: "班子不健全",
        measures: "补选委员，建立学习制度",
        responsible: "新城区委组织部",
        firstSecretary: "王某（区财政局）",
        deadline: shift(90),
      };
      expect(
        (await api(`/api/v1/weak-cases/${caseId}/plans`, "reviewer", { ...plan, deadline: shift(-1) })).status,
      ).toBe(422);
      expect((await api(`/api/v1/weak-cases/${caseId}/plans`, "reviewer", { ...plan, measures: " " })).status).toBe(
        422,
      );
      const planned = await json(api(`/api/v1/weak-cases/${caseId}/plans`, "reviewer", plan));
      expect(planned.stage).toBe("rectifying");
      expect(planned.plan.firstSecretary).toBe("王某（区财政局）");
      expect(
        (await api(`/api/v1/weak-cases/${caseId}/acceptances`, "reviewer", { result: "passed", findings: "好" }))
          .status,
      ).toBe(409); // no report yet
      expect((await report("reviewer")).status).toBe(403);
      expect((await report("branch", "2099-01")).status).toBe(422);
      const reported = await report();
      expect(reported.status).toBe(201);
      const afterReport = await reported.json();
      expect(afterReport.reportDue).toBe(false);
      expect((await report()).status).toBe(409); // one per month
      const lastMonth = new Date(Date.parse(`${month}-01`) - 86_400_000).toISOString().slice(0, 7);
      expect((await report("branch", lastMonth)).status).toBe(201);
      // Evidence with a report: by its bytes, from the branch only.
      const reportId = afterReport.events.find((e: { kind: string }) => e.kind === "report").id;
      const upload = (user: string, text: string, name = "整顿会议记录.pdf") =>
        fetch(`${server.url}/api/v1/weak-cases/${caseId}/reports/${reportId}/files`, {
          method: "POST",
          headers: { authorization: `Bearer ${tokens[user]}`, "x-file-name": encodeURIComponent(name) },
          body: Buffer.from(text, "latin1"),
        });
      expect((await upload("branch", "MZ\x90\x00 not a pdf")).status).toBe(415);
      expect((await upload("reviewer", "%PDF-1.4\n%%EOF\n")).status).toBe(403);
      const withFile = await upload("branch", "%PDF-1.4\n% report\n%%EOF\n");
      expect(withFile.status).toBe(201);
      const detail = await withFile.json();
      const file = detail.events.find((e: { id: number }) => e.id === reportId).files[0];
      expect(file.name).toBe("整顿会议记录.pdf");
      expect((await api(`/api/v1/files/${file.sha256}`, "reviewer")).status).toBe(200);
      expect((await api(`/api/v1/files/${file.sha256}`, "guangxi-admin")).status).toBe(404);

      // 验收: not yet, then passed; 销号 only after a pass, dated between the pass and today.
      const notYet = await json(
        api(`/api/v1/weak-cases/${caseId}/acceptances`, "reviewer", { result: "not_yet", findings: "制度未落实" }),
      );
      expect(notYet.stage).toBe("rectifying");
      const close = (closedOn: string) => api(`/api/v1/weak-cases/${caseId}/closures`, "reviewer", { closedOn });
      const early = await close(today);
      expect(early.status).toBe(409);
      expect((await early.json()).error).toContain("考核验收通过后才能销号");
      expect(
        (await api(`/api/v1/weak-cases/${caseId}/acceptances`, "branch", { result: "passed", findings: "x" })).status,
      ).toBe(403);
      const passed = await json(
        api(`/api/v1/weak-cases/${caseId}/acceptances`, "reviewer", {
          result: "passed",
          findings: "班子配齐，制度落实",
        }),
      );
      expect(passed.stage).toBe("accepted");
      expect((await close(shift(1))).status).toBe(422);
      expect((await close(shift(-400))).status).toBe(422);
    }
    {
      // feeds next year's context: weakLastYear from the record, weakUnresolved until 销号
      // The facts as the platform computes them for the branch's next 申报 (read from the same database file).
      const context = () => weakHistory(branchId, YEAR);
      expect(context()).toEqual({ weakLastYear: true, weakUnresolved: true });
      const closed = await api(`/api/v1/weak-cases/${caseId}/closures`, "reviewer", { closedOn: today });
      expect(closed.status).toBe(201);
      expect((await closed.json()).stage).toBe("closed");
      expect(context()).toEqual({ weakLastYear: true, weakUnresolved: false });
      // A closed case takes nothing more; its record never changes.
      expect(
        (
          await api(`/api/v1/weak-cases/${caseId}/plans`, "reviewer", {
            problems: "x",
            measures: "x",
            responsible: "x",
            deadline: shift(10),
          })
        ).status,
      ).toBe(409);
      const sqlite = new Database(dbFile);
      expect(() => sqlite.prepare("DELETE FROM weak_case_events").run()).toThrow(/append-only/);
      expect(() => sqlite.prepare("UPDATE weak_cases SET note = 'x'").run()).toThrow(/never changes/);
      sqlite.close();
      const { cases, byChild } = await json(api("/api/v1/weak-cases?region=150100", "hohhot-admin"));
      expect(cases.find((c: { id: number }) => c.id === caseId)).toMatchObject({
        stage: "closed",
        childCode: "150102",
      });
      expect(byChild.find((c: { code: string }) => c.code === "150102")).toMatchObject({ total: 1, closed: 1 });
      // The branch sees its own case; another province's admin does not.
      expect((await api(`/api/v1/weak-cases/${caseId}`, "branch")).status).toBe(200);
      expect((await api(`/api/v1/weak-cases/${caseId}`, "guangxi-admin")).status).toBe(404);
      const actions = query<{ action: string }>(
        "SELECT action FROM audit_log WHERE entity_type = 'weak' AND entity_id = ? ORDER BY id",
        String(caseId),
      ).map((r) => r.action);
      expect(actions).toEqual([
        "weak.confirm",
        "weak.plan",
        "weak.report",
        "weak.report",
        "weak.acceptance",
        "weak.acceptance",
        "weak.closure",
      ]);
    }
  });
});

describe("公示: open, the public page, objections, close, and what counts", () => {
  let early: { id: number; slug: string; items: { id: number; submissionId: number }[] };
  let current: typeof early;

  it("opens 公示s of rated results, shows the public page, records and handles objections, closes, and counts", async () => {
    {
      // rates two results of the year
      for (const user of ["branch", "branch2"]) {
        const { data, review } = caseData();
        const submitted = await api("/api/v1/submissions", user, { year: YEAR, data });
        expect(submitted.status, user).toBe(201);
        const { id } = await submitted.json();
        const rated = await api(`/api/v1/submissions/${id}/reviews`, "reviewer", {
          siping: { review },
          decision: "rate",
          gradeId: "advanced",
          reason: "按实际情况评定",
        });
        expect(rated.status).toBe(201);
        submissions.push(id);
      }
      // The region counts only final results by default: rated but not yet in 公示, they wait.
      const stats = await json(api(`/api/v1/stats?region=150102&year=${YEAR}`, "hohhot-admin"));
      expect(stats.finalOnly).toBe(true);
      expect(stats.pending).toBe(2);
    }
    {
      // refuses a 公示 by a reviewer, out of scope, of unrated results, or twice
      const open = (user: string, body: object) =>
        api("/api/v1/publicities", user, { region: "150102", year: YEAR, ...body });
      expect((await open("reviewer", {})).status).toBe(403);
      expect((await open("guangxi-admin", {})).status).toBe(403);
      const [unrated] = query<{ id: number }>(
        "SELECT id FROM submissions WHERE status = 'submitted' AND region_code LIKE '1501%' LIMIT 1",
      );
      if (unrated) {
        const refused = await api("/api/v1/publicities", "hohhot-admin", {
          region: "150100",
          year: query<{ year: number }>("SELECT year FROM submissions WHERE id = ?", unrated.id)[0].year,
          submissionIds: [unrated.id],
        });
        expect(refused.status).toBe(422);
        expect((await refused.json()).error).toContain("尚未评定");
      }
      expect((await open("hohhot-admin", { submissionIds: [submissions[0]], startsOn: shift(-40) })).status).toBe(422);
      const opened = await open("hohhot-admin", { submissionIds: [submissions[0]], startsOn: shift(-20) });
      expect(opened.status).toBe(201);
      early = await opened.json();
      expect(early.items).toHaveLength(1);
      const twice = await open("hohhot-admin", { submissionIds: [submissions[0]] });
      expect(twice.status).toBe(409);
      expect((await twice.json()).error).toContain("已经公示过");
      const opened2 = await open("hohhot-admin", { startsOn: today });
      expect(opened2.status).toBe(201);
      current = await opened2.json();
      // “All not yet public” took only the second result.
      expect(current.items.map((i) => i.submissionId)).toEqual([submissions[1]]);
      expect((await open("hohhot-admin", {})).status).toBe(409);
    }
    {
      // shows the public page signed out: names, regions, grades and the period — nothing else
      const page = await fetch(`${server.url}/gs/${current.slug}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      const [second] = query<{ name: string }>("SELECT name FROM branches WHERE id = ?", secondBranchId);
      const [first] = query<{ name: string }>("SELECT name FROM branches WHERE id = ?", branchId);
      expect(html).toContain(second.name);
      expect(html).toContain("先进");
      expect(html).toContain("公示期");
      expect(html).not.toContain(first.name);
      const [evaluation] = query<{ score: number }>(
        "SELECT e.score FROM evaluations e JOIN submission_revisions r ON r.id = e.submission_revision_id WHERE r.submission_id = ? ORDER BY e.id DESC LIMIT 1",
        submissions[1],
      );
      expect(html).not.toMatch(new RegExp(`[^0-9.]${evaluation.score}分`));
      expect(html).not.toContain("得分");
      expect(html).not.toContain("党员大会");
      expect(html).not.toContain('"score"');
      expect((await fetch(`${server.url}/gs/nonexistent-slug-xx`)).status).toBe(404);
    }
    {
      // records objections, refuses closing early or with one open, and closes an ended 公示
      const objection = (publicity: typeof early, user = "reviewer") =>
        api(`/api/v1/publicities/${publicity.id}/items/${publicity.items[0].id}/objections`, user, {
          content: "群众反映该村党员大会记录系补写",
          source: "来信",
        });
      expect((await objection(current, "branch")).status).toBe(403);
      expect((await objection(current, "guangxi-admin")).status).toBe(403);
      const recorded = await objection(current);
      expect(recorded.status).toBe(201);
      const detail = await recorded.json();
      expect(detail.items[0].status).toBe("objected");
      const tooEarly = await api(`/api/v1/publicities/${current.id}/close`, "hohhot-admin", {});
      expect(tooEarly.status).toBe(409);
      expect((await tooEarly.json()).error).toContain("期满后才能结束公示");
      // The early one ended with no objection: final at once, and closed.
      const stats = await json(api(`/api/v1/stats?region=150102&year=${YEAR}`, "hohhot-admin"));
      expect(stats.publicity).toMatchObject({ final: 1, objected: 1 });
      expect(stats.pending).toBe(1);
      const closed = await api(`/api/v1/publicities/${early.id}/close`, "hohhot-admin", {});
      expect(closed.status).toBe(200);
      expect((await closed.json()).state).toBe("closed");
      expect((await objection(early)).status).toBe(409);
      expect((await api(`/api/v1/publicities/${early.id}/close`, "hohhot-admin", {})).status).toBe(409);
      // Handled: 不成立, with what was done, once.
      const objectionId = detail.items[0].objections[0].id;
      expect(
        (await api(`/api/v1/objections/${objectionId}/resolution`, "reviewer", { outcome: "dismissed", handling: " " }))
          .status,
      ).toBe(422);
      expect(
        (await api(`/api/v1/objections/${objectionId}/resolution`, "branch", { outcome: "dismissed", handling: "x" }))
          .status,
      ).toBe(403);
      const resolve = () =>
        api(`/api/v1/objections/${objectionId}/resolution`, "reviewer", {
          outcome: "dismissed",
          handling: "经核实记录真实",
        });
      expect((await resolve()).status).toBe(200);
      expect((await resolve()).status).toBe(409);
      const after = await json(api(`/api/v1/publicities/${current.id}`, "reviewer"));
      expect(after.items[0].status).toBe("publicizing");
      // Counting every rated result instead is the region's choice.
      expect((await api("/api/v1/regions/150102/settings", "admin", { finalOnly: false }, "PUT")).status).toBe(200);
      const all = await json(api(`/api/v1/stats?region=150102&year=${YEAR}`, "hohhot-admin"));
      expect(all.pending).toBe(0);
      expect((await api("/api/v1/regions/150102/settings", "admin", { finalOnly: true }, "PUT")).status).toBe(200);
      const sqlite = new Database(dbFile);
      expect(() => sqlite.prepare("DELETE FROM publicity_items").run()).toThrow(/never changes/);
      expect(() => sqlite.prepare("UPDATE publicities SET closed_at = NULL").run()).toThrow(/only ever closed/);
      sqlite.close();
    }
  });
});

describe("the calendar: windows within the parent's, the deadline, reopening", () => {
  const windows = (from: number, to: number, submit: number, review: number) => ({
    selfFrom: shift(from),
    selfTo: shift(to),
    submitDeadline: shift(submit),
    reviewDeadline: shift(review),
  });

  it("sets windows within the parent's, refuses late 申报 until reopened, and lists what each role has to do", async () => {
    {
      // sets windows in order and within the parent's, naming each field refused
      const put = (user: string, region: string, body: object) =>
        api(`/api/v1/calendars/${region}/${YEAR}`, user, body, "PUT");
      expect((await put("admin", "150000", windows(-60, -10, 20, 40))).status).toBe(200);
      const outside = await put("hohhot-admin", "150100", windows(-70, -10, 25, 40));
      expect(outside.status).toBe(422);
      const body = await outside.json();
      expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["$.selfFrom", "$.submitDeadline"]);
      expect(body.error).toContain("内蒙古自治区规定");
      const disorder = await put("hohhot-admin", "150100", windows(-50, -10, 30, 20));
      expect(disorder.status).toBe(422);
      expect((await put("reviewer", "150100", windows(-50, -10, 10, 30))).status).toBe(403);
      expect((await put("hohhot-admin", "150100", windows(-50, -10, 10, 30))).status).toBe(200);
      const { calendar } = await json(api(`/api/v1/calendars/150102/${YEAR}`, "reviewer"));
      expect(calendar).toMatchObject({ regionCode: "150100", submitDeadline: shift(10), own: false });
    }
    {
      // refuses a 申报 after the deadline until the region reopens it for the branch
      const put = await api(`/api/v1/calendars/150102/${YEAR}`, "hohhot-admin", windows(-50, -10, -1, 20), "PUT");
      expect(put.status).toBe(200);
      const { data } = caseData();
      // Both secretaries above have submitted: the deadline is tried by a third village that has not.
      const sqlite = new Database(dbFile);
      const third = sqlite
        .prepare(
          "SELECT id FROM branches WHERE region_code = '150102' AND domain = 'village' AND id NOT IN (?, ?) LIMIT 1",
        )
        .get(branchId, secondBranchId) as { id: number };
      sqlite
        .prepare(
          "INSERT INTO users (username, display_name, password_hash, role, region_code, branch_id) VALUES ('branch3', '第三村书记', 'x', 'branch', '150102', ?)",
        )
        .run(third.id);
      sqlite.close();
      tokens.branch3 = apiToken(dbFile, "branch3");
      const late = await api("/api/v1/submissions", "branch3", { year: YEAR, data });
      expect(late.status).toBe(409);
      expect((await late.json()).error).toMatch(/申报已于 \d{4}-\d{2}-\d{2} 截止（新城区规定）/);
      const stats = await json(api(`/api/v1/stats?region=150102&year=${YEAR}`, "hohhot-admin"));
      expect(stats.overdue).toBeGreaterThan(0);
      const reopen = (user: string, body: object) => api(`/api/v1/branches/${third.id}/reopenings`, user, body);
      expect((await reopen("reviewer", { year: YEAR, until: shift(3), reason: "村书记住院" })).status).toBe(403);
      expect((await reopen("hohhot-admin", { year: YEAR, until: shift(-1), reason: "村书记住院" })).status).toBe(422);
      expect((await reopen("hohhot-admin", { year: YEAR, until: shift(3), reason: " " })).status).toBe(422);
      expect((await reopen("hohhot-admin", { year: YEAR, until: shift(3), reason: "村书记住院" })).status).toBe(201);
      expect((await api("/api/v1/submissions", "branch3", { year: YEAR, data })).status).toBe(201);
      expect(query<{ action: string }>("SELECT action FROM audit_log WHERE action = 'submission.reopen'").length).toBe(
        1,
      );
    }
    {
      // lists what each role has to do, most urgent first, and exports the 催报 list
      const admin = await json(api("/api/v1/todo", "hohhot-admin"));
      const titles = admin.items.map((i: { title: string }) => i.title);
      expect(titles.some((t: string) => /逾期未申报/.test(t))).toBe(true);
      expect(admin.items[0].urgency).toBe("overdue");
      // The same counts as the region's statistics, child region by child region.
      const hohhot = await json(api(`/api/v1/stats?region=150100&year=${YEAR}`, "hohhot-admin"));
      const overdue = hohhot.children.filter((c: { overdue: number }) => c.overdue);
      expect(overdue.length).toBeGreaterThan(0);
      expect(
        admin.items
          .filter((i: { detail?: string }) => i.detail === `${YEAR} 年度申报已截止`)
          .map((i: { title: string }) => i.title),
      ).toEqual(overdue.map((c: { name: string; overdue: number }) => `${c.name}有 ${c.overdue} 个党支部逾期未申报`));
      const reviewer = await json(api("/api/v1/todo", "reviewer"));
      expect(reviewer.items.map((i: { title: string }) => i.title).join()).toMatch(/待评定|公示异议|销号|考核验收/);
      const branch = await json(api("/api/v1/todo", "branch"));
      expect(Array.isArray(branch.items)).toBe(true);
      expect((await api("/api/v1/todo", null)).status).toBe(401);
      const sheet = await api(`/api/v1/exports/reminders?region=150102&year=${YEAR}`, "hohhot-admin");
      expect(sheet.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await sheet.arrayBuffer());
      const rows = workbook.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
      expect(rows[0]).toContain("书记");
      expect(rows[0]).toContain("联系电话");
      expect(rows.length).toBeGreaterThan(2);
      expect((await api(`/api/v1/exports/reminders?region=150102&year=${YEAR}`, "branch")).status).toBe(403);
      expect((await api(`/api/v1/exports/reminders?region=150000&year=${YEAR}`, "hohhot-admin")).status).toBe(403);
    }
    // The deadline back in the future, so that nothing else in this file meets a closed year.
    const reset = await api(`/api/v1/calendars/150102/${YEAR}`, "hohhot-admin", windows(-50, -10, 10, 20), "PUT");
    expect(reset.status).toBe(200);
  });
});
