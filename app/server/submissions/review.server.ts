import { eq } from "drizzle-orm";
import { allowedGrades } from "~/engine/grade";
import { isPlainObject } from "~/engine/json";
import type { JsonObject } from "~/engine/types";
import { fieldTitle, reviewerSections, validateFormData } from "~/engine/validate";
import { inconsistentAnswers } from "~/utils/consistency";
import type { Actor } from "../auth/session.server";
import { countFiles, materialCounts } from "~/engine/materials";
import { recordAudit } from "../audit/audit.server";
import { revisionEvidence } from "../evidence/evidence.server";
import { getDb, schema } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import { getRegion } from "../regions/regions.server";
import { standardEvaluator } from "../rulesets/standards.server";
import { previousSiping, reviewTarget, scoredRevision, storeEvaluation } from "./repository.server";

export type ReviewInput = { siping: JsonObject; decision: "rate" | "escalate"; gradeId?: string; reason?: string };

/**
 * A reviewer's 四评 and decision at their level: the 四评 are merged into the submission's data and scored
 * (a new evaluation row); a rating must be a grade the rules allow, and a lower one than the rules give needs
 * a reason; an escalation hands it to the level above.
 */
export async function reviewSubmission(actor: Actor, submissionId: number, input: ReviewInput) {
  const db = getDb();
  const submission = reviewTarget(actor, submissionId, "评定");
  if (submission.status === "revoked") throw domainError(409, "该申报的等次已撤销，不能再评定。");
  if (submission.status === "returned") throw domainError(409, "该申报已退回支部修改，待支部重新申报后再评定。");
  const { revision, base, standard } = scoredRevision(submissionId);
  // The evidence the revision was sent with, as the reviewers have marked it so far.
  const materials = materialCounts(standard.ruleset.materials, countFiles(revisionEvidence(revision.id)));
  const form = standard.ruleset.form!;
  const sections = reviewerSections(form.uiSchema);
  // A reviewer writes the 四评 sections and nothing else: the branch's own answers are never theirs to change.
  const foreign = Object.keys(input.siping).filter((key) => !sections.includes(key));
  if (foreign.length)
    throw domainError(
      422,
      "评定人只能填写四评部分。",
      foreign.map((key) => ({
        path: `$.siping.${key}`,
        message: `“${fieldTitle(form.schema, `$.${key}`)}”由党支部填写，评定人不能修改`,
      })),
    );
  const siping: JsonObject = Object.fromEntries(
    sections.flatMap((section) => (isPlainObject(input.siping[section]) ? [[section, input.siping[section]]] : [])),
  );
  const merged: JsonObject = { ...revision.data, ...siping };
  const problems = [...validateFormData(form, merged), ...inconsistentAnswers(standard.ruleset, merged)];
  if (problems.length) throw domainError(422, `四评内容有 ${problems.length} 处需要修改。`, problems);
  const result = await standardEvaluator(standard).score(
    { data: merged, context: base.context, materials },
    { revision: standard.revision.revision },
  );
  const allowed = allowedGrades(standard.ruleset, result);
  const region = getRegion(actor.regionCode)!;
  if (input.decision === "rate") {
    const grade = standard.ruleset.grades.find((g) => g.id === input.gradeId);
    if (!grade) throw domainError(422, "请选择等次", [{ path: "$.gradeId", message: "等次不存在" }]);
    if (!allowed.some((g) => g.id === grade.id)) {
      throw domainError(422, `按评价规则，该支部不能评为“${grade.title}”。`, [
        { path: "$.gradeId", message: `可选等次：${allowed.map((g) => g.title).join("、")}` },
      ]);
    }
    const rank = (id: string) => standard.ruleset.grades.findIndex((g) => g.id === id);
    if (rank(grade.id) > rank(result.grade.id) && !input.reason?.trim()) {
      throw domainError(422, `评定等次低于规则给出的“${result.grade.title}”，请说明理由。`, [
        { path: "$.reason", message: "必填" },
      ]);
    }
  }
  const target = input.decision === "escalate" ? region.parentCode : null;
  if (input.decision === "escalate" && !target) throw domainError(409, "已是最高层级，不能再向上申报。");

  return db.transaction((tx) => {
    const evaluation = storeEvaluation(tx, {
      submissionRevisionId: revision.id,
      rulesetRevisionId: standard.revision.id,
      context: base.context,
      materials,
      result,
    });
    const review = tx
      .insert(schema.reviews)
      .values({
        submissionId,
        evaluationId: evaluation.id,
        reviewerId: actor.id,
        regionCode: region.code,
        level: region.level,
        targetRegionCode: target,
        siping,
        decision: input.decision,
        gradeId: input.decision === "rate" ? input.gradeId! : null,
        reason: input.reason?.trim() || null,
      })
      .returning()
      .get();
    tx.update(schema.submissions)
      .set({ status: input.decision === "rate" ? "rated" : "escalated" })
      .where(eq(schema.submissions.id, submissionId))
      .run();
    recordAudit(tx, actor, {
      action: `submission.${input.decision}`,
      entityType: "submission",
      entityId: String(submissionId),
      regionCode: submission.regionCode,
      before: { status: submission.status, siping: previousSiping(submissionId) },
      after: {
        status: input.decision === "rate" ? "rated" : "escalated",
        siping,
        gradeId: review.gradeId,
        target,
        result: { grade: result.grade, score: result.score },
      },
    });
    return { review, result, allowed: allowed.map((g) => ({ id: g.id, title: g.title })) };
  });
}
