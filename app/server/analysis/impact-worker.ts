/** A worker thread's share of an impact analysis: scans its range and reports progress, then the outcome. */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { scanRange, type ScanTask } from "./impact-scan.server";

const task = workerData as ScanTask;
const db = new Database(task.dbFile, { readonly: true, fileMustExist: true });
try {
  const scan = scanRange(db, task);
  for (let step = scan.next(); ; step = scan.next()) {
    if (step.done) {
      parentPort!.postMessage({ kind: "done", outcome: step.value });
      break;
    }
    parentPort!.postMessage({ kind: "progress", done: step.value });
  }
} finally {
  db.close();
}
