import { asc, eq, inArray } from "drizzle-orm";
import { getDb, schema } from "./db.server";
import { notFound } from "./http.server";

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
        .where(inArray(schema.evaluations.submissionRevisionId, revisions.map((r) => r.id)))
        .orderBy(asc(schema.evaluations.id))
        .all()
    : [];
  const reviews = db.select().from(schema.reviews).where(eq(schema.reviews.submissionId, id)).orderBy(asc(schema.reviews.id)).all();
  return {
    ...row.submission,
    branchId: row.branch.id,
    branchName: row.branch.name,
    regionCode: row.branch.regionCode,
    revisions: revisions.map(({ idempotencyKey: _key, ...r }) => r),
    evaluations,
    reviews,
  };
}
