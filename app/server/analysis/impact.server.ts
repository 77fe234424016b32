import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { ImpactTally } from "~/engine/impact";
import { reviewerSections } from "~/engine/validate";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { compareRulesets, type Comparison, type RulesetRef } from "./compare.server";
import { databasePath, getDb } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import { requireYear } from "../platform/validation.server";
import { scopeExtent, type ImpactScope, type ScanOutcome, type ScanTask } from "./impact-scan.server";
import { startJob, type Progress } from "../platform/jobs.server";
import { getRegion, regionName } from "../regions/regions.server";

export type ImpactFilter = { region?: string; year?: number };

export type ImpactBranch = {
  submissionId: number;
  branchName: string;
  regionName: string;
  year: number;
  from: string;
  to: string;
  scoreA: number;
  scoreB: number;
  delta: number;
};

export type ImpactReport = {
  a: Comparison["a"];
  b: Comparison["b"];
  domain: string;
  filter: { region: string; regionName: string; year: number | null };
  grades: { id: string; title: string }[];
  total: number;
  changed: number;
  scoreChanged: number;
  transitions: { from: string; to: string; count: number }[];
  branches: ImpactBranch[];
};

/** Checks the request and starts re-scoring in the background; the job's result is an ImpactReport. */
export function startImpact(actor: Actor, a: RulesetRef, b: RulesetRef, filter: ImpactFilter) {
  const regionCode = filter.region ?? actor.regionCode;
  if (!getRegion(regionCode))
    throw domainError(422, "筛选条件有误", [{ path: "$.filter.region", message: `区域 ${regionCode} 不存在` }]);
  authorize(actor, { action: "region.read", regionCode }, `区域 ${regionCode} 的申报`);
  if (filter.year !== undefined) requireYear(filter.year, "$.filter.year");
  const comparison = compareRulesets(actor, a, b);
  return startJob(actor, "impact", (progress) => scoreStored(comparison, regionCode, filter.year, progress));
}

/** A worker thread scanning one range; `onProgress` gets its rows done so far. */
function scanInWorker(task: ScanTask, onProgress: (done: number) => void): Promise<ScanOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.resolve("app/server/analysis/impact-worker.mjs"), { workerData: task });
    worker.on("message", (message: { kind: "progress"; done: number } | { kind: "done"; outcome: ScanOutcome }) => {
      if (message.kind === "progress") onProgress(message.done);
      else resolve(message.outcome);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`影响分析的工作线程异常退出（${code}）`)));
  });
}

/**
 * Re-scores the latest revision of every stored submission of the first rule set's domain in the region (and
 * year) under both rule sets, split by submission id across worker threads (one per core, at least 5,000
 * submissions each), which read the database on connections of their own.
 */
async function scoreStored(
  comparison: ReturnType<typeof compareRulesets>,
  regionCode: string,
  year: number | undefined,
  progress: Progress,
): Promise<ImpactReport> {
  const [ra, rb] = comparison.rulesets;
  const region = getRegion(regionCode)!;
  const scope: ImpactScope = { domain: ra.domain, regionPath: region.path, year: year ?? null };
  const { total, lo, hi } = scopeExtent(getDb().$client, scope);
  progress(0, total);
  const workers = Math.max(1, Math.min(os.availableParallelism(), 4, Math.ceil(total / 5000)));
  const step = Math.ceil((hi - lo + 1) / workers);
  const sections = ra.form ? reviewerSections(ra.form.uiSchema) : [];
  const done = new Array<number>(workers).fill(0);
  const parts = total
    ? await Promise.all(
        done.map((_, i) =>
          scanInWorker(
            {
              dbFile: databasePath(),
              a: ra,
              b: rb,
              reviewerSections: sections,
              scope,
              fromId: lo + i * step,
              toId: Math.min(hi + 1, lo + (i + 1) * step),
            },
            (n) => {
              done[i] = n;
              progress(
                done.reduce((sum, d) => sum + d, 0),
                total,
              );
            },
          ),
        ),
      )
    : [];
  const tally = new ImpactTally();
  for (const part of parts) tally.absorb(part.summary);
  const stored = new Map(parts.flatMap((part) => part.changed).map((row) => [row.id, row]));
  const scoreChanged = parts.reduce((sum, part) => sum + part.scoreChanged, 0);
  const order = [...ra.grades, ...rb.grades.filter((g) => !ra.grades.some((x) => x.id === g.id))];
  const summary = tally.summary(order.map((g) => g.id));
  return {
    a: comparison.a,
    b: comparison.b,
    domain: ra.domain,
    filter: { region: regionCode, regionName: region.name, year: year ?? null },
    grades: order.map(({ id, title }) => ({ id, title })),
    total: summary.total,
    changed: summary.changed,
    scoreChanged,
    transitions: summary.transitions,
    branches: summary.items.map((item) => {
      const row = stored.get(item.line)!;
      return {
        submissionId: row.id,
        branchName: row.branchName,
        regionName: regionName(row.regionCode),
        year: row.year,
        from: item.from,
        to: item.to,
        scoreA: item.scoreA,
        scoreB: item.scoreB,
        delta: Math.round((item.scoreB - item.scoreA) * 1e6) / 1e6,
      };
    }),
  };
}
