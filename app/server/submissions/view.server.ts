import { asc, eq, inArray } from "drizzle-orm";
import type { JsonObject } from "~/engine/types";
import { formFor } from "~/utils/form";
import type { Actor } from "../auth/session.server";
import { can } from "../auth/access.server";
import { getDb, schema } from "../platform/db.server";
import { forBrowser } from "./fill.server";
import { regionName } from "../regions/regions.server";
import { chainRegionNames, standardByRevisionId } from "../rulesets/standards.server";
import { countedGrade, latestEvaluation, latestRevision } from "./repository.server";
import { getBranch } from "../regions/branches.server";
import { notFound } from "../platform/http.server";
import { revisionEvidence } from "../evidence/evidence.server";

/** What the result and review pages show of a submission: its latest evaluation, history and reviews. */
export function submissionView(actor: Actor, submissionId: number) {
  const db = getDb();
  const submission = db.select().from(schema.submissions).where(eq(schema.submissions.id, submissionId)).get();
  if (!submission) throw notFound(`申报 ${submissionId}`);
  const branch = getBranch(submission.branchId);
  const revision = latestRevision(submissionId)!;
  const evaluation = latestEvaluation(revision.id)!;
  const standard = standardByRevisionId(evaluation.rulesetRevisionId);
  const stored = db
    .select()
    .from(schema.reviews)
    .where(eq(schema.reviews.submissionId, submissionId))
    .orderBy(asc(schema.reviews.id))
    .all();
  const users = new Map(
    db
      .select({ id: schema.users.id, name: schema.users.displayName })
      .from(schema.users)
      .where(
        inArray(
          schema.users.id,
          stored.map((r) => r.reviewerId),
        ),
      )
      .all()
      .map((u) => [u.id, u.name]),
  );
  const reviews = stored.map((r) => ({
    id: r.id,
    decision: r.decision,
    gradeTitle: standard.ruleset.grades.find((g) => g.id === r.gradeId)?.title ?? null,
    reason: r.reason,
    regionName: regionName(r.regionCode),
    targetRegionName: r.targetRegionCode ? regionName(r.targetRegionCode) : null,
    reviewer: users.get(r.reviewerId) ?? "",
    createdAt: r.createdAt.getTime(),
    siping: r.siping,
  }));
  const counted = countedGrade(submissionId);
  const revisions = db
    .select({
      revision: schema.submissionRevisions.revision,
      data: schema.submissionRevisions.data,
      at: schema.submissionRevisions.createdAt,
      by: schema.users.displayName,
    })
    .from(schema.submissionRevisions)
    .leftJoin(schema.users, eq(schema.users.id, schema.submissionRevisions.authorId))
    .where(eq(schema.submissionRevisions.submissionId, submissionId))
    .orderBy(asc(schema.submissionRevisions.revision))
    .all()
    .map((r) => ({ revision: r.revision, data: r.data, at: r.at.getTime(), by: r.by ?? "导入" }));
  const form = standard.ruleset.form!;
  return {
    submission: {
      id: submission.id,
      year: submission.year,
      status: submission.status,
      revision: revision.revision,
      submittedAt: revision.createdAt.getTime(),
    },
    branch: {
      id: branch.id,
      name: branch.name,
      regionName: regionName(submission.regionCode),
      domain: branch.domain,
      memberCount: branch.memberCount,
    },
    standard: {
      id: standard.ruleset.id,
      title: standard.ruleset.title,
      revision: standard.revision.revision,
      publishedAt: standard.revision.createdAt.getTime(),
      ruleset: forBrowser(standard.ruleset),
      regionNames: chainRegionNames(standard.ruleset),
    },
    result: evaluation.result,
    context: evaluation.context,
    data: revision.data,
    counted: counted
      ? {
          ...counted,
          gradeTitle: standard.ruleset.grades.find((g) => g.id === counted.gradeId)?.title ?? counted.gradeId,
          regionName: regionName(counted.regionCode),
        }
      : null,
    reviews,
    reviewerForm: formFor(form, "reviewer"),
    /** The branch's part of the form, for its answers read-only, and every revision it sent. */
    branchForm: formFor(form, "branch"),
    revisions,
    /** The evidence the latest revision was sent with, each file with its 合格 / 不合格. */
    evidence: revisionEvidence(revision.id),
    negatives: Object.entries(
      (
        (form.schema.properties as JsonObject).negative as {
          properties?: Record<string, { title?: string; type?: string }>;
        }
      )?.properties ?? {},
    )
      .filter(([, f]) => f.type === "boolean")
      .map(([key, f]) => ({ key, title: f.title ?? key })),
    canReview: can(actor, { action: "submission.review", regionCode: submission.regionCode }),
  };
}
