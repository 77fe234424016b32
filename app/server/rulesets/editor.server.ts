import { and, desc, eq, inArray } from "drizzle-orm";
import type { Form, ResolvedRuleset, RulesetFile } from "~/engine/types";
import { domainTitle } from "~/utils/domains";
import { authorize, can } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { latestPublished, latestPublishedForm } from "./revisions.server";
import { getRegion, regionAncestry, regionsWithin } from "../regions/regions.server";
import { listRulesets, pendingDraft, revisionHistory, rulesetKey, updatedParents } from "./publishing.server";
import { publishedStandard, resolveRevision } from "./standards.server";

export type EditorData = ReturnType<typeof rulesetEditorData>;

/** The nearest region above `regionCode` with a published rule set for the domain: what a new rule set extends. */
function nearestParent(regionCode: string, domain: string): string | null {
  const above = regionAncestry(regionCode).slice(0, -1).reverse();
  return above.map((r) => `${r.code}/${domain}`).find((id) => latestPublished(id)) ?? null;
}

/** Everything the rule-set editor starts from: the content being edited, what it inherits, its history and stored submissions. */
export function rulesetEditorData(actor: Actor, regionCode: string, domain: string) {
  const id = rulesetKey(regionCode, domain);
  const canEdit = can(actor, { action: "standards.write", regionCode });
  if (!canEdit) authorize(actor, { action: "standards.readPublished", regionCode }, `规则集 ${id}`);
  const region = getRegion(regionCode)!;
  const draft = canEdit ? pendingDraft(id) : undefined;
  const published = latestPublished(id);
  const stored = (draft ?? published)?.content as RulesetFile | undefined;

  const parentId = stored ? (stored.extends ?? null) : nearestParent(regionCode, domain);
  const parent: ResolvedRuleset | null = parentId ? (publishedStandard(parentId)?.ruleset ?? null) : null;
  const baseFormId =
    stored && !stored.extends ? (typeof stored.form === "string" ? stored.form : stored.form?.base) : undefined;
  const baseForm: Form | null = baseFormId ? (latestPublishedForm(baseFormId) ?? null) : null;

  const starting: RulesetFile | null =
    stored ??
    (parent
      ? {
          id,
          extends: parent.id,
          title: `${region.name}${domainTitle(domain)}党支部评定标准`,
          params: {},
          rules: [],
          cases: [],
        }
      : null);

  // Offered only where no ancestor has a standard (otherwise the editor starts from `extends`), so only a standard
  // that stands alone is complete enough to copy.
  const copySources = listRulesets(actor)
    .filter((r) => r.domain === domain && r.id !== id && r.publishedRevision !== null && r.extends === null)
    .map((r) => r.id);

  return {
    id,
    region: { code: region.code, name: region.name },
    domain,
    domainTitle: domainTitle(domain),
    canEdit,
    status: draft ? ("draft" as const) : published ? ("published" as const) : ("new" as const),
    publishedRevision: published?.revision ?? null,
    parentsUpdated: updatedParents(published?.parents),
    savedAt: draft?.createdAt ?? null,
    content: starting,
    /** The latest published revision resolved, for readers who cannot check drafts. */
    resolved: published ? resolveRevision(published) : null,
    parent,
    baseForm,
    history: revisionHistory(actor, id, regionCode),
    copySources,
    submissions: canEdit ? storedSubmissions(actor, regionCode, domain) : [],
  };
}

/** The stored submissions in the region a case can be made from, newest first. */
function storedSubmissions(actor: Actor, regionCode: string, domain: string) {
  const codes = regionsWithin(regionCode)
    .map((r) => r.code)
    .filter((code) => can(actor, { action: "region.read", regionCode: code }));
  if (!codes.length) return [];
  return getDb()
    .select({
      id: schema.submissions.id,
      branchName: schema.branches.name,
      year: schema.submissions.year,
      status: schema.submissions.status,
    })
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(and(eq(schema.submissions.domain, domain), inArray(schema.submissions.regionCode, codes)))
    .orderBy(desc(schema.submissions.year), desc(schema.submissions.id))
    .limit(500)
    .all();
}
