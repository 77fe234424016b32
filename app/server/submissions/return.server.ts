import { eq } from "drizzle-orm";
import { listFields } from "~/engine/forms";
import { formFor } from "~/utils/form";
import type { Actor } from "../auth/session.server";
import { recordAudit } from "../audit/audit.server";
import { getDb, schema } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import { getRegion } from "../regions/regions.server";
import { reviewTarget, scoredRevision } from "./repository.server";

export const RETURN_REASON_MAX = 500;
export const RETURN_FIELDS_MAX = 50;

/**
 * 退回修改: a reviewer sends a submission waiting for them back to the branch with a reason and, optionally, the
 * answers to correct (paths of the branch's form). The branch sees both on its fill page and submits again — a new
 * revision — which makes it 已申报 once more. Appended as a review, audited.
 */
export function returnSubmission(actor: Actor, submissionId: number, input: { reason: string; fields: string[] }) {
  const submission = reviewTarget(actor, submissionId, "退回");
  if (submission.status !== "submitted" && submission.status !== "escalated")
    throw domainError(
      409,
      submission.status === "returned" ? "该申报已退回支部修改，等待重新申报。" : "只有待评定的申报可以退回修改。",
    );
  const reason = input.reason.trim();
  if (!reason) throw domainError(422, "请填写退回理由", [{ path: "$.reason", message: "请说明需要支部修改什么" }]);
  const { base, standard } = scoredRevision(submissionId);
  const titles = new Map(
    listFields(formFor(standard.ruleset.form!, "branch").schema as never).map((f) => [f.path, f.title]),
  );
  const unknown = input.fields.flatMap((path, i) =>
    titles.has(path) ? [] : [{ path: `$.fields[${i}]`, message: `${path} 不是支部填写的项目` }],
  );
  if (unknown.length) throw domainError(422, "标记的项目不存在", unknown);
  const fields = [...new Set(input.fields)];
  const region = getRegion(actor.regionCode)!;
  return getDb().transaction((tx) => {
    const review = tx
      .insert(schema.reviews)
      .values({
        submissionId,
        evaluationId: base.id,
        reviewerId: actor.id,
        regionCode: region.code,
        level: region.level,
        siping: {},
        decision: "return",
        reason,
        fields,
      })
      .returning()
      .get();
    tx.update(schema.submissions).set({ status: "returned" }).where(eq(schema.submissions.id, submissionId)).run();
    recordAudit(tx, actor, {
      action: "submission.return",
      entityType: "submission",
      entityId: String(submissionId),
      regionCode: submission.regionCode,
      before: { status: submission.status },
      after: { status: "returned", reason, fields: fields.map((f) => titles.get(f) ?? f) },
    });
    return { id: review.id, status: "returned" as const, reason, fields };
  });
}
