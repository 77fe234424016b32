import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import { fieldAt, listFields, type FormField } from "~/engine/forms";
import { canonicalJson } from "~/engine/json";
import { parsePath } from "~/engine/path";
import type { Form, JsonObject, Result } from "~/engine/types";
import { reviewerSections, validateFormData } from "~/engine/validate";
import { domainTitle } from "~/utils/domains";
import { SUBMISSION_STATUS_TITLES } from "~/utils/roles";
import { authorize, can } from "./access.server";
import { recordAudit } from "./audit.server";
import type { Actor } from "./auth.server";
import { getDb, schema } from "./db.server";
import { jsonError } from "./http.server";
import { timeSlicer, type Progress } from "./jobs.server";
import { getRegion, regionsWithin } from "./regions.server";
import { effectiveStandard, publishedStandard, standardByRevisionId } from "./standards.server";
import { countedRating, getDraft, storeDraft, storeSubmission } from "./workflow.server";

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const SHEET = "填报";
const HEADER_ROWS = 2;

/** The fields a branch fills, as template columns: leaves outside the reviewer's sections and outside lists. */
export function templateFields(form: Form): FormField[] {
  const reviewer = reviewerSections(form.uiSchema);
  return listFields(form.schema).filter((f) => {
    if (f.path.includes("[]") || f.type === "object" || f.type === "array") return false;
    return !reviewer.includes(f.path.split(".")[1]);
  });
}

const header = (f: FormField) => `${f.title}${f.unit ? `（${f.unit}）` : ""}`;
const isDateField = (form: Form, f: FormField) => {
  const parsed = parsePath(f.path);
  return parsed.ok && fieldAt(form.schema, parsed.segments)?.format === "date";
};

/**
 * A fill-in template from a published rule set's form: one row per branch in the actor's scope measured against
 * that rule set in the year, one column per field (titles and units in the header, the field path in a hidden
 * second row), lists for enumerations and 是/否, and an instructions sheet.
 */
export async function buildTemplate(actor: Actor, rulesetId: string, year: number): Promise<{ workbook: ExcelJS.Workbook; filename: string }> {
  const [regionCode, domain] = rulesetId.split("/");
  authorize(actor, { action: "submission.import", regionCode: actor.regionCode }, "填报模板");
  const standard = publishedStandard(rulesetId);
  if (!standard?.ruleset.form) throw jsonError(404, `未找到已发布的规则集 ${rulesetId} 或其表单。`);
  const form = standard.ruleset.form;
  const fields = templateFields(form);
  const branches = getDb()
    .select()
    .from(schema.branches)
    .where(and(eq(schema.branches.domain, domain), inArray(schema.branches.regionCode, regionsWithin(actor.regionCode).map((r) => r.code))))
    .orderBy(asc(schema.branches.regionCode), asc(schema.branches.id))
    .all()
    .filter((b) => effectiveStandard(b.regionCode, domain, year)?.ruleset.id === rulesetId);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "支部标尺";
  const sheet = workbook.addWorksheet(SHEET, { views: [{ state: "frozen", xSplit: 2, ySplit: HEADER_ROWS }] });
  sheet.columns = [
    { header: "支部编号", key: "branchId", width: 10 },
    { header: "支部名称", key: "branchName", width: 30 },
    ...fields.map((f) => ({ header: header(f), key: f.path, width: Math.min(40, Math.max(12, header(f).length * 1.6)) })),
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: "middle" };
  sheet.getRow(1).height = 48;
  const paths = sheet.getRow(2);
  paths.values = ["branchId", "branchName", ...fields.map((f) => f.path)];
  paths.hidden = true;
  for (const b of branches) sheet.addRow({ branchId: b.id, branchName: b.name });
  const lastRow = Math.max(HEADER_ROWS + branches.length, HEADER_ROWS + 1);
  fields.forEach((f, i) => {
    const column = sheet.getColumn(i + 3);
    const list = f.type === "boolean" ? ["是", "否"] : f.enum?.map(String);
    const date = isDateField(form, f);
    for (let row = HEADER_ROWS + 1; row <= lastRow; row++) {
      const cell = sheet.getCell(row, i + 3);
      if (list) cell.dataValidation = { type: "list", allowBlank: true, formulae: [`"${list.join(",")}"`], showErrorMessage: true, errorTitle: "请从列表中选择", error: `可选：${list.join("、")}` };
      else if (f.type === "integer") cell.dataValidation = { type: "whole", operator: "greaterThanOrEqual", allowBlank: true, formulae: [-1e9], showErrorMessage: true, error: "应为整数" };
      else if (f.type === "number") cell.dataValidation = { type: "decimal", operator: "greaterThanOrEqual", allowBlank: true, formulae: [-1e12], showErrorMessage: true, error: "应为数值" };
      if (date) cell.numFmt = "yyyy-mm-dd";
    }
    column.key = f.path;
  });
  const help = workbook.addWorksheet("填写说明");
  help.columns = [{ header: "说明", key: "text", width: 100 }];
  for (const text of [
    `评价标准：${standard.ruleset.title}（${rulesetId} 第 ${standard.revision.revision} 版），${year} 年度。`,
    "每行一个党支部；不要修改“支部编号”列、表头和隐藏的第 2 行（字段路径）。",
    "“是/否”和带选项的列请从下拉列表中选择；日期写成 2025-01-31；空着的单元格视为未填写。",
    "“四评”由评定人在平台中填写，不在本模板中。",
    "导入时逐行校验：有错误的行不会保存，并在导入报告中列出行号、列和原因；正确的行照常保存。同一文件重复导入不会重复保存。",
  ])
    help.addRow({ text });
  return { workbook, filename: `填报模板-${getRegion(regionCode)?.name ?? regionCode}-${domainTitle(domain)}-${year}.xlsx` };
}

export type ImportError = { row: number; column: string; field: string; message: string };
export type ImportReport = { rows: number; stored: number; unchanged: number; failed: number; errors: ImportError[] };

const columnLetter = (n: number) => {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

function cellText(value: ExcelJS.CellValue): string | number | boolean | Date | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "object" && !(value instanceof Date)) {
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((t) => t.text).join("");
    if ("text" in value) return String(value.text);
    return null;
  }
  return value as string | number | boolean | Date;
}

/** One cell as the form's type, or why it cannot be. */
function convert(raw: ReturnType<typeof cellText>, field: FormField, date: boolean): { value?: unknown; problem?: string } {
  if (raw === null) return {};
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).trim();
  if (text === "") return {};
  if (date) {
    // A date typed into a cell without the date format arrives as Excel's day number.
    if (typeof raw === "number" && raw > 0 && raw < 100_000) return { value: new Date(Math.round((raw - 25569) * 86_400_000)).toISOString().slice(0, 10) };
    return /^\d{4}-\d{2}-\d{2}$/.test(text) ? { value: text } : { problem: "应为日期，如 2025-01-31" };
  }
  if (field.type === "boolean") {
    if (raw === true || text === "是" || text === "true") return { value: true };
    if (raw === false || text === "否" || text === "false") return { value: false };
    return { problem: "应填“是”或“否”" };
  }
  if (field.type === "number" || field.type === "integer") {
    const n = typeof raw === "number" ? raw : Number(text);
    if (!Number.isFinite(n)) return { problem: "应为数值" };
    if (field.type === "integer" && !Number.isInteger(n)) return { problem: "应为整数" };
    return { value: n };
  }
  return { value: text };
}

function setAt(target: JsonObject, pathText: string, value: unknown) {
  const keys = pathText.replace(/^\$\./, "").split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as JsonObject;
  node[keys.at(-1)!] = value as JsonObject[string];
}

/**
 * The first worksheet's rows as arrays of cell values (1-based, like exceljs's `row.values`; index = row number − 1),
 * read as a stream so that a large file never holds the event loop for long.
 */
async function readFirstSheet(bytes: Uint8Array, pause: () => Promise<void>): Promise<ExcelJS.CellValue[][]> {
  const rows: ExcelJS.CellValue[][] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), { worksheets: "emit", sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", entries: "ignore" });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        rows[row.number - 1] = row.values as ExcelJS.CellValue[];
        await pause();
      }
      break;
    }
  } catch {
    throw jsonError(422, "无法读取该 Excel 文件：文件可能已损坏。");
  }
  return Array.from(rows, (r) => r ?? []);
}

/** Refuses what is not an xlsx file (a zip) before anything parses it. */
export function checkUpload(bytes: Uint8Array, name: string) {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (!zip || !/\.xlsx$/i.test(name)) throw jsonError(415, `文件 ${name} 不是 Excel（.xlsx）文件：请用平台导出的填报模板填写后上传。`);
}

/**
 * Imports a filled template: every row checked against the form of the standard its branch is measured by; a bad
 * row is reported (row, column, Chinese message) and skipped, good rows are stored as drafts or submissions.
 * Submissions carry an idempotency key from the row's content, so importing the same file again stores nothing twice.
 */
export async function importWorkbook(actor: Actor, bytes: Uint8Array, options: { year: number; mode: "draft" | "submit" }, progress: Progress): Promise<ImportReport> {
  const pause = timeSlicer();
  const rowsRead = await readFirstSheet(bytes, pause);
  const [titleRow, pathRow] = rowsRead;
  const paths = (pathRow ?? []).map((v) => (typeof v === "string" ? v : ""));
  if (paths[1] !== "branchId") throw jsonError(422, "这不是平台导出的填报模板：第 2 行缺少字段路径。请重新下载模板。");
  const titles = (titleRow ?? []).map((v) => String(cellText(v) ?? ""));
  const report: ImportReport = { rows: 0, stored: 0, unchanged: 0, failed: 0, errors: [] };
  const total = Math.max(0, rowsRead.length - HEADER_ROWS);
  progress(0, total);
  for (let index = HEADER_ROWS; index < rowsRead.length; index++) {
    const values = rowsRead[index] ?? [];
    const r = index + 1;
    const cells = paths.map((_, c) => (c >= 3 ? cellText(values[c]) : null));
    progress(index - HEADER_ROWS, total);
    await pause();
    // A template row nobody filled in (only the branch's number and name) is not part of the import.
    if (cells.every((v) => v === null)) continue;
    report.rows++;
    const fail = (column: number, message: string) => report.errors.push({ row: r, column: columnLetter(column), field: titles[column] || paths[column] || "", message });
    const branchId = Number(cellText(values[1]));
    const branch = Number.isInteger(branchId) ? getDb().select().from(schema.branches).where(eq(schema.branches.id, branchId)).get() : undefined;
    if (!branch || !can(actor, { action: "submission.import", regionCode: branch.regionCode })) {
      fail(1, branch ? "该支部不在您的管理范围内" : "支部编号不存在");
      report.failed++;
      continue;
    }
    const standard = effectiveStandard(branch.regionCode, branch.domain, options.year);
    const form = standard?.ruleset.form;
    if (!standard || !form) {
      fail(1, `${options.year} 年度没有适用于该支部的已发布评价标准`);
      report.failed++;
      continue;
    }
    const fields = new Map(templateFields(form).map((f) => [f.path, f]));
    const data: JsonObject = {};
    const before = report.errors.length;
    paths.forEach((p, c) => {
      if (c < 3 || !p) return;
      const field = fields.get(p);
      if (!field) return fail(c, "模板中的这一列不在该支部适用的表单中（请重新下载模板）");
      const { value, problem } = convert(cells[c], field, isDateField(form, field));
      if (problem) fail(c, problem);
      else if (value !== undefined) setAt(data, p, value);
    });
    if (report.errors.length === before) {
      for (const problem of validateFormData(form, data, { forbidSections: reviewerSections(form.uiSchema) })) {
        const column = paths.indexOf(problem.path);
        fail(column > 0 ? column : 1, problem.message);
      }
    }
    if (report.errors.length > before) {
      report.failed++;
      continue;
    }
    try {
      if (options.mode === "draft") {
        const existing = getDraft(branch.id, branch.domain, options.year);
        if (existing && canonicalJson(existing.data) === canonicalJson(data)) report.unchanged++;
        else {
          storeDraft(actor, branch.id, branch.domain, options.year, data);
          report.stored++;
        }
      } else {
        const key = "import:" + createHash("sha256").update(canonicalJson([branch.id, branch.domain, options.year, data])).digest("hex");
        const outcome = await storeSubmission(actor, { branchId: branch.id, domain: branch.domain, year: options.year, data, idempotencyKey: key });
        if (outcome.replayed) report.unchanged++;
        else report.stored++;
      }
    } catch (thrown) {
      const message = thrown instanceof Response ? ((await thrown.json()) as { error: string }).error : String(thrown);
      fail(1, message);
      report.failed++;
    }
  }
  progress(total, total);
  getDb().transaction((tx) =>
    recordAudit(tx, actor, { action: "submission.import", entityType: "import", entityId: `${options.year}/${options.mode}`, regionCode: actor.regionCode, after: { ...report, errors: report.errors.length } }),
  );
  return report;
}

/**
 * The 台账: every evaluated branch of the region (and domain) in the year with its indicator scores, vetoes, unmet
 * requirements, counted grade and rule-set revision — one sheet per domain — written as a stream to a file.
 */
export async function exportLedger(actor: Actor, filter: { region: string; domain?: string; year: number }, progress: Progress): Promise<{ file: string; rows: number }> {
  authorize(actor, { action: "region.read", regionCode: filter.region }, `区域 ${filter.region} 的台账`);
  const db = getDb();
  const codes = regionsWithin(filter.region).map((r) => r.code);
  const scope = and(eq(schema.submissions.year, filter.year), inArray(schema.branches.regionCode, codes), filter.domain ? eq(schema.submissions.domain, filter.domain) : undefined);
  const total = db.select({ id: schema.submissions.id }).from(schema.submissions).innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId)).where(scope).all().length;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "branchmark-ledger-")), "ledger.xlsx");
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const sheets = new Map<string, ExcelJS.Worksheet>();
  const sheetFor = (domain: string, indicators: { id: string; title: string }[]) => {
    let sheet = sheets.get(domain);
    if (sheet) return sheet;
    sheet = workbook.addWorksheet(domainTitle(domain).replace(/[\\/?*[\]:]/g, "、"), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = [
      { header: "支部名称", key: "branch", width: 32 },
      { header: "所属区域", key: "region", width: 12 },
      { header: "状态", key: "status", width: 10 },
      { header: "评定等次", key: "grade", width: 14 },
      { header: "规则给出的等次", key: "ruleGrade", width: 14 },
      { header: "总分", key: "score", width: 8 },
      ...indicators.map((i) => ({ header: i.title, key: `i:${i.id}`, width: 12 })),
      { header: "负面情形", key: "vetoes", width: 40 },
      { header: "未达要求", key: "unmet", width: 40 },
      { header: "预警", key: "flags", width: 30 },
      { header: "规则集版本", key: "ruleset", width: 22 },
    ];
    sheet.getRow(1).font = { bold: true };
    sheets.set(domain, sheet);
    return sheet;
  };
  const standards = new Map<number, ReturnType<typeof standardByRevisionId>>();
  let lastId = 0;
  let done = 0;
  const pause = timeSlicer();
  progress(0, total);
  for (;;) {
    await pause();
    const page = db
      .select({ submission: schema.submissions, branch: schema.branches })
      .from(schema.submissions)
      .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
      .where(and(scope, gt(schema.submissions.id, lastId)))
      .orderBy(asc(schema.submissions.id))
      .limit(500)
      .all();
    if (!page.length) break;
    const ids = page.map((p) => p.submission.id);
    const latest = new Map<number, { result: Result; rulesetRevisionId: number }>();
    for (const e of db
      .select({ submissionId: schema.submissionRevisions.submissionId, result: schema.evaluations.result, rulesetRevisionId: schema.evaluations.rulesetRevisionId })
      .from(schema.evaluations)
      .innerJoin(schema.submissionRevisions, eq(schema.submissionRevisions.id, schema.evaluations.submissionRevisionId))
      .where(inArray(schema.submissionRevisions.submissionId, ids))
      .orderBy(asc(schema.evaluations.id))
      .all())
      latest.set(e.submissionId, { result: e.result as Result, rulesetRevisionId: e.rulesetRevisionId });
    const reviews = new Map<number, (typeof schema.reviews.$inferSelect)[]>();
    for (const r of db.select().from(schema.reviews).where(inArray(schema.reviews.submissionId, ids)).all()) reviews.set(r.submissionId, [...(reviews.get(r.submissionId) ?? []), r]);
    for (const { submission, branch } of page) {
      await pause();
      const evaluation = latest.get(submission.id);
      if (!evaluation) continue;
      const standard = standards.get(evaluation.rulesetRevisionId) ?? standardByRevisionId(evaluation.rulesetRevisionId);
      standards.set(evaluation.rulesetRevisionId, standard);
      const result = evaluation.result;
      const grade = countedRating(reviews.get(submission.id) ?? []);
      sheetFor(submission.domain, standard.ruleset.indicators)
        .addRow({
          branch: branch.name,
          region: getRegion(branch.regionCode)?.name ?? branch.regionCode,
          status: SUBMISSION_STATUS_TITLES[submission.status] ?? submission.status,
          grade: grade ? (standard.ruleset.grades.find((g) => g.id === grade.gradeId)?.title ?? grade.gradeId) : "",
          ruleGrade: result.grade.title,
          score: result.score,
          ...Object.fromEntries(result.indicators.map((i) => [`i:${i.id}`, i.score])),
          vetoes: result.vetoes.map((v) => v.message).join("；"),
          unmet: result.unmet.map((u) => u.message).join("；"),
          flags: result.flags.map((f) => f.message).join("；"),
          ruleset: `${standard.ruleset.id}@${standard.revision.revision}`,
        })
        .commit();
    }
    lastId = ids.at(-1)!;
    done += page.length;
    progress(done, total);
  }
  if (!sheets.size) sheetFor(filter.domain ?? "village", []);
  await workbook.commit();
  return { file, rows: done };
}
