import { createHash } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { listFields } from "~/engine/forms";
import type { Form, JsonObject, ResolvedRuleset } from "~/engine/types";
import { formFor } from "~/utils/form";
import { authorize } from "../auth/access.server";
import { requireActor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { workingFiles } from "../evidence/evidence.server";
import { effectiveStandard, standardByRevisionId } from "../rulesets/standards.server";
import { contextFor } from "./context.server";
import { submissionWindow } from "../cycle/calendar.server";
import { getBranch } from "../regions/branches.server";
import { regionName } from "../regions/regions.server";
import { getDraft, latestEvaluation, latestRevision, submissionFor } from "./repository.server";

/** A resolved rule set without its cases: what the browser needs to score live. */
export function forBrowser(ruleset: ResolvedRuleset): ResolvedRuleset {
  return { ...ruleset, cases: [] };
}

/** What the form page draws and scores with: the same for every branch measured against one standard. */
export type FillContent = { ruleset: ResolvedRuleset; form: { schema: JsonObject; uiSchema: JsonObject } };

const fillContentByStandard = new WeakMap<ResolvedRuleset, { id: string; text: string }>();

/**
 * The standard's rules and branch form as one JSON text, made once per published revision, with an id that names its
 * content: the same for the pages of every branch under the standard, another once the standard or one it inherits
 * from changes. Sent as one string, Remix's encoder copies it instead of walking its 45 KB object by object; a whole
 * page leaves it out of its data altogether (`shareWithDocument`) and the browser fetches it from `url` once.
 */
function fillContent(ruleset: ResolvedRuleset, form: Form, year: number) {
  let content = fillContentByStandard.get(ruleset);
  if (content === undefined) {
    const text = JSON.stringify({ ruleset: forBrowser(ruleset), form: formFor(form, "branch") } satisfies FillContent);
    content = { id: `fill-content-${createHash("sha256").update(text).digest("hex").slice(0, 16)}`, text };
    fillContentByStandard.set(ruleset, content);
  }
  return { ...content, url: `/fill/${year}/content?v=${content.id}` };
}

/** The signed-in branch user who fills in its branch's forms: anyone else is refused. */
export async function requireFiller(request: Request) {
  const actor = await requireActor(request);
  if (actor.branchId === null) throw new Response("仅党支部用户可以填报", { status: 403 });
  authorize(actor, { action: "submission.write", branchId: actor.branchId }, "填报页面");
  return { actor, branchId: actor.branchId };
}

/** The year a form page's address names: 404 for anything that is not a year. */
export function fillYear(param: string | undefined): number {
  if (!/^\d{4}$/.test(param ?? "")) throw new Response("年度不正确", { status: 404 });
  return Number(param);
}

/** The standard's rules and form as the branch's form page for the year has them, or null without a standard. */
export function fillContentFor(branchId: number, year: number) {
  const branch = getBranch(branchId);
  const standard = effectiveStandard(branch.regionCode, branch.domain, year);
  return standard?.ruleset.form ? fillContent(standard.ruleset, standard.ruleset.form, year) : null;
}

/** Everything the branch's form page needs for one year. */
export function fillPage(branchId: number, year: number) {
  const branch = getBranch(branchId);
  const standard = effectiveStandard(branch.regionCode, branch.domain, year);
  const submission = submissionFor({ branchId: branch.id, domain: branch.domain, year });
  const revision = submission ? latestRevision(submission.id) : undefined;
  const evaluation = revision ? latestEvaluation(revision.id) : undefined;
  const draft = getDraft(branch.id, branch.domain, year);
  const returned =
    submission?.status === "returned" ? latestReturn(submission.id, standard?.ruleset.form ?? null) : null;
  if (!standard?.ruleset.form) return { branch, year, standard: null, submission: submission ?? null } as const;
  return {
    branch,
    year,
    standard: {
      id: standard.ruleset.id,
      title: standard.ruleset.title,
      revision: standard.revision.revision,
      revisionId: standard.revision.id,
      /** A `FillContent` as JSON, with its id and address (`shareWithDocument`). */
      content: fillContent(standard.ruleset, standard.ruleset.form, year),
    },
    /** The year's evidence as it stands, and where a new file goes (the submission's once there is one). */
    evidence: workingFiles({ branchId: branch.id, domain: branch.domain, year }),
    evidenceUpload: submission
      ? `/api/v1/submissions/${submission.id}/materials/`
      : `/api/v1/drafts/${year}/materials/`,
    context: contextFor(branch, branch.domain, year, standard),
    /** The 申报 deadline and days left (the calendar), and whether the branch may submit now. */
    window: submissionWindow(branch.id, branch.regionCode, year),
    draft: draft ? { data: draft.data, updatedAt: draft.updatedAt.getTime() } : null,
    submission: submission
      ? {
          id: submission.id,
          status: submission.status,
          revision: revision?.revision ?? 0,
          data: revision?.data ?? null,
          grade: evaluation?.result ? (evaluation.result as { grade: { title: string } }).grade.title : null,
          scoredWith: evaluation ? scoredWith(evaluation.rulesetRevisionId) : null,
          returned,
        }
      : null,
  } as const;
}

/** The standard revision a submission's latest evaluation used, as its title and revision number. */
function scoredWith(rulesetRevisionId: number) {
  const { ruleset, revision } = standardByRevisionId(rulesetRevisionId);
  return { title: ruleset.title, revision: revision.revision, revisionId: rulesetRevisionId };
}

/** The reviewer's latest 退回修改 of a submission: the reason and the marked answers with their titles. */
function latestReturn(submissionId: number, form: Form | null) {
  const review = getDb()
    .select({ reason: schema.reviews.reason, fields: schema.reviews.fields, regionCode: schema.reviews.regionCode })
    .from(schema.reviews)
    .where(and(eq(schema.reviews.submissionId, submissionId), eq(schema.reviews.decision, "return")))
    .orderBy(desc(schema.reviews.id))
    .get();
  if (!review) return null;
  const titles = new Map(form ? listFields(form.schema).map((f) => [f.path, f.title]) : []);
  return {
    reason: review.reason ?? "",
    by: regionName(review.regionCode),
    fields: (review.fields ?? []).map((path) => ({ path, title: titles.get(path) ?? path })),
  };
}
