import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Library } from "~/engine/resolve";
import type { Form } from "~/engine/types";
import { getDb, preparedOnce, schema, untilNextWrite } from "../platform/db.server";
import { regionAncestry } from "../regions/regions.server";

export type RulesetRevision = typeof schema.rulesetRevisions.$inferSelect;

// A published revision never changes (a trigger refuses it), so its row, content parsed, is read from the database
// once; which revision is the newest is asked again after any write, so another process's publication is seen.
// Only committed rows are kept: inside a transaction a row may still be rolled back and its id used again.
const publishedRows = new Map<number, RulesetRevision>();

function publishedRow(head: { id: number } | undefined): RulesetRevision | undefined {
  if (!head) return undefined;
  const cached = publishedRows.get(head.id);
  if (cached) return cached;
  const db = getDb();
  const row = db.select().from(schema.rulesetRevisions).where(eq(schema.rulesetRevisions.id, head.id)).get()!;
  if (!db.$client.inTransaction) publishedRows.set(head.id, row);
  return row;
}

const headQueries = preparedOnce((db) => {
  const { id, rulesetId, revision } = schema.rulesetRevisions;
  return {
    latest: db
      .select({ id })
      .from(schema.rulesetRevisions)
      .where(and(eq(rulesetId, sql.placeholder("rulesetId")), isNotNull(revision)))
      .orderBy(desc(revision))
      .limit(1)
      .prepare(),
    numbered: db
      .select({ id })
      .from(schema.rulesetRevisions)
      .where(and(eq(rulesetId, sql.placeholder("rulesetId")), eq(revision, sql.placeholder("revision"))))
      .prepare(),
  };
});
const latestHead = untilNextWrite((rulesetId) => headQueries().latest.get({ rulesetId }));

/** A rule set's newest published revision. */
export function latestPublished(rulesetId: string): RulesetRevision | undefined {
  return publishedRow(latestHead(rulesetId));
}

/** One published revision of a rule set by its number. */
export function publishedRevision(rulesetId: string, revision: number): RulesetRevision | undefined {
  return publishedRow(headQueries().numbered.get({ rulesetId, revision }));
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
  return row ? { id: formId, schema: row.schema, uiSchema: row.uiSchema } : undefined;
}

/**
 * Rule sets and forms from the database: the latest published revisions — or the revisions `pinned` names —
 * with `overrides` (a draft being saved, or files being imported) taking their place.
 */
export function databaseLibrary(
  overrides: Map<string, { file: string; content: unknown }> = new Map(),
  pinned: Record<string, number> = {},
): Library {
  return {
    ruleset(id) {
      const override = overrides.get(id);
      if (override) return override;
      const row = Object.hasOwn(pinned, id) ? publishedRevision(id, pinned[id]) : latestPublished(id);
      return row ? { file: `${id}@${row.revision}`, content: row.content } : undefined;
    },
    form: latestPublishedForm,
    ancestors: (regionCode) =>
      regionAncestry(regionCode)
        .slice(0, -1)
        .reverse()
        .map((r) => r.code),
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
