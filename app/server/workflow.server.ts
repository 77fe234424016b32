import { and, asc, desc, eq } from "drizzle-orm";
import { allowedGrades } from "~/engine/grade";
import { isPlainObject } from "~/engine/json";
import type { EvaluationContext, JsonObject, Result } from "~/engine/types";
import { reviewerSections, validateFormData } from "~/engine/validate";
import { authorize } from "./access.server";
import { recordAudit } from "./audit.server";
import type { Actor } from "./auth.server";
import { getDb, schema } from "./db.server";
import { jsonError, notFound } from "./http.server";
import { getRegion } from "./regions.server";
import { effectiveStandard, standardByRevisionId, standardEvaluator, type Standard } from "./standards.server";

type Branch = typeof schema.branches.$inferSelect;

export function getBranch(id: number): Branch {
  const branch = getDb().select().from(schema.branches).where(eq(schema.branches.id, id)).get();
  if (!branch) throw notFound(`支部 ${id}`);
  return branch;
}

type Rating = Pick<typeof schema.reviews.$inferSelect, "id" | "decision" | "gradeId" | "level">;

/**
 * Of one submission's reviews, the rating that counts (002): the highest level's (the smallest level number; at one
 * level the latest), none once the grade has been revoked. Dashboards, the 台账 and next year's context all use it.
 */
export function countedRating<R extends Rating>(reviews: R[]): R | null {
  if (reviews.some((r) => r.decision === "revoke")) return null;
  const ratings = reviews.filter((r) => r.decision === "rate" && r.gradeId);
  return ratings.length ? ratings.reduce((best, r) => (r.level < best.level || (r.level === best.level && r.id > best.id) ? r : best)) : null;
}

/** The grade that counts for a submission: the rating of the highest level, unless it was revoked since. */
export function countedGrade(submissionId: number): { gradeId: string; level: number; regionCode: string } | null {
  const top = countedRating(getDb().select().from(schema.reviews).where(eq(schema.reviews.submissionId, submissionId)).orderBy(asc(schema.reviews.id)).all());
  return top ? { gradeId: top.gradeId!, level: top.level, regionCode: top.regionCode } : null;
}

/** Context facts from the database: the branch's age at the end of the year, and last year's outcome. */
export function contextFor(branch: Branch, domain: string, year: number, standard: Standard): EvaluationContext {
  const end = Date.UTC(year, 11, 31);
  const ageYears = Math.round(((end - Date.parse(branch.establishedOn)) / (365.25 * 86_400_000)) * 100) / 100;
  const last = getDb()
    .select()
    .from(schema.submissions)
    .where(and(eq(schema.submissions.branchId, branch.id), eq(schema.submissions.domain, domain), eq(schema.submissions.year, year - 1)))
    .get();
  const lastGrade = last ? countedGrade(last.id)?.gradeId : undefined;
  const fallback = standard.ruleset.grades[standard.ruleset.grades.length - 1]?.id;
  return {
    year,
    region: branch.regionCode,
    domain,
    branch: { ageYears, memberCount: branch.memberCount, establishedOn: branch.establishedOn },
    history: { ...(lastGrade ? { lastGrade } : {}), weakLastYear: lastGrade !== undefined && lastGrade === fallback },
  };
}

export function requireStandard(branch: Branch, domain: string, year: number): Standard {
  const standard = effectiveStandard(branch.regionCode, domain, year);
  if (!standard) {
    throw jsonError(409, `${year} 年度没有适用于${getRegion(branch.regionCode)?.name ?? branch.regionCode}该领域的已发布评价标准，暂不能申报。`);
  }
  return standard;
}

export function getDraft(branchId: number, domain: string, year: number) {
  return getDb()
    .select()
    .from(schema.submissionDrafts)
    .where(and(eq(schema.submissionDrafts.branchId, branchId), eq(schema.submissionDrafts.domain, domain), eq(schema.submissionDrafts.year, year)))
    .get();
}

/** Saves what a branch has typed so far; a draft is work in progress, so the latest save replaces the one before. */
export function saveDraft(actor: Actor, branchId: number, domain: string, year: number, data: JsonObject): Date {
  authorize(actor, { action: "submission.write", branchId }, "该支部的填报");
  return storeDraft(actor, branchId, domain, year, data);
}

/** saveDraft without the check: for callers that have authorized the actor for the branch themselves (imports). */
export function storeDraft(actor: Actor, branchId: number, domain: string, year: number, data: JsonObject): Date {
  const updatedAt = new Date();
  getDb()
    .insert(schema.submissionDrafts)
    .values({ branchId, domain, year, data, authorId: actor.id, updatedAt })
    .onConflictDoUpdate({ target: [schema.submissionDrafts.branchId, schema.submissionDrafts.domain, schema.submissionDrafts.year], set: { data, authorId: actor.id, updatedAt } })
    .run();
  return updatedAt;
}

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
  if (input.idempotencyKey) {
    const earlier = db.select().from(schema.submissionRevisions).where(eq(schema.submissionRevisions.idempotencyKey, input.idempotencyKey)).get();
    if (earlier) {
      const evaluation = db.select().from(schema.evaluations).where(eq(schema.evaluations.submissionRevisionId, earlier.id)).orderBy(asc(schema.evaluations.id)).get()!;
      return { submissionId: earlier.submissionId, revision: earlier.revision, result: evaluation.result as Result, replayed: true };
    }
  }
  const branch = getBranch(input.branchId);
  const domain = input.domain ?? branch.domain;
  if (domain !== branch.domain) throw jsonError(422, "领域与支部不一致", [{ path: "$.domain", message: `该支部属于 ${branch.domain} 领域` }]);
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw jsonError(422, "年度不正确", [{ path: "$.year", message: "年度应为 2000–2100 之间的整数" }]);
  const standard = requireStandard(branch, domain, input.year);
  const form = standard.ruleset.form;
  if (!form) throw jsonError(409, `评价标准 ${standard.ruleset.id} 没有填报表单。`);
  const problems = validateFormData(form, input.data, { forbidSections: reviewerSections(form.uiSchema) });
  if (problems.length) throw jsonError(422, `填报内容有 ${problems.length} 处需要修改，未申报。`, problems);

  const existing = db.select().from(schema.submissions).where(and(eq(schema.submissions.branchId, branch.id), eq(schema.submissions.domain, domain), eq(schema.submissions.year, input.year))).get();
  if (existing && existing.status !== "draft" && existing.status !== "submitted") {
    throw jsonError(409, `${input.year} 年度的申报已进入评定（${existing.status === "revoked" ? "已撤销" : "已评定"}），不能再更正。`);
  }
  const data = input.data as JsonObject;
  const context = contextFor(branch, domain, input.year, standard);
  const result = await standardEvaluator(standard).score({ data, context }, { revision: standard.revision.revision });

  return db.transaction((tx) => {
    const submission =
      existing ?? tx.insert(schema.submissions).values({ branchId: branch.id, domain, year: input.year, rulesetId: standard.ruleset.id, status: "submitted" }).returning().get();
    if (existing) tx.update(schema.submissions).set({ status: "submitted", rulesetId: standard.ruleset.id }).where(eq(schema.submissions.id, existing.id)).run();
    const last = tx.select().from(schema.submissionRevisions).where(eq(schema.submissionRevisions.submissionId, submission.id)).orderBy(desc(schema.submissionRevisions.revision)).get();
    const revision = (last?.revision ?? 0) + 1;
    const row = tx
      .insert(schema.submissionRevisions)
      .values({ submissionId: submission.id, revision, data, idempotencyKey: input.idempotencyKey ?? null, authorId: actor.id })
      .returning()
      .get();
    tx.insert(schema.evaluations).values({ submissionRevisionId: row.id, rulesetRevisionId: standard.revision.id, context, result, gradeId: result.grade.id, score: result.score }).run();
    recordAudit(tx, actor, { action: revision === 1 ? "submission.submit" : "submission.correct", entityType: "submission", entityId: String(submission.id), regionCode: branch.regionCode, before: last?.data ?? null, after: data });
    return { submissionId: submission.id, revision, result, replayed: false };
  });
}

/** Re-scores a stored submission revision under the rule-set revision it was scored with, storing nothing. */
export async function rescore(evaluationId: number): Promise<Result> {
  const db = getDb();
  const evaluation = db.select().from(schema.evaluations).where(eq(schema.evaluations.id, evaluationId)).get();
  if (!evaluation) throw notFound(`评价 ${evaluationId}`);
  const revision = db.select().from(schema.submissionRevisions).where(eq(schema.submissionRevisions.id, evaluation.submissionRevisionId)).get()!;
  const standard = standardByRevisionId(evaluation.rulesetRevisionId);
  return standardEvaluator(standard).score({ data: revision.data as JsonObject, context: evaluation.context as EvaluationContext }, { revision: standard.revision.revision });
}

export function latestRevision(submissionId: number) {
  return getDb().select().from(schema.submissionRevisions).where(eq(schema.submissionRevisions.submissionId, submissionId)).orderBy(desc(schema.submissionRevisions.revision)).get();
}

export function latestEvaluation(submissionRevisionId: number) {
  return getDb().select().from(schema.evaluations).where(eq(schema.evaluations.submissionRevisionId, submissionRevisionId)).orderBy(desc(schema.evaluations.id)).get();
}

/** A submission a reviewer acts on, with its branch, once the reviewer is known to have it in scope. */
function reviewTarget(actor: Actor, submissionId: number, what: string) {
  const submission = getDb().select().from(schema.submissions).where(eq(schema.submissions.id, submissionId)).get();
  if (!submission) throw notFound(`申报 ${submissionId}`);
  const branch = getBranch(submission.branchId);
  authorize(actor, { action: "submission.review", regionCode: branch.regionCode }, `申报 ${submissionId} 的${what}`);
  return { submission, branch };
}

/** The latest submitted revision, the evaluation it was stored with, and the standard that evaluation used. */
function scoredRevision(submissionId: number) {
  const revision = latestRevision(submissionId);
  if (!revision) throw jsonError(409, "该支部尚未申报。");
  const base = latestEvaluation(revision.id)!;
  return { revision, base, standard: standardByRevisionId(base.rulesetRevisionId) };
}

export type ReviewInput = { siping: JsonObject; decision: "rate" | "escalate"; gradeId?: string; reason?: string };

/**
 * A reviewer's 四评 and decision at their level: the 四评 are merged into the submission's data and scored
 * (a new evaluation row); a rating must be a grade the rules allow, and a lower one than the rules give needs
 * a reason; an escalation hands it to the level above.
 */
export async function reviewSubmission(actor: Actor, submissionId: number, input: ReviewInput) {
  const db = getDb();
  const { submission, branch } = reviewTarget(actor, submissionId, "评定");
  if (submission.status === "revoked") throw jsonError(409, "该申报的等次已撤销，不能再评定。");
  const { revision, base, standard } = scoredRevision(submissionId);
  const form = standard.ruleset.form!;
  const sections = reviewerSections(form.uiSchema);
  const merged: JsonObject = { ...(revision.data as JsonObject) };
  for (const section of sections) if (isPlainObject(input.siping[section])) merged[section] = input.siping[section];
  const problems = validateFormData(form, merged);
  if (problems.length) throw jsonError(422, `四评内容有 ${problems.length} 处需要修改。`, problems);
  const result = await standardEvaluator(standard).score({ data: merged, context: base.context as EvaluationContext }, { revision: standard.revision.revision });
  const allowed = allowedGrades(standard.ruleset, result);
  const region = getRegion(actor.regionCode)!;
  if (input.decision === "rate") {
    const grade = standard.ruleset.grades.find((g) => g.id === input.gradeId);
    if (!grade) throw jsonError(422, "请选择等次", [{ path: "$.gradeId", message: "等次不存在" }]);
    if (!allowed.some((g) => g.id === grade.id)) {
      throw jsonError(422, `按评价规则，该支部不能评为“${grade.title}”。`, [{ path: "$.gradeId", message: `可选等次：${allowed.map((g) => g.title).join("、")}` }]);
    }
    const rank = (id: string) => standard.ruleset.grades.findIndex((g) => g.id === id);
    if (rank(grade.id) > rank(result.grade.id) && !input.reason?.trim()) {
      throw jsonError(422, `评定等次低于规则给出的“${result.grade.title}”，请说明理由。`, [{ path: "$.reason", message: "必填" }]);
    }
  }
  const target = input.decision === "escalate" ? region.parentCode : null;
  if (input.decision === "escalate" && !target) throw jsonError(409, "已是最高层级，不能再向上申报。");

  return db.transaction((tx) => {
    const evaluation = tx.insert(schema.evaluations).values({ submissionRevisionId: revision.id, rulesetRevisionId: standard.revision.id, context: base.context, result, gradeId: result.grade.id, score: result.score }).returning().get();
    const review = tx
      .insert(schema.reviews)
      .values({
        submissionId,
        evaluationId: evaluation.id,
        reviewerId: actor.id,
        regionCode: region.code,
        level: region.level,
        targetRegionCode: target,
        siping: input.siping,
        decision: input.decision,
        gradeId: input.decision === "rate" ? input.gradeId! : null,
        reason: input.reason?.trim() || null,
      })
      .returning()
      .get();
    tx.update(schema.submissions).set({ status: input.decision === "rate" ? "rated" : "escalated" }).where(eq(schema.submissions.id, submissionId)).run();
    recordAudit(tx, actor, { action: `submission.${input.decision}`, entityType: "submission", entityId: String(submissionId), regionCode: branch.regionCode, before: { status: submission.status }, after: { gradeId: review.gradeId, target, result: { grade: result.grade, score: result.score } } });
    return { review, result, allowed: allowed.map((g) => ({ id: g.id, title: g.title })) };
  });
}

/**
 * 动态调整: a later disqualifying fact (a 负面情形) recorded by a reviewer. It is stored as a new submission
 * revision with that fact set, re-scored, and the grade is withdrawn.
 */
export async function revokeSubmission(actor: Actor, submissionId: number, input: { field: string; note: string }) {
  const db = getDb();
  const { submission, branch } = reviewTarget(actor, submissionId, "动态调整");
  if (!input.note?.trim()) throw jsonError(422, "请写明撤销依据", [{ path: "$.note", message: "必填" }]);
  const { revision, base, standard } = scoredRevision(submissionId);
  const sections = standard.ruleset.form?.schema.properties as Record<string, { properties?: Record<string, unknown> }> | undefined;
  const negatives = sections?.negative?.properties;
  if (!negatives || !Object.prototype.hasOwnProperty.call(negatives, input.field)) {
    throw jsonError(422, "请选择出现的负面情形", [{ path: "$.field", message: "不是表单中的负面情形" }]);
  }
  const lastReview = db.select().from(schema.reviews).where(eq(schema.reviews.submissionId, submissionId)).orderBy(desc(schema.reviews.id)).get();
  const data: JsonObject = structuredClone(revision.data as JsonObject);
  const siping = (lastReview?.siping ?? {}) as JsonObject;
  for (const [k, v] of Object.entries(siping)) data[k] = v;
  data.negative = { ...((data.negative as JsonObject) ?? {}), [input.field]: true, [`${input.field}Note`]: input.note.trim() };
  const result = await standardEvaluator(standard).score({ data, context: base.context as EvaluationContext }, { revision: standard.revision.revision });
  const region = getRegion(actor.regionCode)!;

  return db.transaction((tx) => {
    const row = tx.insert(schema.submissionRevisions).values({ submissionId, revision: revision.revision + 1, data, authorId: actor.id }).returning().get();
    const evaluation = tx.insert(schema.evaluations).values({ submissionRevisionId: row.id, rulesetRevisionId: standard.revision.id, context: base.context, result, gradeId: result.grade.id, score: result.score }).returning().get();
    tx.insert(schema.reviews).values({ submissionId, evaluationId: evaluation.id, reviewerId: actor.id, regionCode: region.code, level: region.level, siping, decision: "revoke", gradeId: result.grade.id, reason: input.note.trim() }).run();
    tx.update(schema.submissions).set({ status: "revoked" }).where(eq(schema.submissions.id, submissionId)).run();
    recordAudit(tx, actor, { action: "submission.revoke", entityType: "submission", entityId: String(submissionId), regionCode: branch.regionCode, before: { status: submission.status }, after: { field: input.field, note: input.note.trim(), grade: result.grade } });
    return { result };
  });
}
