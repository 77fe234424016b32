import type { EvaluationContext, JsonObject, MaterialCounts, Result } from "~/engine/types";
import { and, asc, count, desc, eq, inArray, like, sql } from "drizzle-orm";
import type { Actor } from "../auth/session.server";
import { authorize } from "../auth/access.server";
import { getDb, preparedOnce, schema, type DB } from "../platform/db.server";
import { domainError, notFound } from "../platform/http.server";
import { inRegionTree, regionName } from "../regions/regions.server";
import { standardByRevisionId } from "../rulesets/standards.server";

/** A submission with its revisions, their evaluations, and the reviews. */
export function getSubmission(id: number) {
  const db = getDb();
  const row = db
    .select({ submission: schema.submissions, branch: schema.branches })
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(eq(schema.submissions.id, id))
    .get();
  if (!row) throw notFound(`申报 ${id}`);
  const revisions = db
    .select()
    .from(schema.submissionRevisions)
    .where(eq(schema.submissionRevisions.submissionId, id))
    .orderBy(asc(schema.submissionRevisions.revision))
    .all();
  const evaluations = revisions.length
    ? db
        .select()
        .from(schema.evaluations)
        .where(
          inArray(
            schema.evaluations.submissionRevisionId,
            revisions.map((r) => r.id),
          ),
        )
        .orderBy(asc(schema.evaluations.id))
        .all()
    : [];
  const reviews = db
    .select()
    .from(schema.reviews)
    .where(eq(schema.reviews.submissionId, id))
    .orderBy(asc(schema.reviews.id))
    .all();
  return {
    ...row.submission,
    branchId: row.branch.id,
    branchName: row.branch.name,
    revisions: revisions.map(({ idempotencyKey: _key, ...r }) => r),
    evaluations,
    reviews,
  };
}

export type SubmissionRow = {
  id: number;
  branchId: number;
  branchName: string;
  regionCode: string;
  regionName: string;
  domain: string;
  year: number;
  status: string;
  createdAt: Date;
};

/** The columns of a SubmissionRow (its region's name added after). */
const SUBMISSION_ROW = {
  id: schema.submissions.id,
  branchId: schema.submissions.branchId,
  branchName: schema.branches.name,
  regionCode: schema.submissions.regionCode,
  domain: schema.submissions.domain,
  year: schema.submissions.year,
  status: schema.submissions.status,
  createdAt: schema.submissions.createdAt,
};

/**
 * The submissions an actor may see: its own branch's, or those made in its region tree — where the branch was when
 * it submitted, so a branch that later moves leaves its past years with the region that rated them.
 */
const submissionScope = (actor: Actor) =>
  actor.role === "branch"
    ? eq(schema.submissions.branchId, actor.branchId ?? -1)
    : inRegionTree(schema.submissions.regionCode, actor.regionCode);

/** Every submission in the actor's scope, newest first: for a branch's own list (a few years); pages use submissionPage. */
export function submissionsInScope(actor: Actor): SubmissionRow[] {
  return getDb()
    .select(SUBMISSION_ROW)
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(submissionScope(actor))
    .orderBy(desc(schema.submissions.year), desc(schema.submissions.id))
    .all()
    .map((s) => ({ ...s, regionName: regionName(s.regionCode) }));
}

export const SUBMISSIONS_PAGE_SIZE = 20;

export type SubmissionFilter = {
  page: number;
  /** Part of the branch's name. */
  query?: string;
  /** A region within the actor's scope: its subtree only. */
  region?: string;
  domain?: string;
  year?: number;
  statuses?: string[];
};

/** A page of the submissions in the actor's scope, filtered and counted in SQL, newest first. */
export function submissionPage(
  actor: Actor,
  filter: SubmissionFilter,
): { total: number; submissions: SubmissionRow[] } {
  if (filter.region)
    authorize(actor, { action: "region.read", regionCode: filter.region }, `区域 ${filter.region} 的申报`);
  const words = filter.query?.replace(/[%_\\]/g, "").trim();
  const where = and(
    submissionScope(actor),
    filter.region ? inRegionTree(schema.submissions.regionCode, filter.region) : undefined,
    words ? like(schema.branches.name, `%${words}%`) : undefined,
    filter.domain ? eq(schema.submissions.domain, filter.domain) : undefined,
    filter.year ? eq(schema.submissions.year, filter.year) : undefined,
    filter.statuses?.length
      ? inArray(schema.submissions.status, filter.statuses as (typeof schema.submissions.$inferSelect.status)[])
      : undefined,
  );
  const db = getDb();
  const total = db
    .select({ n: count() })
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(where)
    .get()!.n;
  const rows = db
    .select(SUBMISSION_ROW)
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(where)
    .orderBy(desc(schema.submissions.year), desc(schema.submissions.id))
    .limit(SUBMISSIONS_PAGE_SIZE)
    .offset((filter.page - 1) * SUBMISSIONS_PAGE_SIZE)
    .all();
  return { total, submissions: rows.map((s) => ({ ...s, regionName: regionName(s.regionCode) })) };
}

/** How many submissions in the actor's scope are submitted (any status past a draft) and rated, counted in SQL. */
export function submissionCounts(actor: Actor): { submitted: number; rated: number } {
  const row = getDb()
    .select({
      submitted: sql<number>`count(*) FILTER (WHERE ${schema.submissions.status} != 'draft')`,
      rated: sql<number>`count(*) FILTER (WHERE ${schema.submissions.status} = 'rated')`,
    })
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(submissionScope(actor))
    .get()!;
  return { submitted: row.submitted ?? 0, rated: row.rated ?? 0 };
}

type Rating = Pick<typeof schema.reviews.$inferSelect, "id" | "decision" | "gradeId" | "level">;

/**
 * Of one submission's reviews, the rating that counts (002): the highest level's (the smallest level number; at one
 * level the latest), none once the grade has been revoked. Dashboards, the 台账 and next year's context all use it.
 */
export function countedRating<R extends Rating>(reviews: R[]): R | null {
  if (reviews.some((r) => r.decision === "revoke")) return null;
  const ratings = reviews.filter((r) => r.decision === "rate" && r.gradeId);
  return ratings.length
    ? ratings.reduce((best, r) => (r.level < best.level || (r.level === best.level && r.id > best.id) ? r : best))
    : null;
}

type ReviewRow = typeof schema.reviews.$inferSelect;

/** Every review of these submissions, by submission — read 500 ids at a time: SQLite binds only so many at once. */
export function reviewsBySubmission(submissionIds: number[], db: Pick<DB, "select"> = getDb()) {
  const reviews = new Map<number, ReviewRow[]>();
  for (let i = 0; i < submissionIds.length; i += 500)
    for (const r of db
      .select()
      .from(schema.reviews)
      .where(inArray(schema.reviews.submissionId, submissionIds.slice(i, i + 500)))
      .orderBy(asc(schema.reviews.id))
      .all())
      reviews.set(r.submissionId, [...(reviews.get(r.submissionId) ?? []), r]);
  return reviews;
}

/**
 * The grade that counts for each of these submissions (none for one never rated or revoked), with its title in the
 * standard it was scored with — what a spot check, a 公示 and their pages show.
 */
export function countedGrades(submissionIds: number[]): Map<number, { gradeId: string; gradeTitle: string }> {
  const db = getDb();
  const reviews = reviewsBySubmission(submissionIds, db);
  const grades = new Map<number, { gradeId: string; gradeTitle: string }>();
  for (const id of submissionIds) {
    const rating = countedRating(reviews.get(id) ?? []);
    if (!rating?.gradeId) continue;
    const evaluation = rating.evaluationId
      ? db.select().from(schema.evaluations).where(eq(schema.evaluations.id, rating.evaluationId)).get()
      : undefined;
    const title = evaluation
      ? standardByRevisionId(evaluation.rulesetRevisionId).ruleset.grades.find((g) => g.id === rating.gradeId)?.title
      : undefined;
    grades.set(id, { gradeId: rating.gradeId, gradeTitle: title ?? rating.gradeId });
  }
  return grades;
}

/** The grade that counts for a submission: the rating of the highest level, unless it was revoked since. */
export function countedGrade(submissionId: number): { gradeId: string; level: number; regionCode: string } | null {
  const top = countedRating(
    getDb()
      .select()
      .from(schema.reviews)
      .where(eq(schema.reviews.submissionId, submissionId))
      .orderBy(asc(schema.reviews.id))
      .all(),
  );
  return top ? { gradeId: top.gradeId!, level: top.level, regionCode: top.regionCode } : null;
}

const draftQuery = preparedOnce((db) =>
  db
    .select()
    .from(schema.submissionDrafts)
    .where(
      and(
        eq(schema.submissionDrafts.branchId, sql.placeholder("branchId")),
        eq(schema.submissionDrafts.domain, sql.placeholder("domain")),
        eq(schema.submissionDrafts.year, sql.placeholder("year")),
      ),
    )
    .prepare(),
);

export function getDraft(branchId: number, domain: string, year: number) {
  return draftQuery().get({ branchId, domain, year });
}

export function latestRevision(submissionId: number) {
  return getDb()
    .select()
    .from(schema.submissionRevisions)
    .where(eq(schema.submissionRevisions.submissionId, submissionId))
    .orderBy(desc(schema.submissionRevisions.revision))
    .get();
}

export function latestEvaluation(submissionRevisionId: number) {
  return getDb()
    .select()
    .from(schema.evaluations)
    .where(eq(schema.evaluations.submissionRevisionId, submissionRevisionId))
    .orderBy(desc(schema.evaluations.id))
    .get();
}

/** A submission a reviewer acts on, once the reviewer is known to have it in scope. */
export function reviewTarget(actor: Actor, submissionId: number, what: string) {
  const submission = getDb().select().from(schema.submissions).where(eq(schema.submissions.id, submissionId)).get();
  if (!submission) throw notFound(`申报 ${submissionId}`);
  authorize(
    actor,
    { action: "submission.review", regionCode: submission.regionCode },
    `申报 ${submissionId} 的${what}`,
  );
  return submission;
}

/** The latest submitted revision, the evaluation it was stored with, and the standard that evaluation used. */
export function scoredRevision(submissionId: number) {
  const revision = latestRevision(submissionId);
  if (!revision) throw domainError(409, "该支部尚未申报。");
  const base = latestEvaluation(revision.id)!;
  return { revision, base, standard: standardByRevisionId(base.rulesetRevisionId) };
}

/**
 * A scoring of a submission revision, stored (evaluations are append-only: a re-score is a new row) with the
 * context and evidence counts it used, so that it can be repeated.
 */
export function storeEvaluation(
  tx: Pick<DB, "insert">,
  scoring: {
    submissionRevisionId: number;
    rulesetRevisionId: number;
    context: EvaluationContext;
    materials: MaterialCounts;
    result: Result;
  },
) {
  return tx
    .insert(schema.evaluations)
    .values({ ...scoring, gradeId: scoring.result.grade.id, score: scoring.result.score })
    .returning()
    .get();
}

const submissionQuery = preparedOnce((db) =>
  db
    .select()
    .from(schema.submissions)
    .where(
      and(
        eq(schema.submissions.branchId, sql.placeholder("branchId")),
        eq(schema.submissions.domain, sql.placeholder("domain")),
        eq(schema.submissions.year, sql.placeholder("year")),
      ),
    )
    .prepare(),
);

/** A branch's submission for one domain and year, if it has made one. */
export function submissionFor(key: { branchId: number; domain: string; year: number }) {
  return submissionQuery().get(key);
}

/** The years any submission is stored for, oldest first. */
export function submissionYears(): number[] {
  return getDb()
    .selectDistinct({ year: schema.submissions.year })
    .from(schema.submissions)
    .orderBy(schema.submissions.year)
    .all()
    .map((r) => r.year);
}

/** The 四评 of a submission's latest review (only the reviewer's sections are ever stored), or none. */
export function previousSiping(submissionId: number): JsonObject {
  return (
    getDb()
      .select({ siping: schema.reviews.siping })
      .from(schema.reviews)
      .where(and(eq(schema.reviews.submissionId, submissionId), inArray(schema.reviews.decision, ["rate", "escalate"])))
      .orderBy(desc(schema.reviews.id))
      .get()?.siping ?? {}
  );
}
