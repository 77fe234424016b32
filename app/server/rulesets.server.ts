import { createHash } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { canonicalJson } from "~/engine/json";
import { lintRuleset } from "~/engine/lint";
import { isDomain } from "~/utils/domains";
import { authorize, can } from "./access.server";
import { recordAudit } from "./audit.server";
import type { Actor } from "./auth.server";
import { getDb, schema } from "./db.server";
import { jsonError, notFound } from "./http.server";
import { databaseLibrary, latestPublished, type RulesetRevision } from "./library.server";
import { getRegion } from "./regions.server";


export function contentHash(content: unknown): string {
  return "sha256:" + createHash("sha256").update(canonicalJson(content)).digest("hex");
}

export function rulesetKey(regionCode: string, domain: string): string {
  if (!getRegion(regionCode)) throw notFound(`区域 ${regionCode}`);
  if (!isDomain(domain)) throw notFound(`领域 ${domain}`);
  return `${regionCode}/${domain}`;
}

export function latestDraft(rulesetId: string): RulesetRevision | undefined {
  return getDb()
    .select()
    .from(schema.rulesetRevisions)
    .where(and(eq(schema.rulesetRevisions.rulesetId, rulesetId), eq(schema.rulesetRevisions.status, "draft")))
    .orderBy(desc(schema.rulesetRevisions.id))
    .get();
}

export type RulesetSummary = {
  id: string;
  regionCode: string;
  regionName: string;
  domain: string;
  extends: string | null;
  publishedRevision: number | null;
  hasDraft: boolean;
};

/** Every rule set with a published revision, plus those with drafts the actor may see. */
export function listRulesets(actor: Actor): RulesetSummary[] {
  const db = getDb();
  return db
    .select()
    .from(schema.rulesets)
    .orderBy(schema.rulesets.id)
    .all()
    .map((r) => {
      const published = latestPublished(r.id);
      const draftVisible = can(actor, { action: "standards.readDraft", regionCode: r.regionCode });
      return {
        id: r.id,
        regionCode: r.regionCode,
        regionName: getRegion(r.regionCode)?.name ?? r.regionCode,
        domain: r.domain,
        extends: r.extendsId,
        publishedRevision: published?.revision ?? null,
        hasDraft: draftVisible && latestDraft(r.id) !== undefined,
      };
    })
    .filter((r) => r.publishedRevision !== null ? can(actor, { action: "standards.readPublished", regionCode: r.regionCode }) : r.hasDraft);
}

/** Stores a new draft row (drafts are append-only too) and records it in the audit log. */
export function saveDraft(actor: Actor, regionCode: string, domain: string, content: Record<string, unknown>): RulesetRevision {
  const id = rulesetKey(regionCode, domain);
  authorize(actor, { action: "standards.write", regionCode }, `规则集 ${id}`);
  if (content.id !== undefined && content.id !== id) {
    throw jsonError(422, "规则集内容与地址不一致", [{ path: "$.id", message: `id 应为 "${id}"，实际为 ${JSON.stringify(content.id)}` }]);
  }
  const { errors } = lintRuleset(id, databaseLibrary(new Map([[id, { file: `${id}（草稿）`, content }]])));
  if (errors.length) {
    throw jsonError(
      422,
      `规则集 ${id} 有 ${errors.length} 处错误，草稿未保存。`,
      errors.map(({ file, path, message, parent, forbiddenBy }) => ({ path, message, ...(file.startsWith(id) ? {} : { file }), ...(parent ? { parent, forbiddenBy } : {}) })),
    );
  }
  const db = getDb();
  return db.transaction((tx) => {
    const extendsId = typeof content.extends === "string" ? content.extends : null;
    tx.insert(schema.rulesets).values({ id, regionCode, domain, extendsId }).onConflictDoUpdate({ target: schema.rulesets.id, set: { extendsId } }).run();
    const before = latestDraft(id) ?? latestPublished(id);
    const row = tx
      .insert(schema.rulesetRevisions)
      .values({ rulesetId: id, revision: null, status: "draft", content, sha256: contentHash(content), authorId: actor.id })
      .returning()
      .get();
    recordAudit(tx, actor, { action: "ruleset.saveDraft", entityType: "ruleset", entityId: id, regionCode, before: before?.content ?? null, after: content });
    return row;
  });
}
