import { and, asc, eq, isNull } from "drizzle-orm";
import ExcelJS from "exceljs";
import { recordExport } from "../audit/audit.server";
import { safeRow } from "./workbook.server";
import { fieldAt, listFields, type FormField } from "~/engine/forms";
import { parsePath } from "~/engine/path";
import type { Form } from "~/engine/types";
import { reviewerSections } from "~/engine/validate";
import { domainTitle } from "~/utils/domains";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import { inRegionTree, regionName } from "../regions/regions.server";
import { effectiveStandard, publishedStandard } from "../rulesets/standards.server";

export const SHEET = "填报";
export const HEADER_ROWS = 2;

/** The fields a branch fills, as template columns: leaves outside the reviewer's sections and outside lists. */
export function templateFields(form: Form): FormField[] {
  const reviewer = reviewerSections(form.uiSchema);
  return listFields(form.schema).filter((f) => {
    if (f.path.includes("[]") || f.type === "object" || f.type === "array") return false;
    return !reviewer.includes(f.path.split(".")[1]);
  });
}

export const header = (f: FormField) => `${f.title}${f.unit ? `（${f.unit}）` : ""}`;
export const isDateField = (form: Form, f: FormField) => {
  const parsed = parsePath(f.path);
  return parsed.ok && fieldAt(form.schema, parsed.segments)?.format === "date";
};

/**
 * A fill-in template from a published rule set's form: one row per branch in the actor's scope measured against
 * that rule set in the year, one column per field (titles and units in the header, the field path in a hidden
 * second row), lists for enumerations and 是/否, and an instructions sheet.
 */
export async function buildTemplate(
  actor: Actor,
  rulesetId: string,
  year: number,
): Promise<{ workbook: ExcelJS.Workbook; filename: string }> {
  const [regionCode, domain] = rulesetId.split("/");
  authorize(actor, { action: "submission.import", regionCode: actor.regionCode }, "填报模板");
  const standard = publishedStandard(rulesetId);
  if (!standard?.ruleset.form) throw domainError(404, `未找到已发布的规则集 ${rulesetId} 或其表单。`);
  const form = standard.ruleset.form;
  const fields = templateFields(form);
  const branches = getDb()
    .select()
    .from(schema.branches)
    .where(
      and(
        eq(schema.branches.domain, domain),
        inRegionTree(schema.branches.regionCode, actor.regionCode),
        isNull(schema.branches.dissolvedAt),
      ),
    )
    .orderBy(asc(schema.branches.regionCode), asc(schema.branches.id))
    .all()
    .filter((b) => effectiveStandard(b.regionCode, domain, year)?.ruleset.id === rulesetId);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "支部标尺";
  const sheet = workbook.addWorksheet(SHEET, { views: [{ state: "frozen", xSplit: 2, ySplit: HEADER_ROWS }] });
  sheet.columns = [
    { header: "支部编号", key: "branchId", width: 10 },
    { header: "支部名称", key: "branchName", width: 30 },
    ...fields.map((f) => ({
      header: header(f),
      key: f.path,
      width: Math.min(40, Math.max(12, header(f).length * 1.6)),
    })),
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: "middle" };
  sheet.getRow(1).height = 48;
  const paths = sheet.getRow(2);
  paths.values = ["branchId", "branchName", ...fields.map((f) => f.path)];
  paths.hidden = true;
  for (const b of branches) sheet.addRow(safeRow({ branchId: b.id, branchName: b.name }));
  const lastRow = Math.max(HEADER_ROWS + branches.length, HEADER_ROWS + 1);
  fields.forEach((f, i) => {
    const column = sheet.getColumn(i + 3);
    const list = f.type === "boolean" ? ["是", "否"] : f.enum?.map(String);
    const date = isDateField(form, f);
    for (let row = HEADER_ROWS + 1; row <= lastRow; row++) {
      const cell = sheet.getCell(row, i + 3);
      if (list)
        cell.dataValidation = {
          type: "list",
          allowBlank: true,
          formulae: [`"${list.join(",")}"`],
          showErrorMessage: true,
          errorTitle: "请从列表中选择",
          error: `可选：${list.join("、")}`,
        };
      else if (f.type === "integer")
        cell.dataValidation = {
          type: "whole",
          operator: "greaterThanOrEqual",
          allowBlank: true,
          formulae: [-1e9],
          showErrorMessage: true,
          error: "应为整数",
        };
      else if (f.type === "number")
        cell.dataValidation = {
          type: "decimal",
          operator: "greaterThanOrEqual",
          allowBlank: true,
          formulae: [-1e12],
          showErrorMessage: true,
          error: "应为数值",
        };
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
  recordExport(actor, "template", rulesetId, actor.regionCode, { year, branches: branches.length });
  return {
    workbook,
    filename: `填报模板-${regionName(regionCode)}-${domainTitle(domain)}-${year}.xlsx`,
  };
}
