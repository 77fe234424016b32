import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { type FormField } from "~/engine/forms";
import { canonicalJson, unsafeTextReason } from "~/engine/json";
import type { JsonObject } from "~/engine/types";
import { reviewerSections, validateFormData } from "~/engine/validate";
import { inconsistentAnswers } from "~/utils/consistency";
import { can } from "../auth/access.server";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { DomainError, domainError } from "../platform/http.server";
import { timeSlicer, type Progress } from "../platform/jobs.server";
import { effectiveStandard } from "../rulesets/standards.server";
import { getDraft } from "../submissions/repository.server";
import { storeDraft } from "../submissions/drafts.server";
import { storeSubmission } from "../submissions/submit.server";
import { type HeaderCell, type OpenedSheet } from "./sheet-reader.server";
import { HEADER_ROWS, isDateField, templateFields } from "./template.server";
import { cellValue } from "./workbook.server";

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export type ImportError = { row: number; column: string; field: string; message: string };
export type ImportReport = { rows: number; stored: number; unchanged: number; failed: number; errors: ImportError[] };

const columnLetter = (n: number) => {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

/** One cell as the form's type, or why it cannot be. */
function convert(
  raw: ReturnType<typeof cellValue>,
  field: FormField,
  date: boolean,
): { value?: unknown; problem?: string } {
  if (raw === null) return {};
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).trim();
  if (text === "") return {};
  const unsafe = unsafeTextReason(text);
  if (unsafe) return { problem: unsafe };
  if (date) {
    // A date typed into a cell without the date format arrives as Excel's day number.
    if (typeof raw === "number" && raw > 0 && raw < 100_000)
      return { value: new Date(Math.round((raw - 25569) * 86_400_000)).toISOString().slice(0, 10) };
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

/** The cell that marks a filled template: row 2 holds the form paths, starting with `branchId`. */
export const TEMPLATE_HEADER: HeaderCell[] = [
  {
    row: 2,
    column: 1,
    text: "branchId",
    message: "这不是平台导出的填报模板：第 2 行缺少字段路径。请重新下载模板。",
  },
];

/** Refuses what is not an xlsx file (a zip) before anything parses it. */
export function checkUpload(bytes: Uint8Array, name: string, template = "平台导出的填报模板") {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (!zip || !/\.xlsx$/i.test(name))
    throw domainError(415, `文件 ${name} 不是 Excel（.xlsx）文件：请用${template}填写后上传。`);
}

/**
 * Imports a filled template: every row checked against the form of the standard its branch is measured by; a bad
 * row is reported (row, column, Chinese message) and skipped, good rows are stored as drafts or submissions.
 * Submissions carry an idempotency key from the row's content, so importing the same file again stores nothing twice.
 */
export async function importWorkbook(
  actor: Actor,
  sheet: OpenedSheet,
  options: { year: number; mode: "draft" | "submit" },
  progress: Progress,
): Promise<ImportReport> {
  const pause = timeSlicer();
  const rowsRead = await sheet.rows();
  const [titleRow, pathRow] = rowsRead;
  const paths = (pathRow ?? []).map((v) => (typeof v === "string" ? v : ""));
  const titles = (titleRow ?? []).map((v) => String(cellValue(v) ?? ""));
  const report: ImportReport = { rows: 0, stored: 0, unchanged: 0, failed: 0, errors: [] };
  const total = Math.max(0, rowsRead.length - HEADER_ROWS);
  progress(0, total);
  for (let index = HEADER_ROWS; index < rowsRead.length; index++) {
    const values = rowsRead[index] ?? [];
    const r = index + 1;
    const cells = paths.map((_, c) => (c >= 3 ? cellValue(values[c]) : null));
    progress(index - HEADER_ROWS, total);
    await pause();
    // A template row nobody filled in (only the branch's number and name) is not part of the import.
    if (cells.every((v) => v === null)) continue;
    report.rows++;
    const fail = (column: number, message: string) =>
      report.errors.push({
        row: r,
        column: columnLetter(column),
        field: titles[column] || paths[column] || "",
        message,
      });
    const branchId = Number(cellValue(values[1]));
    const branch = Number.isInteger(branchId)
      ? getDb().select().from(schema.branches).where(eq(schema.branches.id, branchId)).get()
      : undefined;
    if (!branch || !can(actor, { action: "submission.import", regionCode: branch.regionCode })) {
      // One message for both, so an import cannot probe which ids exist in other regions.
      fail(1, "支部编号不存在或不在您的管理范围内");
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
    // The form's own checks run on every row, so a row's errors all arrive in one report; a cell that could not be
    // read already has its message, and is not reported again as missing.
    const unreadable = new Set(report.errors.slice(before).map((e) => e.column));
    for (const problem of [
      ...validateFormData(form, data, { forbidSections: reviewerSections(form.uiSchema) }),
      ...inconsistentAnswers(standard.ruleset, data),
    ]) {
      const column = paths.indexOf(problem.path);
      if (!unreadable.has(columnLetter(column > 0 ? column : 1))) fail(column > 0 ? column : 1, problem.message);
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
        const key =
          "import:" +
          createHash("sha256")
            .update(canonicalJson([branch.id, branch.domain, options.year, data]))
            .digest("hex");
        const outcome = await storeSubmission(actor, {
          branchId: branch.id,
          domain: branch.domain,
          year: options.year,
          data,
          idempotencyKey: key,
        });
        if (outcome.replayed) report.unchanged++;
        else report.stored++;
      }
    } catch (thrown) {
      if (!(thrown instanceof DomainError)) throw thrown;
      fail(1, thrown.message);
      report.failed++;
    }
  }
  progress(total, total);
  getDb().transaction((tx) =>
    recordAudit(tx, actor, {
      action: "submission.import",
      entityType: "import",
      entityId: `${options.year}/${options.mode}`,
      regionCode: actor.regionCode,
      after: { ...report, errors: report.errors.length },
    }),
  );
  return report;
}
