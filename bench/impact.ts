/**
 * Impact over stored submissions: reads every submission revision from SQLite and scores it under two rule-set
 * revisions with the compiled evaluator, split across worker threads. Used by the benchmark; runs as a worker too.
 */
import os from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { createCompiledEvaluator } from "../app/engine/compile";
import { ImpactTally, type ImpactSummary } from "../app/engine/impact";
import type { JsonObject, ResolvedRuleset } from "../app/engine/types";

type Job = { dbFile: string; a: ResolvedRuleset; b: ResolvedRuleset; from: number; to: number };

function scoreRange({ dbFile, a, b, from, to }: Job): ImpactSummary {
  const sqlite = new Database(dbFile, { readonly: true });
  const [ea, eb] = [createCompiledEvaluator(a), createCompiledEvaluator(b)];
  const tally = new ImpactTally();
  const rows = sqlite.prepare("SELECT id, data FROM submission_revisions WHERE id >= ? AND id < ? ORDER BY id").raw().iterate(from, to) as Iterable<[number, string]>;
  for (const [id, json] of rows) {
    const submission = { data: JSON.parse(json) as JsonObject, context: { branch: { ageYears: 3 } } };
    tally.add(id, ea.scoreSync(submission, { trace: false }), eb.scoreSync(submission, { trace: false }));
  }
  sqlite.close();
  return tally.summary();
}

if (!isMainThread && workerData?.job) parentPort!.postMessage(scoreRange(workerData.job as Job));

/** Splits the stored revisions into one range per core and merges the tallies. */
export async function impactFromDatabase(dbFile: string, a: ResolvedRuleset, b: ResolvedRuleset, workerFile: string): Promise<ImpactSummary> {
  const sqlite = new Database(dbFile, { readonly: true });
  const { lo, hi } = sqlite.prepare("SELECT min(id) AS lo, max(id) AS hi FROM submission_revisions").get() as { lo: number; hi: number };
  sqlite.close();
  const threads = Math.max(1, Math.min(os.availableParallelism(), 4));
  const step = Math.ceil((hi - lo + 1) / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const job: Job = { dbFile, a, b, from: lo + i * step, to: Math.min(hi + 1, lo + (i + 1) * step) };
      return new Promise<ImpactSummary>((resolve, reject) => {
        const worker = new Worker(workerFile, { workerData: { job } });
        worker.once("message", resolve);
        worker.once("error", reject);
      });
    }),
  );
  const counts = new Map<string, { from: string; to: string; count: number }>();
  for (const part of parts) for (const t of part.transitions) {
    const key = `${t.from}\u0000${t.to}`;
    const entry = counts.get(key) ?? { ...t, count: 0 };
    entry.count += t.count;
    counts.set(key, entry);
  }
  const items = parts.flatMap((p) => p.items);
  return { total: parts.reduce((n, p) => n + p.total, 0), changed: items.length, transitions: [...counts.values()], items };
}
