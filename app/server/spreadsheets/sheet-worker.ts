/**
 * Reads the first worksheet of an uploaded workbook in a worker thread with a bounded heap: the limits first, then
 * the template's header rows, then the data rows. Messages: `checked` once the header is right, then `rows`, or `refused` with the status and Chinese reason.
 */
import { Readable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import ExcelJS from "exceljs";
import { DomainError } from "../platform/http.server";
import type { SheetTask } from "./sheet-reader.server";
import { inspectXlsx } from "./xlsx-limits.server";

const task = workerData as SheetTask;
const post = (message: unknown) => parentPort!.postMessage(message);
const lastHeaderRow = Math.max(0, ...task.header.map((h) => h.row));

function checkHeader(rows: ExcelJS.CellValue[][]) {
  for (const expected of task.header)
    if (rows[expected.row - 1]?.[expected.column] !== expected.text) throw new DomainError(422, expected.message);
  post({ kind: "checked" });
}

async function readFirstSheet(): Promise<ExcelJS.CellValue[][]> {
  const rows: ExcelJS.CellValue[][] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(task.bytes)]), {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    entries: "ignore",
  });
  let checked = false;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      if (!checked && row.number > lastHeaderRow) {
        checkHeader(rows);
        checked = true;
      }
      const values = row.values as ExcelJS.CellValue[];
      if (values.length > task.limits.columns + 1)
        throw new DomainError(413, `该 Excel 文件第 ${row.number} 行超过 ${task.limits.columns} 列，超出平台的上限。`);
      rows[row.number - 1] = values;
    }
    break;
  }
  if (!checked) checkHeader(rows);
  return Array.from(rows, (r) => r ?? []);
}

try {
  inspectXlsx(task.bytes, task.limits);
  post({ kind: "rows", rows: await readFirstSheet() });
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
