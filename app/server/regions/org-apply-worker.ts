/** A worker thread's organisation import: its own connection, one transaction, progress as it goes. */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../platform/db.server";
import { applyOrgPlan } from "./org-apply.server";
import type { OrgApplyTask } from "./org-import-job.server";

const task = workerData as OrgApplyTask;
const { sqlite } = openDatabase(task.dbFile);
try {
  const applied = applyOrgPlan(sqlite, task.actorId, task.plan, (done, total) =>
    parentPort!.postMessage({ kind: "progress", done, total }),
  );
  parentPort!.postMessage({ kind: "done", applied });
} catch (error) {
  parentPort!.postMessage({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
} finally {
  sqlite.close();
}
