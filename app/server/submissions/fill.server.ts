import { and, eq } from "drizzle-orm";
import type { ResolvedRuleset } from "~/engine/types";
import { formFor } from "~/utils/form";
import { getDb, schema } from "../platform/db.server";
import { effectiveStandard } from "../rulesets/standards.server";
import { contextFor } from "./context.server";
import { getBranch } from "../regions/branches.server";
import { getDraft, latestEvaluation, latestRevision } from "./repository.server";

/** A resolved rule set without its cases: what the browser needs to score live. */
export function forBrowser(ruleset: ResolvedRuleset): ResolvedRuleset {
  return { ...ruleset, cases: [] };
}

/** Everything the branch's form page needs for one year. */
export function fillPage(branchId: number, year: number) {
  const branch = getBranch(branchId);
  const standard = effectiveStandard(branch.regionCode, branch.domain, year);
  const submission = getDb()
    .select()
    .from(schema.submissions)
    .where(
      and(
        eq(schema.submissions.branchId, branch.id),
        eq(schema.submissions.domain, branch.domain),
        eq(schema.submissions.year, year),
      ),
    )
    .get();
  const revision = submission ? latestRevision(submission.id) : undefined;
  const evaluation = revision ? latestEvaluation(revision.id) : undefined;
  const draft = getDraft(branch.id, branch.domain, year);
  if (!standard?.ruleset.form) return { branch, year, standard: null, submission: submission ?? null } as const;
  return {
    branch,
    year,
    standard: {
      id: standard.ruleset.id,
      title: standard.ruleset.title,
      revision: standard.revision.revision,
      ruleset: forBrowser(standard.ruleset),
    },
    form: formFor(standard.ruleset.form, "branch"),
    context: contextFor(branch, branch.domain, year, standard),
    draft: draft ? { data: draft.data, updatedAt: draft.updatedAt.getTime() } : null,
    submission: submission
      ? {
          id: submission.id,
          status: submission.status,
          revision: revision?.revision ?? 0,
          data: revision?.data ?? null,
          grade: evaluation?.result ? (evaluation.result as { grade: { title: string } }).grade.title : null,
        }
      : null,
  } as const;
}
