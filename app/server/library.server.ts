import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Library } from "~/engine/resolve";
import type { Form, JsonObject } from "~/engine/types";
import { getDb, schema } from "./db.server";

export function latestPublishedForm(formId: string): Form | undefined {
  const row = getDb()
    .select()
    .from(schema.formRevisions)
    .where(and(eq(schema.formRevisions.formId, formId), isNotNull(schema.formRevisions.revision)))
    .orderBy(desc(schema.formRevisions.revision))
    .get();
  return row ? { id: formId, schema: row.schema as JsonObject, uiSchema: row.uiSchema as JsonObject } : undefined;
}

/**
 * Rule sets and forms from the database: the latest published revisions, with `overrides` (a draft being
 * saved, or files being imported) taking their place.
 */
export function databaseLibrary(overrides: Map<string, { file: string; content: unknown }> = new Map()): Library {
  return {
    ruleset(id) {
      const override = overrides.get(id);
      if (override) return override;
      const row = getDb()
        .select()
        .from(schema.rulesetRevisions)
        .where(and(eq(schema.rulesetRevisions.rulesetId, id), isNotNull(schema.rulesetRevisions.revision)))
        .orderBy(desc(schema.rulesetRevisions.revision))
        .get();
      return row ? { file: `${id}@${row.revision}`, content: row.content } : undefined;
    },
    form: latestPublishedForm,
  };
}
