/**
 * Reads an uploaded workbook in a worker thread with a bounded heap: the limits first, then either the first
 * worksheet (its template header rows checked before any data row) or every worksheet whose first row is one of the
 * given headers (a workbook of several sheets, recognised by content, not by name). Messages: `checked` once the
 * header is right, then `rows` (or `sheets`), or `refused` with the status and Chinese reason.
 */
import { Readable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import ExcelJS from "exceljs";
import { DomainError } from "../platform/http.server";
import type { SheetTask, SheetsTask } from "./sheet-reader.server";
import { inspectXlsx, streamingOrder } from "./xlsx-limits.server";

const task = workerData as SheetTask | SheetsTask;
const post = (message: unknown) => parentPort!.postMessage(message);
const lastHeaderRow = "header" in task ? Math.max(0, ...task.header.map((h) => h.row)) : 1;

function checkHeader(rows: ExcelJS.CellValue[][], header: SheetTask["header"]) {
  for (const expected of header)
    if (rows[expected.row - 1]?.[expected.column] !== expected.text) throw new DomainError(422, expected.message);
  post({ kind: "checked" });
}

const openWorkbook = () =>
  new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([streamingOrder(task.bytes)]), {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    entries: "ignore",
  });

function checkWidth(values: ExcelJS.CellValue[], rowNumber: number) {
  if (values.length > task.limits.columns + 1)
    throw new DomainError(413, `该 Excel 文件第 ${rowNumber} 行超过 ${task.limits.columns} 列，超出平台的上限。`);
}

async function readFirstSheet(header: SheetTask["header"]): Promise<ExcelJS.CellValue[][]> {
  const rows: ExcelJS.CellValue[][] = [];
  const reader = openWorkbook();
  let checked = false;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      if (!checked && row.number > lastHeaderRow) {
        checkHeader(rows, header);
        checked = true;
      }
      const values = row.values as ExcelJS.CellValue[];
      checkWidth(values, row.number);
      rows[row.number - 1] = values;
    }
    break;
  }
  if (!checked) checkHeader(rows, header);
  return Array.from(rows, (r) => r ?? []);
}

const matches = (values: ExcelJS.CellValue[], header: string[]) =>
  header.every((text, i) => String(values[i + 1] ?? "").trim() === text);

async function readSheetsByHeader(task: SheetsTask): Promise<Record<string, ExcelJS.CellValue[][]>> {
  const found: Record<string, ExcelJS.CellValue[][]> = {};
  for await (const sheet of openWorkbook()) {
    let rows: ExcelJS.CellValue[][] | undefined;
    let first = true;
    for await (const row of sheet) {
      const values = row.values as ExcelJS.CellValue[];
      checkWidth(values, row.number);
      if (first) {
        first = false;
        const spec = row.number === 1 ? task.sheets.find((s) => !found[s.key] && matches(values, s.header)) : undefined;
        if (spec) rows = found[spec.key] = [];
      }
      if (rows) rows[row.number - 1] = values;
    }
  }
  if (!Object.keys(found).length) throw new DomainError(422, task.notTemplate);
  post({ kind: "checked" });
  return Object.fromEntries(Object.entries(found).map(([key, rows]) => [key, Array.from(rows, (r) => r ?? [])]));
}

try {
  inspectXlsx(task.bytes, task.limits);
  if ("sheets" in task) post({ kind: "sheets", sheets: await readSheetsByHeader(task) });
  else post({ kind: "rows", rows: await readFirstSheet(task.header) });
} catch (error) {
  post(
    error instanceof DomainError
      ? { kind: "refused", status: error.status, message: error.message }
      : {
          kind: "refused",
          status: 422,
          message: "无法读取该 Excel 文件：文件可能已损坏。请用平台导出的模板重新填写后上传。",
        },
  );
}
