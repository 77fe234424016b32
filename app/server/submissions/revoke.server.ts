import { eq } from "drizzle-orm";
import type { JsonObject } from "~/engine/types";
import type { Actor } from "../auth/session.server";
import { countFiles, materialCounts } from "~/engine/materials";
import { recordAudit } from "../audit/audit.server";
import { revisionEvidence, snapshotEvidence } from "../evidence/evidence.server";
import { getDb, schema } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import { getRegion, regionName } from "../regions/regions.server";
import { standardEvaluator } from "../rulesets/standards.server";
import { countedGrade, previousSiping, reviewTarget, scoredRevision, storeEvaluation } from "./repository.server";

/**
 * 动态调整: a later disqualifying fact (a 负面情形) recorded by a reviewer. It is stored as a new submission
 * revision with that fact set, re-scored, and the grade is withdrawn.
 */
export async function revokeSubmission(actor: Actor, submissionId: number, input: { field: string; note: string }) {
  const db = getDb();
  const submission = reviewTarget(actor, submissionId, "动态调整");
  // A grade is withdrawn by the level that set the counted one, or a level above it — never by one below.
  const region = getRegion(actor.regionCode)!;
  const counted = countedGrade(submissionId);
  if (counted && counted.level < region.level) {
    const rater = regionName(counted.regionCode);
    throw domainError(403, `该等次由${rater}评定，只有${rater}或其上级可以撤销。`);
  }
  if (!input.note?.trim()) throw domainError(422, "请写明撤销依据", [{ path: "$.note", message: "必填" }]);
  const { revision, base, standard } = scoredRevision(submissionId);
  // The new revision carries the same evidence as the one it corrects.
  const evidence = revisionEvidence(revision.id);
  const materials = materialCounts(standard.ruleset.materials, countFiles(evidence));
  const sections = standard.ruleset.form?.schema.properties as
    Record<string, { properties?: Record<string, unknown> }> | undefined;
  const negatives = sections?.negative?.properties;
  if (!negatives || !Object.prototype.hasOwnProperty.call(negatives, input.field)) {
    throw domainError(422, "请选择出现的负面情形", [{ path: "$.field", message: "不是表单中的负面情形" }]);
  }
  // The new revision changes the named 负面情形 (and its note) and nothing else; the 四评 stay the reviewers'.
  const data: JsonObject = structuredClone(revision.data);
  const before = (data.negative as JsonObject | undefined) ?? {};
  const noteField = `${input.field}Note`;
  data.negative = { ...before, [input.field]: true, [noteField]: input.note.trim() };
  const siping = previousSiping(submissionId);
  const result = await standardEvaluator(standard).score(
    { data: { ...data, ...siping }, context: base.context, materials },
    { revision: standard.revision.revision },
  );

  return db.transaction((tx) => {
    const row = tx
      .insert(schema.submissionRevisions)
      .values({ submissionId, revision: revision.revision + 1, data, authorId: actor.id })
      .returning()
      .get();
    snapshotEvidence(tx, row.id, evidence);
    const evaluation = storeEvaluation(tx, {
      submissionRevisionId: row.id,
      rulesetRevisionId: standard.revision.id,
      context: base.context,
      materials,
      result,
    });
    tx.insert(schema.reviews)
      .values({
        submissionId,
        evaluationId: evaluation.id,
        reviewerId: actor.id,
        regionCode: region.code,
        level: region.level,
        siping,
        decision: "revoke",
        gradeId: result.grade.id,
        reason: input.note.trim(),
      })
      .run();
    tx.update(schema.submissions).set({ status: "revoked" }).where(eq(schema.submissions.id, submissionId)).run();
    recordAudit(tx, actor, {
      action: "submission.revoke",
      entityType: "submission",
      entityId: String(submissionId),
      regionCode: submission.regionCode,
      before: {
        status: submission.status,
        negative: { [input.field]: before[input.field] ?? null, [noteField]: before[noteField] ?? null },
      },
      after: {
        status: "revoked",
        negative: { [input.field]: true, [noteField]: input.note.trim() },
        grade: result.grade,
      },
    });
    return { result };
  });
}
