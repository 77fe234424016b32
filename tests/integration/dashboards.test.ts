import fs from "node:fs";
import path from "node:path";
import { apiAs, queryFile, waitForJob } from "../helpers/api";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiToken, ROOT, startServer, tempDir, type RunningServer } from "../helpers/server";

let server: RunningServer;
let dbFile: string;
const tokens: Record<string, string> = {};
const YEAR = 2026;

const api = apiAs(() => server.url, tokens);

const query = queryFile(() => dbFile);

/** What a 新城区 village types by hand: 呼和浩特's full-marks case without the 四评. */
function handData() {
  const hohhot = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150100/village.json"), "utf8"));
  const { review: _review, ...data } = structuredClone(hohhot.cases[0].data);
  return data as Record<string, Record<string, unknown>>;
}

const valueAt = (data: Record<string, unknown>, p: string) =>
  p
    .replace(/^\$\./, "")
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], data);

async function template(): Promise<ExcelJS.Workbook> {
  const response = await api(`/api/v1/templates/150100/village?year=${YEAR}`, "hohhot-admin");
  expect(response.headers.get("content-type")).toContain("spreadsheetml");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

/** Fills a template row the way a person would in Excel: 是/否 for booleans, text for dates. */
function fillRow(sheet: ExcelJS.Worksheet, rowNumber: number, data: Record<string, unknown>) {
  const paths = sheet.getRow(2).values as string[];
  paths.forEach((p, column) => {
    if (column < 3 || !p) return;
    const value = valueAt(data, p);
    if (value === undefined) return;
    sheet.getCell(rowNumber, column).value =
      typeof value === "boolean" ? (value ? "是" : "否") : (value as ExcelJS.CellValue);
  });
}

async function importFile(buffer: ArrayBuffer | Uint8Array, name = "filled.xlsx", mode = "submit") {
  const response = await api(
    `/api/v1/imports?year=${YEAR}&mode=${mode}&name=${encodeURIComponent(name)}`,
    "hohhot-admin",
    { method: "POST", body: buffer as BodyInit },
  );
  return response;
}

const rowOf = (sheet: ExcelJS.Worksheet, branchName: string) => {
  for (let r = 3; r <= sheet.rowCount; r++) if (sheet.getCell(r, 2).value === branchName) return r;
  throw new Error(`no row for ${branchName}`);
};

beforeAll(async () => {
  dbFile = path.join(tempDir(), "dashboards.db");
  server = await startServer(dbFile);
  for (const user of ["hohhot-admin", "guangxi-admin", "reviewer", "hohhot-reviewer", "branch"])
    tokens[user] = apiToken(dbFile, user);
});

afterAll(async () => {
  await server?.stop();
});

describe("the 最强 ratio", () => {
  const stats = async () => (await api("/api/v1/stats?region=150100&domain=village&year=2025", "hohhot-admin")).json();

  it("divides by every branch in scope and counts a branch rated at two levels once, with the higher level's grade", async () => {
    const before = await stats();
    const villages = query<{ n: number }>(
      "SELECT count(*) AS n FROM branches WHERE domain = 'village' AND region_code IN ('150100', '150102')",
    )[0].n;
    expect(before.branches).toBe(villages);
    expect(before.strongest).toBeGreaterThan(0);
    expect(before.ratio).toBeCloseTo(before.strongest / villages);
    expect(before.status.none).toBe(2);

    // A submission 新城区 rated 最强 is rated again by 呼和浩特 (level 2): still one branch, one 最强.
    const [rated] = query<{ id: number }>(
      "SELECT s.id FROM submissions s JOIN reviews r ON r.submission_id = s.id WHERE s.year = 2025 AND s.domain = 'village' AND r.grade_id = 'strongest' ORDER BY s.id LIMIT 1",
    );
    const siping = JSON.parse(
      query<{ siping: string }>("SELECT siping FROM reviews WHERE submission_id = ?", rated.id)[0].siping,
    );
    const again = await api(`/api/v1/submissions/${rated.id}/reviews`, "hohhot-reviewer", {
      method: "POST",
      json: { siping, decision: "rate", gradeId: "strongest" },
    });
    expect(again.status).toBe(201);
    const twice = await stats();
    expect(twice.strongest).toBe(before.strongest);
    expect(twice.branches).toBe(before.branches);

    // When the higher level rates lower, the higher level's grade is the one that counts.
    const lower = await api(`/api/v1/submissions/${rated.id}/reviews`, "hohhot-reviewer", {
      method: "POST",
      json: { siping, decision: "rate", gradeId: "advanced", reason: "市级复核：群众满意度调查有待提高" },
    });
    expect(lower.status).toBe(201);
    const after = await stats();
    expect(after.strongest).toBe(before.strongest - 1);
    expect(after.children).toEqual([
      expect.objectContaining({ code: "150102", name: "新城区", strongest: after.strongest, branches: villages }),
    ]);
  });

  it("compares with the year's target, configurable per region, and shows the trend", async () => {
    const defaults = await stats();
    expect(defaults.target).toMatchObject({ ratio: 0.5, regionCode: "150000", year: 2023 });
    expect(
      (
        await api("/api/v1/targets", "hohhot-admin", {
          method: "POST",
          json: { region: "150100", year: 2025, ratio: 0.6 },
        })
      ).status,
    ).toBe(200);
    expect((await stats()).target).toMatchObject({ ratio: 0.6, regionCode: "150100", year: 2025 });
    expect(
      (
        await api("/api/v1/targets", "guangxi-admin", {
          method: "POST",
          json: { region: "150100", year: 2025, ratio: 0.1 },
        })
      ).status,
    ).toBe(403);
    const bad = await api("/api/v1/targets", "hohhot-admin", {
      method: "POST",
      json: { region: "150100", year: 2025, ratio: 60 },
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors[0].path).toBe("$.ratio");
    expect(defaults.trend.map((t: { year: number }) => t.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
    expect(defaults.trend.find((t: { year: number }) => t.year === 2024).strongest).toBeGreaterThan(0);
  });

  it("keeps each region's statistics to those who may see them", async () => {
    expect((await api("/api/v1/stats?region=150100&year=2025", "reviewer")).status).toBe(403);
    expect((await api("/api/v1/stats?region=150102&year=2025", "reviewer")).status).toBe(200);
    expect((await api("/api/v1/stats?year=2025", "branch")).status).toBe(403);
  });
});

describe("Excel in and out", () => {
  it("imports a template filled by a script with the same scores as entering the data by hand, and only once", async () => {
    const data = handData();
    const byHand = await api("/api/v1/submissions", "branch", {
      method: "POST",
      json: { year: YEAR, data: { ...data, basic: { ...data.basic, branchName: "新城区红旗村党支部" } } },
    });
    expect(byHand.status).toBe(201);
    const hand = (await byHand.json()).result;

    const workbook = await template();
    const sheet = workbook.getWorksheet("填报")!;
    expect(sheet.getCell(1, 3).value).toBe("基本信息 / 党支部名称");
    expect(sheet.getRow(1).values).toContain("基本信息 / 党员人数（名）");
    const target = "新城区新胜村党支部";
    const row = rowOf(sheet, target);
    fillRow(sheet, row, { ...data, basic: { ...data.basic, branchName: target } });
    const first = await importFile(await workbook.xlsx.writeBuffer());
    expect(first.status).toBe(202);
    const report = (await waitForJob(api, "hohhot-admin", (await first.json()).job)).result;
    expect(report).toMatchObject({ rows: 1, stored: 1, unchanged: 0, failed: 0, errors: [] });

    const [stored] = query<{ result: string }>(
      "SELECT e.result FROM evaluations e JOIN submission_revisions r ON r.id = e.submission_revision_id JOIN submissions s ON s.id = r.submission_id JOIN branches b ON b.id = s.branch_id WHERE b.name = ? AND s.year = ?",
      target,
      YEAR,
    );
    const imported = JSON.parse(stored.result);
    expect(imported.score).toBe(hand.score);
    expect(imported.grade).toEqual(hand.grade);
    expect(imported.indicators).toEqual(hand.indicators);
    expect(imported.unmet).toEqual(hand.unmet);

    const again = await importFile(await workbook.xlsx.writeBuffer());
    expect((await waitForJob(api, "hohhot-admin", (await again.json()).job)).result).toMatchObject({
      rows: 1,
      stored: 0,
      unchanged: 1,
    });
    expect(
      query<{ n: number }>(
        "SELECT count(*) AS n FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id JOIN branches b ON b.id = s.branch_id WHERE b.name = ?",
        target,
      )[0].n,
    ).toBe(1);
  });

  it("stores the good rows of a file with broken ones, and reports each bad row, column and reason in Chinese", async () => {
    const workbook = await template();
    const sheet = workbook.getWorksheet("填报")!;
    const data = handData();
    const good = rowOf(sheet, "新城区保合少村党支部");
    const badNumber = rowOf(sheet, "新城区东干丈村党支部");
    const badChoice = rowOf(sheet, "新城区讨号板村党支部");
    fillRow(sheet, good, data);
    fillRow(sheet, badNumber, data);
    fillRow(sheet, badChoice, data);
    const paths = sheet.getRow(2).values as string[];
    const memberCount = paths.indexOf("$.basic.memberCount");
    const oneShoulder = paths.indexOf("$.basic.oneShoulder");
    sheet.getCell(badNumber, memberCount).value = "二十";
    // A second problem in the same row, of the kind the form checks: reported in the same pass.
    const studies = paths.indexOf("$.political.studySessions");
    sheet.getCell(badNumber, studies).value = 999;
    sheet.getCell(badChoice, oneShoulder).value = "也许";
    sheet.getCell(badChoice, paths.indexOf("$.basic.branchName")).value = null;
    // Answers that contradict each other (the standard's consistency checks), in the same pass.
    const probationary = paths.indexOf("$.basic.probationaryCount");
    sheet.getCell(badChoice, probationary).value = 999;

    const response = await importFile(await workbook.xlsx.writeBuffer(), "mixed.xlsx", "draft");
    const report = (await waitForJob(api, "hohhot-admin", (await response.json()).job)).result;
    expect(report).toMatchObject({ rows: 3, stored: 1, failed: 2 });
    const letter = (n: number) =>
      String.fromCharCode(64 + Math.floor((n - 1) / 26)).replace("@", "") + String.fromCharCode(65 + ((n - 1) % 26));
    expect(report.errors).toEqual(
      expect.arrayContaining([
        { row: badNumber, column: letter(memberCount), field: "基本信息 / 党员人数（名）", message: "应为数值" },
        {
          row: badNumber,
          column: letter(studies),
          field: expect.stringContaining("本年度集中学习次数"),
          message: expect.stringContaining("366"),
        },
        {
          row: badChoice,
          column: letter(oneShoulder),
          field: expect.stringContaining("一肩挑"),
          message: "应填“是”或“否”",
        },
        {
          row: badChoice,
          column: letter(probationary),
          field: expect.stringContaining("其中预备党员"),
          message: "其中预备党员人数不能多于党员人数",
        },
      ]),
    );
    const drafts = query<{ name: string }>(
      "SELECT b.name FROM submission_drafts d JOIN branches b ON b.id = d.branch_id WHERE d.year = ?",
      YEAR,
    );
    expect(drafts.map((d) => d.name)).toEqual(["新城区保合少村党支部"]);
  });

  it("refuses a file that is not xlsx, one over the size limit and a damaged one at once, with a clear message", async () => {
    const csv = await importFile(new TextEncoder().encode("支部编号,支部名称\n1,红旗村"), "data.csv");
    expect(csv.status).toBe(415);
    expect((await csv.json()).error).toContain("不是 Excel（.xlsx）文件");
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    const oversize = await importFile(big, "big.xlsx");
    expect(oversize.status).toBe(413);
    expect((await oversize.json()).error).toContain("不能超过 10 MB");
    const broken = new Uint8Array(2048);
    broken.set([0x50, 0x4b, 0x03, 0x04]);
    const damaged = await importFile(broken, "broken.xlsx");
    expect(damaged.status).toBe(422);
    expect((await damaged.json()).error).toContain("无法读取该 Excel 文件");
  });

  it("exports the 台账 with indicator scores, vetoes, unmet requirements, grade and rule-set revision", async () => {
    const start = await api("/api/v1/exports/ledger", "hohhot-admin", {
      method: "POST",
      json: { region: "150100", domain: "village", year: 2025 },
    });
    expect(start.status).toBe(202);
    const job = await waitForJob(api, "hohhot-admin", (await start.json()).job);
    expect(job).toMatchObject({ status: "done", done: job.total });
    expect(JSON.stringify(job)).not.toMatch(/ledger\.xlsx|\/tmp\//);
    const response = await api(`/api/v1/jobs/${job.id}/xlsx`, "hohhot-admin");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("嘎查村、村")!;
    const headers = sheet.getRow(1).values as string[];
    expect(headers).toEqual(
      expect.arrayContaining([
        "支部名称",
        "评定等次",
        "总分",
        "政治功能强",
        "负面情形",
        "未达要求",
        "佐证材料（份）",
        "其中合格",
        "评价标准版本",
      ]),
    );
    const expected = query<{ n: number }>(
      "SELECT count(*) AS n FROM submissions s JOIN branches b ON b.id = s.branch_id WHERE s.year = 2025 AND s.domain = 'village' AND b.region_code IN ('150100', '150102')",
    )[0].n;
    expect(sheet.rowCount - 1).toBe(expected);
    // The standard by its title, never its id; the demo's evidence counted for each row.
    expect(sheet.getCell(2, headers.indexOf("评价标准版本")).value).toMatch(/评定标准（第 \d+ 版）$/);
    const evidence = [...Array(sheet.rowCount - 1).keys()].map((i) =>
      Number(sheet.getCell(i + 2, headers.indexOf("佐证材料（份）")).value),
    );
    expect(evidence.some((n) => n > 0)).toBe(true);

    // Sent once: the server keeps no copy of the 台账 after it is downloaded.
    const again = await api(`/api/v1/jobs/${job.id}/xlsx`, "hohhot-admin");
    expect(again.status).toBe(410);
    expect((await again.json()).error).toContain("请重新导出");
  });
});
