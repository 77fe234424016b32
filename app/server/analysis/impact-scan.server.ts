/**
 * Re-scoring stored submissions for impact analysis over one range of submission ids, on a connection of its own:
 * impact.server.ts runs it in worker threads (impact-worker.ts), so that a large analysis uses every core and leaves
 * the server's event loop free. Plain better-sqlite3 and relative imports: the worker loads this without the app.
 */
import type Database from "better-sqlite3";
import { createCompiledEvaluator } from "../../engine/compile";
import { ImpactTally, type ImpactSummary } from "../../engine/impact";
import { isPlainObject } from "../../engine/json";
import type { EvaluationContext, GivenMaterialCounts, JsonObject, ResolvedRuleset } from "../../engine/types";

/** Which submissions: a domain's, in a region and its descendants, of one year or all. */
export type ImpactScope = { domain: string; regionPath: string; year: number | null };
export type ScanTask = {
  dbFile: string;
  a: ResolvedRuleset;
  b: ResolvedRuleset;
  reviewerSections: string[];
  scope: ImpactScope;
  fromId: number;
  toId: number;
};
export type ChangedSubmission = { id: number; branchName: string; regionCode: string; year: number };
export type ScanOutcome = { summary: ImpactSummary; changed: ChangedSubmission[]; scoreChanged: number };

const SCOPE_JOINS = "FROM submissions s JOIN branches b ON b.id = s.branch_id JOIN regions r ON r.code = b.region_code";
const IN_SCOPE =
  "s.domain = @domain AND s.status <> 'revoked' AND (r.path = @regionPath OR r.path LIKE @regionPath || '/%') AND (@year IS NULL OR s.year = @year)";

/** How many submissions are in scope, and the range of their ids. */
export function scopeExtent(db: Database.Database, scope: ImpactScope): { total: number; lo: number; hi: number } {
  const row = db
    .prepare(`SELECT count(*) AS total, min(s.id) AS lo, max(s.id) AS hi ${SCOPE_JOINS} WHERE ${IN_SCOPE}`)
    .get(scope) as { total: number; lo: number | null; hi: number | null };
  return { total: row.total, lo: row.lo ?? 0, hi: row.hi ?? -1 };
}

type StoredRow = {
  id: number;
  branchName: string;
  regionCode: string;
  year: number;
  data: string;
  context: string | null;
  materials: string | null;
  siping: string | null;
};

/**
 * The latest revision of every submission in scope with ids in [fromId, toId), scored under both rule sets with the
 * context it was scored with and the latest 四评 merged in as 评定 does. Yields the rows done after each page.
 */
export function* scanRange(db: Database.Database, task: ScanTask, pageSize = 500): Generator<number, ScanOutcome> {
  const page = db.prepare(`
    SELECT s.id, b.name AS branchName, b.region_code AS regionCode, s.year, sr.data,
           (SELECT e.context FROM evaluations e WHERE e.submission_revision_id = sr.id ORDER BY e.id DESC LIMIT 1) AS context,
           (SELECT e.materials FROM evaluations e WHERE e.submission_revision_id = sr.id ORDER BY e.id DESC LIMIT 1) AS materials,
           (SELECT rv.siping FROM reviews rv WHERE rv.submission_id = s.id ORDER BY rv.id DESC LIMIT 1) AS siping
    ${SCOPE_JOINS}
    JOIN submission_revisions sr ON sr.submission_id = s.id
      AND sr.revision = (SELECT max(revision) FROM submission_revisions WHERE submission_id = s.id)
    WHERE ${IN_SCOPE} AND s.id > @after AND s.id < @toId
    ORDER BY s.id LIMIT @pageSize`);
  const [ea, eb] = [createCompiledEvaluator(task.a), createCompiledEvaluator(task.b)];
  const tally = new ImpactTally();
  const changed: ChangedSubmission[] = [];
  let scoreChanged = 0;
  let after = task.fromId - 1;
  let done = 0;
  for (;;) {
    const rows = page.all({ ...task.scope, after, toId: task.toId, pageSize }) as StoredRow[];
    if (!rows.length) break;
    for (const row of rows) {
      const data = JSON.parse(row.data) as JsonObject;
      const siping = row.siping ? (JSON.parse(row.siping) as JsonObject) : {};
      for (const section of task.reviewerSections) if (isPlainObject(siping[section])) data[section] = siping[section];
      const submission = {
        data,
        context: (row.context ? JSON.parse(row.context) : {}) as EvaluationContext,
        ...(row.materials ? { materials: JSON.parse(row.materials) as GivenMaterialCounts } : {}),
      };
      const x = ea.scoreSync(submission, { trace: false });
      const y = eb.scoreSync(submission, { trace: false });
      tally.add(row.id, x, y);
      if (x.score !== y.score) scoreChanged++;
      if (x.grade.id !== y.grade.id)
        changed.push({ id: row.id, branchName: row.branchName, regionCode: row.regionCode, year: row.year });
    }
    after = rows[rows.length - 1].id;
    done += rows.length;
    yield done;
  }
  return { summary: tally.summary(), changed, scoreChanged };
}
