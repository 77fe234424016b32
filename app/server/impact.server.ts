import { sql } from "drizzle-orm";
import { createCompiledEvaluator } from "~/engine/compile";
import { ImpactTally } from "~/engine/impact";
import { isPlainObject } from "~/engine/json";
import type { EvaluationContext, JsonObject } from "~/engine/types";
import { reviewerSections } from "~/engine/validate";
import { authorize } from "./access.server";
import type { Actor } from "./auth.server";
import { compareRulesets, type Comparison, type RulesetRef } from "./compare.server";
import { getDb } from "./db.server";
import { jsonError } from "./http.server";
import { startJob, timeSlicer, type Progress } from "./jobs.server";
import { getRegion } from "./regions.server";

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

type StoredRow = { id: number; branchName: string; regionCode: string; year: number; data: string; context: string | null; siping: string | null };

const CHUNK = 500;

/** Checks the request and starts re-scoring in the background; the job's result is an ImpactReport. */
export function startImpact(actor: Actor, a: RulesetRef, b: RulesetRef, filter: ImpactFilter) {
  const regionCode = filter.region ?? actor.regionCode;
  if (!getRegion(regionCode)) throw jsonError(422, "筛选条件有误", [{ path: "$.filter.region", message: `区域 ${regionCode} 不存在` }]);
  authorize(actor, { action: "region.read", regionCode }, `区域 ${regionCode} 的申报`);
  if (filter.year !== undefined && (!Number.isInteger(filter.year) || filter.year < 2000 || filter.year > 2100)) {
    throw jsonError(422, "筛选条件有误", [{ path: "$.filter.year", message: "年度应为 2000–2100 之间的整数" }]);
  }
  const comparison = compareRulesets(actor, a, b);
  return startJob(actor, "impact", (progress) => scoreStored(comparison, regionCode, filter.year, progress));
}

/**
 * Re-scores the latest revision of every stored submission of the first rule set's domain in the region (and
 * year) under both rule sets, with the context it was scored with and the latest 四评 merged in as 评定 does. Reads
 * by keyset pages and gives the event loop back every few milliseconds so the server keeps answering.
 */
async function scoreStored(comparison: ReturnType<typeof compareRulesets>, regionCode: string, year: number | undefined, progress: Progress): Promise<ImpactReport> {
  const [ra, rb] = comparison.rulesets;
  const region = getRegion(regionCode)!;
  const db = getDb();
  const scope = sql`s.domain = ${ra.domain} AND s.status <> 'revoked' AND (r.path = ${region.path} OR r.path LIKE ${region.path + "/%"})${year ? sql` AND s.year = ${year}` : sql``}`;
  const { total } = db.get<{ total: number }>(sql`SELECT count(*) AS total FROM submissions s JOIN branches b ON b.id = s.branch_id JOIN regions r ON r.code = b.region_code WHERE ${scope}`);
  const [ea, eb] = [createCompiledEvaluator(ra), createCompiledEvaluator(rb)];
  const sections = ra.form ? reviewerSections(ra.form.uiSchema) : [];
  const tally = new ImpactTally();
  const stored = new Map<number, Pick<StoredRow, "id" | "branchName" | "regionCode" | "year">>();
  let scoreChanged = 0;
  let lastId = 0;
  let done = 0;
  const pause = timeSlicer();
  progress(0, total);
  for (;;) {
    await pause();
    const rows = db.all<StoredRow>(sql`
      SELECT s.id, b.name AS branchName, b.region_code AS regionCode, s.year, sr.data,
             (SELECT e.context FROM evaluations e WHERE e.submission_revision_id = sr.id ORDER BY e.id DESC LIMIT 1) AS context,
             (SELECT rv.siping FROM reviews rv WHERE rv.submission_id = s.id ORDER BY rv.id DESC LIMIT 1) AS siping
      FROM submissions s
      JOIN branches b ON b.id = s.branch_id
      JOIN regions r ON r.code = b.region_code
      JOIN submission_revisions sr ON sr.submission_id = s.id
        AND sr.revision = (SELECT max(revision) FROM submission_revisions WHERE submission_id = s.id)
      WHERE ${scope} AND s.id > ${lastId}
      ORDER BY s.id LIMIT ${CHUNK}`);
    if (!rows.length) break;
    for (const row of rows) {
      await pause();
      const data = JSON.parse(row.data) as JsonObject;
      const siping = row.siping ? (JSON.parse(row.siping) as JsonObject) : {};
      for (const section of sections) if (isPlainObject(siping[section])) data[section] = siping[section];
      const submission = { data, context: (row.context ? JSON.parse(row.context) : {}) as EvaluationContext };
      const x = ea.scoreSync(submission, { trace: false });
      const y = eb.scoreSync(submission, { trace: false });
      tally.add(row.id, x, y);
      if (x.score !== y.score) scoreChanged++;
      if (x.grade.id !== y.grade.id) stored.set(row.id, { id: row.id, branchName: row.branchName, regionCode: row.regionCode, year: row.year });
    }
    lastId = rows[rows.length - 1].id;
    done += rows.length;
    progress(done, total);
  }
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
        regionName: getRegion(row.regionCode)?.name ?? row.regionCode,
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
