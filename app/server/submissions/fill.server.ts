import { and, desc, eq } from "drizzle-orm";
import { listFields } from "~/engine/forms";
import type { Form, JsonObject, ResolvedRuleset } from "~/engine/types";
import { formFor } from "~/utils/form";
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

const fillContentByStandard = new WeakMap<ResolvedRuleset, string>();

/**
 * The standard's rules and branch form as one JSON string, made once per published revision. Sent as a string,
 * Remix's encoder copies it instead of walking its 45 KB object by object on every visit to the form page (about a
 * tenth of the page's processor time: bench/RESULTS.md); the page parses it once.
 */
function fillContent(ruleset: ResolvedRuleset, form: Form): string {
  let text = fillContentByStandard.get(ruleset);
  if (text === undefined) {
    text = JSON.stringify({ ruleset: forBrowser(ruleset), form: formFor(form, "branch") } satisfies FillContent);
    fillContentByStandard.set(ruleset, text);
  }
  return text;
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
      /** A `FillContent` as JSON. */
      content: fillContent(standard.ruleset, standard.ruleset.form),
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
