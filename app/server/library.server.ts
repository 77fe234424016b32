import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Library } from "~/engine/resolve";
import type { Form, JsonObject } from "~/engine/types";
import { getDb, schema } from "./db.server";

export type RulesetRevision = typeof schema.rulesetRevisions.$inferSelect;

/** A rule set's newest published revision. */
export function latestPublished(rulesetId: string): RulesetRevision | undefined {
  return getDb()
    .select()
    .from(schema.rulesetRevisions)
    .where(and(eq(schema.rulesetRevisions.rulesetId, rulesetId), isNotNull(schema.rulesetRevisions.revision)))
    .orderBy(desc(schema.rulesetRevisions.revision))
    .get();
}

/** One published revision of a rule set by its number. */
export function publishedRevision(rulesetId: string, revision: number): RulesetRevision | undefined {
  return getDb()
    .select()
    .from(schema.rulesetRevisions)
    .where(and(eq(schema.rulesetRevisions.rulesetId, rulesetId), eq(schema.rulesetRevisions.revision, revision)))
    .get();
}

/** A form's newest published revision row. */
export function latestPublishedFormRevision(formId: string) {
  return getDb()
    .select()
    .from(schema.formRevisions)
    .where(and(eq(schema.formRevisions.formId, formId), isNotNull(schema.formRevisions.revision)))
    .orderBy(desc(schema.formRevisions.revision))
    .get();
}

export function latestPublishedForm(formId: string): Form | undefined {
  const row = latestPublishedFormRevision(formId);
  return row ? { id: formId, schema: row.schema as JsonObject, uiSchema: row.uiSchema as JsonObject } : undefined;
}

/**
 * Rule sets and forms from the database: the latest published revisions — or the revisions `pinned` names —
 * with `overrides` (a draft being saved, or files being imported) taking their place.
 */
export function databaseLibrary(overrides: Map<string, { file: string; content: unknown }> = new Map(), pinned: Record<string, number> = {}): Library {
  return {
    ruleset(id) {
      const override = overrides.get(id);
      if (override) return override;
      const row = Object.hasOwn(pinned, id) ? publishedRevision(id, pinned[id]) : latestPublished(id);
      return row ? { file: `${id}@${row.revision}`, content: row.content } : undefined;
    },
    form: latestPublishedForm,
  };
}

/** The latest published revision of every rule set `content` extends, root first: what a revision published now pins. */
export function parentRevisions(content: { extends?: unknown }): Record<string, number> {
  const pinned: Record<string, number> = {};
  let parentId = typeof content.extends === "string" ? content.extends : undefined;
  while (parentId && !Object.hasOwn(pinned, parentId)) {
    const row = latestPublished(parentId);
    if (!row) break;
    pinned[parentId] = row.revision!;
    const next = (row.content as { extends?: unknown }).extends;
    parentId = typeof next === "string" ? next : undefined;
  }
  return pinned;
}
