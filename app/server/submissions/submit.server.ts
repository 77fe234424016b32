import { createHash } from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import { canonicalJson } from "~/engine/json";
import type { JsonObject, Result } from "~/engine/types";
import { reviewerSections, validateFormData } from "~/engine/validate";
import { inconsistentAnswers } from "~/utils/consistency";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { countFiles, materialCounts } from "~/engine/materials";
import { recordAudit } from "../audit/audit.server";
import { snapshotEvidence, workingFiles } from "../evidence/evidence.server";
import { getDb, schema } from "../platform/db.server";
import { domainError, notFound } from "../platform/http.server";
import { activeBranch } from "../regions/branches.server";
import { standardByRevisionId, standardEvaluator } from "../rulesets/standards.server";
import { contextFor, requireStandard } from "./context.server";
import { requireSubmissionOpen } from "../cycle/calendar.server";
import { storeEvaluation, submissionFor } from "./repository.server";
import { requireYear } from "../platform/validation.server";

export type SubmitInput = { branchId: number; domain?: string; year: number; data: unknown; idempotencyKey?: string };
export type SubmitOutcome = { submissionId: number; revision: number; result: Result; replayed: boolean };

/**
 * 申报: validates with the form, scores with the published standard, and stores a new submission revision with
 * its evaluation. A correction is another revision; a repeated idempotency key returns what it stored before.
 */
export async function submit(actor: Actor, input: SubmitInput): Promise<SubmitOutcome> {
  authorize(actor, { action: "submission.write", branchId: input.branchId }, "该支部的申报");
  return storeSubmission(actor, input);
}

/** submit without the check: for callers that have authorized the actor for the branch themselves (imports). */
export async function storeSubmission(actor: Actor, input: SubmitInput): Promise<SubmitOutcome> {
  const db = getDb();
  const bodyHash = input.idempotencyKey
    ? createHash("sha256")
        .update(
          canonicalJson({
            branchId: input.branchId,
            domain: input.domain ?? null,
            year: input.year,
            data: input.data ?? null,
          }),
        )
        .digest("hex")
    : null;
  const replay = replayOf(actor, input.idempotencyKey, bodyHash);
  if (replay) return replay;
  const branch = activeBranch(input.branchId);
  const domain = input.domain ?? branch.domain;
  if (domain !== branch.domain)
    throw domainError(422, "领域与支部不一致", [{ path: "$.domain", message: `该支部属于 ${branch.domain} 领域` }]);
  requireYear(input.year);
  const standard = requireStandard(branch, domain, input.year);
  const form = standard.ruleset.form;
  if (!form) throw domainError(409, `评价标准 ${standard.ruleset.id} 没有填报表单。`);
  const problems = [
    ...validateFormData(form, input.data, { forbidSections: reviewerSections(form.uiSchema) }),
    ...inconsistentAnswers(standard.ruleset, input.data as JsonObject),
  ];
  if (problems.length) throw domainError(422, `填报内容有 ${problems.length} 处需要修改，未申报。`, problems);

  const existing = correctable(submissionFor({ branchId: branch.id, domain, year: input.year }), input.year);
  // The deadline holds for a first 申报 and a correction; what a reviewer sent back may always come back.
  if (existing?.status !== "returned") requireSubmissionOpen(branch.id, branch.regionCode, input.year);
  const data = input.data as JsonObject;
  const context = contextFor(branch, domain, input.year, standard);
  // The evidence the branch has for the year now is what this revision is sent, and scored, with.
  const evidence = workingFiles({ branchId: branch.id, domain, year: input.year });
  const materials = materialCounts(standard.ruleset.materials, countFiles(evidence));
  const result = await standardEvaluator(standard).score(
    { data, context, materials },
    { revision: standard.revision.revision },
  );

  // The write lock is taken before anything is read (db.server.ts), so a retry of the same 申报 that reached another
  // server process (or this one, while the first was scoring) finds what the first stored and replays it.
  return db.transaction((tx) => {
    const concurrent = replayOf(actor, input.idempotencyKey, bodyHash);
    if (concurrent) return concurrent;
    // Read again under the lock: a 申报 or a rating may have landed while this one was being scored.
    const current = correctable(submissionFor({ branchId: branch.id, domain, year: input.year }), input.year);
    const submission =
      current ??
      tx
        .insert(schema.submissions)
        .values({
          branchId: branch.id,
          domain,
          year: input.year,
          regionCode: branch.regionCode,
          rulesetId: standard.ruleset.id,
          status: "submitted",
        })
        .returning()
        .get();
    if (current)
      tx.update(schema.submissions)
        .set({ status: "submitted", rulesetId: standard.ruleset.id, regionCode: branch.regionCode })
        .where(eq(schema.submissions.id, current.id))
        .run();
    const last = tx
      .select()
      .from(schema.submissionRevisions)
      .where(eq(schema.submissionRevisions.submissionId, submission.id))
      .orderBy(desc(schema.submissionRevisions.revision))
      .get();
    const revision = (last?.revision ?? 0) + 1;
    const row = tx
      .insert(schema.submissionRevisions)
      .values({
        submissionId: submission.id,
        revision,
        data,
        idempotencyKey: input.idempotencyKey ?? null,
        idempotencyHash: bodyHash,
        authorId: actor.id,
      })
      .returning()
      .get();
    snapshotEvidence(tx, row.id, evidence);
    storeEvaluation(tx, {
      submissionRevisionId: row.id,
      rulesetRevisionId: standard.revision.id,
      context,
      materials,
      result,
    });
    recordAudit(tx, actor, {
      action: revision === 1 ? "submission.submit" : "submission.correct",
      entityType: "submission",
      entityId: String(submission.id),
      regionCode: branch.regionCode,
      before: last?.data ?? null,
      after: data,
    });
    return { submissionId: submission.id, revision, result, replayed: false };
  });
}

/** The year's submission, if it may still be corrected: a rated or revoked one is refused (409). */
function correctable<T extends { status: string }>(existing: T | undefined, year: number): T | undefined {
  if (existing && existing.status !== "draft" && existing.status !== "submitted" && existing.status !== "returned") {
    throw domainError(
      409,
      `${year} 年度的申报已进入评定（${existing.status === "revoked" ? "已撤销" : "已评定"}），不能再更正。`,
    );
  }
  return existing;
}

/**
 * What an earlier request with this Idempotency-Key stored, to be returned again; nothing for a new key. The key is
 * the caller's own (another user's key finds nothing) and bound to what was sent with it.
 */
function replayOf(actor: Actor, idempotencyKey: string | undefined, bodyHash: string | null): SubmitOutcome | null {
  if (!idempotencyKey) return null;
  const db = getDb();
  const earlier = db
    .select()
    .from(schema.submissionRevisions)
    .where(
      and(
        eq(schema.submissionRevisions.idempotencyKey, idempotencyKey),
        eq(schema.submissionRevisions.authorId, actor.id),
      ),
    )
    .get();
  if (!earlier) return null;
  if (earlier.idempotencyHash !== null && earlier.idempotencyHash !== bodyHash) {
    throw domainError(422, "Idempotency-Key 已用于另一份申报内容", [
      { path: "$.idempotencyKey", message: "同一个 Idempotency-Key 只能用于同一份内容；新的内容请用新的 Key" },
    ]);
  }
  const evaluation = db
    .select()
    .from(schema.evaluations)
    .where(eq(schema.evaluations.submissionRevisionId, earlier.id))
    .orderBy(asc(schema.evaluations.id))
    .get()!;
  return { submissionId: earlier.submissionId, revision: earlier.revision, result: evaluation.result, replayed: true };
}

/** Re-scores a stored submission revision under the rule-set revision it was scored with, storing nothing. */
export async function rescore(evaluationId: number): Promise<Result> {
  const db = getDb();
  const evaluation = db.select().from(schema.evaluations).where(eq(schema.evaluations.id, evaluationId)).get();
  if (!evaluation) throw notFound(`评价 ${evaluationId}`);
  const revision = db
    .select()
    .from(schema.submissionRevisions)
    .where(eq(schema.submissionRevisions.id, evaluation.submissionRevisionId))
    .get()!;
  const standard = standardByRevisionId(evaluation.rulesetRevisionId);
  return standardEvaluator(standard).score(
    { data: revision.data, context: evaluation.context, materials: evaluation.materials ?? undefined },
    { revision: standard.revision.revision },
  );
}
