import path from "node:path";
import { Worker } from "node:worker_threads";
import type ExcelJS from "exceljs";
import { DomainError, domainError } from "../platform/http.server";
import { XLSX_LIMITS, type XlsxLimits } from "./xlsx-limits.server";

/** A cell the template must have (`row` 1-based, `column` 1-based like exceljs's `row.values`), or `message`. */
export type HeaderCell = { row: number; column: number; text: string; message: string };
export type SheetTask = { bytes: Uint8Array; header: HeaderCell[]; limits: XlsxLimits };
/** Sheets recognised by their first row (`header`, from column A), whatever their names. */
export type SheetsTask = {
  bytes: Uint8Array;
  sheets: { key: string; header: string[] }[];
  notTemplate: string;
  limits: XlsxLimits;
};
/** Rows as exceljs's `row.values` (index 0 unused), index = row number − 1. */
export type SheetRows = ExcelJS.CellValue[][];

/** A sheet whose limits and header have been checked; its rows arrive when the worker has read them all. */
export type OpenedSheet = { rows: () => Promise<SheetRows> };

/** The worker's heap: a file within the limits needs a fraction of it; one that slips past them dies alone. */
const WORKER_HEAP_MB = 192;
const READ_TIMEOUT_MS = 120_000;

type Message =
  | { kind: "checked" }
  | { kind: "rows"; rows: SheetRows }
  | { kind: "sheets"; sheets: Record<string, SheetRows> }
  | { kind: "refused"; status: number; message: string };

/**
 * Opens the first worksheet of an uploaded workbook in a worker thread with a bounded heap and a time limit. Resolves
 * once the file is within `XLSX_LIMITS` and its header cells are the template's, so a wrong or oversized file is
 * refused (Chinese message naming the limit) before any data row is read and before any job starts.
 */
export function openFirstSheet(bytes: Uint8Array, header: HeaderCell[], limits = XLSX_LIMITS): Promise<OpenedSheet> {
  return runSheetWorker<SheetRows>({ bytes, header, limits } satisfies SheetTask, WORKER_HEAP_MB);
}

/**
 * Reads every worksheet of a workbook whose first row is one of `sheets`' headers (others, such as an instructions
 * sheet, are skipped), in the same bounded worker; rows by sheet key. Refused with `notTemplate` when none matches.
 */
export async function readSheetsByHeader(
  task: Omit<SheetsTask, "bytes">,
  bytes: Uint8Array,
  heapMb: number,
): Promise<Record<string, SheetRows>> {
  const opened = await runSheetWorker<Record<string, SheetRows>>({ ...task, bytes }, heapMb);
  return opened.rows();
}

function runSheetWorker<R>(workerData: SheetTask | SheetsTask, heapMb: number): Promise<{ rows: () => Promise<R> }> {
  const worker = new Worker(path.resolve("app/server/spreadsheets/sheet-worker.mjs"), {
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
  });
  return new Promise((resolveOpen, rejectOpen) => {
    let opened = false;
    let outcome: R | Error | undefined;
    let waiting: { resolve: (rows: R) => void; reject: (error: Error) => void } | undefined;

    const open = () => {
      opened = true;
      resolveOpen({
        rows: () => {
          if (outcome instanceof Error) return Promise.reject(outcome);
          if (outcome) return Promise.resolve(outcome);
          return new Promise((resolve, reject) => (waiting = { resolve, reject }));
        },
      });
    };
    const settle = (result: R | Error) => {
      if (outcome) return;
      outcome = result;
      clearTimeout(timer);
      void worker.terminate();
      if (!opened && result instanceof Error) return rejectOpen(result);
      if (!opened) open();
      if (result instanceof Error) waiting?.reject(result);
      else waiting?.resolve(result);
    };
    const timer = setTimeout(
      () => settle(domainError(413, "读取该 Excel 文件超时：请按地区拆分后分批导入。")),
      READ_TIMEOUT_MS,
    );
    timer.unref();

    worker.on("message", (message: Message) => {
      if (message.kind === "checked") open();
      else if (message.kind === "refused") settle(new DomainError(message.status, message.message));
      else settle((message.kind === "rows" ? message.rows : message.sheets) as R);
    });
    worker.once("error", (error) =>
      settle(
        (error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY"
          ? domainError(413, "该 Excel 文件读取时所需内存超出平台的上限：请按地区拆分后分批导入。")
          : domainError(422, "无法读取该 Excel 文件：文件可能已损坏。"),
      ),
    );
    worker.once("exit", () => settle(domainError(422, "无法读取该 Excel 文件：读取过程意外中止。")));
  });
}
