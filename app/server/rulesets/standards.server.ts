import { eq } from "drizzle-orm";
import { createCompiledEvaluator, type CompiledEvaluator } from "~/engine/compile";
import { lintRuleset } from "~/engine/lint";
import type { ResolvedRuleset } from "~/engine/types";
import { getDb, schema } from "../platform/db.server";
import { databaseLibrary, latestPublished, publishedRevision } from "./revisions.server";
import { regionAncestry, regionName } from "../regions/regions.server";

export type Standard = { revision: typeof schema.rulesetRevisions.$inferSelect; ruleset: ResolvedRuleset };

const resolvedByRevision = new Map<number, ResolvedRuleset>();

/** A published revision resolved against the parent revisions it was published with; cached. */
export function resolveRevision(row: typeof schema.rulesetRevisions.$inferSelect): ResolvedRuleset {
  const cached = resolvedByRevision.get(row.id);
  if (cached) return cached;
  const library = databaseLibrary(
    new Map([[row.rulesetId, { file: `${row.rulesetId}@${row.revision}`, content: row.content }]]),
    row.parents ?? {},
  );
  const { ruleset, errors } = lintRuleset(row.rulesetId, library);
  if (!ruleset)
    throw new Error(
      `published rule set ${row.rulesetId}@${row.revision} no longer resolves: ${errors.map((e) => e.message).join("; ")}`,
    );
  resolvedByRevision.set(row.id, ruleset);
  return ruleset;
}

const evaluators = new WeakMap<ResolvedRuleset, CompiledEvaluator>();

/** A published standard's evaluator, compiled once per revision: requests share it (scoring is synchronous). */
export function standardEvaluator(standard: Standard): CompiledEvaluator {
  let evaluator = evaluators.get(standard.ruleset);
  if (!evaluator) {
    evaluator = createCompiledEvaluator(standard.ruleset);
    evaluators.set(standard.ruleset, evaluator);
  }
  return evaluator;
}

const applies = (ruleset: ResolvedRuleset, year: number) =>
  (ruleset.effective?.from ?? -Infinity) <= year && year <= (ruleset.effective?.to ?? Infinity);

/**
 * The standard a branch in `regionCode` is measured against for `domain` and `year`: the nearest region, from
 * the branch's own upwards, with a published rule set for the domain that applies to that year.
 */
export function effectiveStandard(regionCode: string, domain: string, year: number): Standard | undefined {
  for (const region of [...regionAncestry(regionCode)].reverse()) {
    const revision = latestPublished(`${region.code}/${domain}`);
    if (!revision) continue;
    const ruleset = resolveRevision(revision);
    if (applies(ruleset, year)) return { revision, ruleset };
  }
  return undefined;
}

export function publishedStandard(rulesetId: string, revisionNumber?: number): Standard | undefined {
  const revision = revisionNumber ? publishedRevision(rulesetId, revisionNumber) : latestPublished(rulesetId);
  return revision ? { revision, ruleset: resolveRevision(revision) } : undefined;
}

export function standardByRevisionId(id: number): Standard {
  const revision = getDb().select().from(schema.rulesetRevisions).where(eq(schema.rulesetRevisions.id, id)).get()!;
  return { revision, ruleset: resolveRevision(revision) };
}

/** The names of the regions whose rule sets a standard is built from, for saying who set a threshold. */
export function chainRegionNames(ruleset: ResolvedRuleset): Record<string, string> {
  return Object.fromEntries(
    ruleset.chain.map((id) => {
      const code = id.split("/")[0];
      return [code, regionName(code)];
    }),
  );
}
