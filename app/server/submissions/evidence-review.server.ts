import { eq } from "drizzle-orm";
import { countFiles, materialCounts } from "~/engine/materials";
import type { Result } from "~/engine/types";
import { recordAudit } from "../audit/audit.server";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { revisionEvidence, type EvidenceFile } from "../evidence/evidence.server";
import { getDb, schema } from "../platform/db.server";
import { domainError, notFound } from "../platform/http.server";
import { getRegion } from "../regions/regions.server";
import { standardEvaluator } from "../rulesets/standards.server";
import { previousSiping, scoredRevision, storeEvaluation, submissionFor } from "./repository.server";

export const EVIDENCE_REASON_MAX = 500;

/**
 * A reviewer's 合格 / 不合格 on one file of the submission's latest revision (不合格 needs a reason the branch will
 * read): recorded, audited, and the revision scored again with the new counts — a new evaluation, the old one kept.
 */
export function reviewEvidence(
  actor: Actor,
  fileId: number,
  input: { decision: "accepted" | "rejected"; reason?: string },
): { file: EvidenceFile; result: Result } {
  const db = getDb();
  const file = db.select().from(schema.evidenceFiles).where(eq(schema.evidenceFiles.id, fileId)).get();
  if (!file) throw notFound(`佐证材料 ${fileId}`);
  const submission = submissionFor(file);
  if (!submission) throw domainError(409, "该支部本年度尚未申报，佐证材料还不能评定。");
  authorize(actor, { action: "submission.review", regionCode: submission.regionCode }, `申报 ${submission.id}`);
  if (submission.status !== "submitted" && submission.status !== "escalated")
    throw domainError(409, "该申报不在待评定状态（已退回、已评定或已撤销），不能评定其佐证材料。");
  const { revision, base, standard } = scoredRevision(submission.id);
  if (!revisionEvidence(revision.id).some((f) => f.id === fileId))
    throw domainError(409, "该文件不在最新申报的版本中：支部已撤回或替换了它。");
  const reason = input.reason?.trim() ?? "";
  if (input.decision === "rejected" && !reason)
    throw domainError(422, "请写明不合格的原因，党支部会看到它。", [{ path: "$.reason", message: "必填" }]);
  const data = { ...revision.data, ...previousSiping(submission.id) };
  return db.transaction((tx) => {
    tx.insert(schema.evidenceReviews)
      .values({
        evidenceFileId: fileId,
        decision: input.decision,
        reason: reason || null,
        reviewerId: actor.id,
        regionCode: getRegion(actor.regionCode)!.code,
      })
      .run();
    const files = revisionEvidence(revision.id, tx);
    const materials = materialCounts(standard.ruleset.materials, countFiles(files));
    const result = standardEvaluator(standard).scoreSync(
      { data, context: base.context, materials },
      { revision: standard.revision.revision },
    );
    storeEvaluation(tx, {
      submissionRevisionId: revision.id,
      rulesetRevisionId: standard.revision.id,
      context: base.context,
      materials,
      result,
    });
    recordAudit(tx, actor, {
      action: "evidence.review",
      entityType: "submission",
      entityId: String(submission.id),
      regionCode: submission.regionCode,
      after: { file: file.name, material: file.materialId, decision: input.decision, reason: reason || null },
    });
    return { file: files.find((f) => f.id === fileId)!, result };
  });
}
