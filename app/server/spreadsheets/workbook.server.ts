import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";

export type SheetSpec = {
  name: string;
  columns: { header: string; key: string; width?: number }[];
  rows: Record<string, unknown>[];
};

/**
 * Text a person typed, made safe for a spreadsheet cell (CSV/formula injection): a value that starts like a formula
 * (`=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading apostrophe, so no spreadsheet program
 * ever evaluates it, even after the file is saved as CSV.
 */
export function cellText<V>(value: V): V | string {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** What a read cell holds: a formula's result, rich text's or a hyperlink's text; null when empty or an error. */
export function cellValue(value: ExcelJS.CellValue | undefined): string | number | boolean | Date | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "object" && !(value instanceof Date)) {
    if ("result" in value) return cellValue(value.result as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((t) => t.text).join("");
    if ("text" in value) return String(value.text);
    return null;
  }
  return value as string | number | boolean | Date;
}

/** Every string of a row through `cellText`. */
export const safeRow = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key, cellText(value)]));

/** A workbook of simple sheets: bold, frozen Chinese header row, auto filter. */
export function buildWorkbook(sheets: SheetSpec[]): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "支部标尺";
  workbook.created = new Date();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = spec.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width ?? Math.max(10, c.header.length * 2 + 2),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.addRows(spec.rows.map(safeRow));
    if (spec.rows.length)
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
  }
  return workbook;
}

/** An .xlsx download with its Chinese file name. */
export function xlsxResponse(body: BodyInit, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    },
  });
}

export async function workbookResponse(workbook: ExcelJS.Workbook, filename: string): Promise<Response> {
  return xlsxResponse((await workbook.xlsx.writeBuffer()) as ArrayBuffer, filename);
}

/** Sends a workbook written to its own temporary folder, and removes the folder once it has been sent. */
export function sendOnce(file: string, filename: string): Response {
  const stream = fs
    .createReadStream(file)
    .once("close", () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  return xlsxResponse(Readable.toWeb(stream) as ReadableStream, filename);
}

/** A workbook streamed to a file in a temporary folder of its own, to be sent once (`sendOnce`) or attached to a job. */
export function streamedWorkbook(name: string): { file: string; workbook: ExcelJS.stream.xlsx.WorkbookWriter } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "branchmark-xlsx-")), name);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  workbook.creator = "支部标尺";
  return { file, workbook };
}
