import { createCompiledEvaluator } from "~/engine/compile";
import { isPlainObject } from "~/engine/json";
import type { JsonObject, RulesetCase } from "~/engine/types";
import { reviewerSections } from "~/engine/validate";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { domainError } from "../platform/http.server";
import { getSubmission } from "../submissions/repository.server";
import { lintDraft, rulesetKey } from "./publishing.server";

export type CaseFromSubmission = { case: RulesetCase; grade: { id: string; title: string }; score: number };

/**
 * A case made from a stored submission for the rule set being edited: the submission's latest answers with the
 * 四评 of its latest review, the branch and history context it was scored with, and as expectation what the
 * edited content (not yet saved) gives it — so the administrator sees what the change does to a real branch.
 */
export function caseFromSubmission(
  actor: Actor,
  regionCode: string,
  domain: string,
  content: unknown,
  submissionId: number,
): CaseFromSubmission {
  const id = rulesetKey(regionCode, domain);
  authorize(actor, { action: "standards.readDraft", regionCode }, `规则集 ${id} 的草稿`);
  const submission = getSubmission(submissionId);
  authorize(
    actor,
    { action: "submission.read", regionCode: submission.regionCode, branchId: submission.branchId },
    `申报 ${submissionId}`,
  );
  const revision = submission.revisions.at(-1);
  if (!revision) throw domainError(409, "该申报还没有提交的内容，不能生成用例。");
  const { errors, ruleset } = lintDraft(id, content);
  if (!ruleset || errors.length)
    throw domainError(
      422,
      "规则集有错误，修正后才能生成用例。",
      errors.map(({ path, message }) => ({ path, message })),
    );

  const data: JsonObject = structuredClone(revision.data);
  const review = submission.reviews.at(-1);
  for (const section of ruleset.form ? reviewerSections(ruleset.form.uiSchema) : []) {
    const given = review?.siping[section];
    if (isPlainObject(given)) data[section] = given;
  }
  const evaluation = submission.evaluations.findLast((e) => e.submissionRevisionId === revision.id);
  const context = evaluation?.context ?? {};
  const materials = evaluation?.materials ?? undefined;
  const result = createCompiledEvaluator(ruleset).scoreSync({ data, context, materials }, { trace: false });
  return {
    case: {
      name: `${submission.branchName} ${submission.year} 年度申报（第 ${revision.revision} 版）`,
      data,
      context: {
        ...(context.branch ? { branch: context.branch } : {}),
        ...(context.history ? { history: context.history } : {}),
      } as JsonObject,
      ...(materials ? { materials } : {}),
      expect: {
        grade: result.grade.id,
        score: result.score,
        vetoes: result.vetoes.map((v) => v.rule),
        unmet: result.unmet.map((u) => u.rule),
        flags: result.flags.map((f) => f.rule),
      },
    },
    grade: result.grade,
    score: result.score,
  };
}
