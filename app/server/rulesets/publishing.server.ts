import { createHash } from "node:crypto";
import { and, asc, desc, eq, isNotNull, like, sql } from "drizzle-orm";
import { runCases, type CaseOutcome } from "~/engine/cases";
import { createEvaluator } from "~/engine/evaluate";
import { canonicalJson } from "~/engine/json";
import { lintRuleset } from "~/engine/lint";
import type { LintError, ResolvedRuleset } from "~/engine/types";
import { isDomain } from "~/utils/domains";
import { authorize, can } from "../auth/access.server";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { domainError, notFound, type FieldError } from "../platform/http.server";
import {
  databaseLibrary,
  latestPublished,
  parentRevisions,
  publishedRevision,
  type RulesetRevision,
} from "./revisions.server";
import { getRegion, regionName } from "../regions/regions.server";

export function contentHash(content: unknown): string {
  return "sha256:" + createHash("sha256").update(canonicalJson(content)).digest("hex");
}

export function rulesetKey(regionCode: string, domain: string): string {
  if (!getRegion(regionCode)) throw notFound(`区域 ${regionCode}`);
  if (!isDomain(domain)) throw notFound(`领域 ${domain}`);
  return `${regionCode}/${domain}`;
}

/** The newest draft row, whether or not it has been published since. */
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
  title: string;
  publishedRevision: number | null;
  publishedAt: Date | null;
  hasDraft: boolean;
  /** Ancestors that published a revision after the one this rule set's latest revision is pinned to. */
  parentsUpdated: string[];
};

/**
 * The ancestors a published revision is pinned to that have published since: their changes reach it only when it is
 * published again. `latestRevision` looks a rule set's newest revision number up (by default in the database).
 */
export function updatedParents(
  parents: Record<string, number> | null | undefined,
  latestRevision: (id: string) => number | null | undefined = (id) => latestPublished(id)?.revision,
): string[] {
  return Object.entries(parents ?? {}).flatMap(([id, pinned]) => ((latestRevision(id) ?? 0) > pinned ? [id] : []));
}

/** A draft saved after the newest published revision: work not yet published. */
export function pendingDraft(rulesetId: string): RulesetRevision | undefined {
  const draft = latestDraft(rulesetId);
  const published = latestPublished(rulesetId);
  return draft && (!published || draft.id > published.id) ? draft : undefined;
}

/** Every rule set with a published revision, plus those with drafts the actor may see. */
export function listRulesets(actor: Actor): RulesetSummary[] {
  const db = getDb();
  // Only the columns the list needs: the rule-set content (up to ~100 KB each) is never parsed here.
  const revisions = db
    .select({
      id: schema.rulesetRevisions.id,
      rulesetId: schema.rulesetRevisions.rulesetId,
      revision: schema.rulesetRevisions.revision,
      createdAt: schema.rulesetRevisions.createdAt,
      parents: schema.rulesetRevisions.parents,
      title: sql<string | null>`json_extract(${schema.rulesetRevisions.content}, '$.title')`,
    })
    .from(schema.rulesetRevisions)
    .orderBy(schema.rulesetRevisions.id)
    .all();
  type Row = (typeof revisions)[number];
  const published = new Map<string, Row>();
  const drafts = new Map<string, Row>();
  for (const row of revisions) (row.revision === null ? drafts : published).set(row.rulesetId, row);
  return db
    .select()
    .from(schema.rulesets)
    .orderBy(schema.rulesets.id)
    .all()
    .map((r) => {
      const latest = published.get(r.id);
      const newest = drafts.get(r.id);
      const draft =
        newest &&
        (!latest || newest.id > latest.id) &&
        can(actor, { action: "standards.readDraft", regionCode: r.regionCode })
          ? newest
          : undefined;
      return {
        id: r.id,
        regionCode: r.regionCode,
        regionName: regionName(r.regionCode),
        domain: r.domain,
        extends: r.extendsId,
        title: (draft ?? latest)?.title ?? r.id,
        publishedRevision: latest?.revision ?? null,
        publishedAt: latest?.createdAt ?? null,
        hasDraft: draft !== undefined,
        parentsUpdated: updatedParents(latest?.parents, (id) => published.get(id)?.revision),
      };
    })
    .filter((r) =>
      r.publishedRevision !== null
        ? can(actor, { action: "standards.readPublished", regionCode: r.regionCode })
        : r.hasDraft,
    );
}

/** Lint errors as API field errors: the file only when it is not the rule set itself (a parent's). */
const fieldErrors = (id: string, errors: LintError[]): FieldError[] =>
  errors.map(({ file, path, message, parent, forbiddenBy }) => ({
    path,
    message,
    ...(file.startsWith(id) ? {} : { file }),
    ...(parent ? { parent, forbiddenBy } : {}),
  }));

/** Lints unpublished content as rule set `id`, against the latest published parents or the revisions `parents` names. */
export function lintDraft(id: string, content: unknown, parents: Record<string, number> = {}) {
  return lintRuleset(id, databaseLibrary(new Map([[id, { file: `${id}（草稿）`, content }]]), parents));
}

export type DraftCheck = {
  errors: FieldError[];
  /** What lint advises but does not refuse: a rule comparing with a constant that equals a param's value. */
  warnings: FieldError[];
  ruleset?: ResolvedRuleset;
  cases: CaseOutcome[];
};

/**
 * What saving and publishing would say about `content`, storing nothing: lint errors against the latest published
 * parents (or the revisions `parents` names) and, when it resolves, every case run.
 */
export async function checkDraft(
  id: string,
  content: unknown,
  parents: Record<string, number> = {},
): Promise<DraftCheck> {
  const { errors, warnings = [], ruleset } = lintDraft(id, content, parents);
  const advice = fieldErrors(id, warnings);
  if (!ruleset || errors.length)
    return { errors: fieldErrors(id, errors), warnings: advice, ...(ruleset ? { ruleset } : {}), cases: [] };
  return { errors: [], warnings: advice, ruleset, cases: await runCases(createEvaluator(ruleset)) };
}

function checkContentId(id: string, content: Record<string, unknown>) {
  if (content.id !== undefined && content.id !== id) {
    throw domainError(422, "规则集内容与地址不一致", [
      { path: "$.id", message: `id 应为 "${id}"，实际为 ${JSON.stringify(content.id)}` },
    ]);
  }
}

/** Stores a new draft row (drafts are append-only too) and records it in the audit log. */
export function saveDraft(
  actor: Actor,
  regionCode: string,
  domain: string,
  content: Record<string, unknown>,
): RulesetRevision {
  const id = rulesetKey(regionCode, domain);
  authorize(actor, { action: "standards.write", regionCode }, `规则集 ${id}`);
  checkContentId(id, content);
  const { errors } = lintDraft(id, content);
  if (errors.length)
    throw domainError(422, `规则集 ${id} 有 ${errors.length} 处错误，草稿未保存。`, fieldErrors(id, errors));
  const db = getDb();
  return db.transaction((tx) => {
    const extendsId = typeof content.extends === "string" ? content.extends : null;
    tx.insert(schema.rulesets)
      .values({ id, regionCode, domain, extendsId })
      .onConflictDoUpdate({ target: schema.rulesets.id, set: { extendsId } })
      .run();
    const before = pendingDraft(id) ?? latestPublished(id);
    const row = tx
      .insert(schema.rulesetRevisions)
      .values({
        rulesetId: id,
        revision: null,
        status: "draft",
        content,
        sha256: contentHash(content),
        authorId: actor.id,
      })
      .returning()
      .get();
    recordAudit(tx, actor, {
      action: "ruleset.saveDraft",
      entityType: "ruleset",
      entityId: id,
      regionCode,
      before: before?.content ?? null,
      after: content,
    });
    return row;
  });
}

/**
 * Stores `content` as the next published revision, pinned to the parents' current revisions — refused (422)
 * when lint or any case fails. Published rows are never updated.
 */
async function publishContent(
  actor: Actor,
  id: string,
  regionCode: string,
  content: Record<string, unknown>,
  action: string,
  note: string | undefined,
  stillWanted: () => boolean = () => true,
) {
  // Checked and stored against the same parent revisions, even if a parent publishes meanwhile.
  const parents = parentRevisions(content);
  const check = await checkDraft(id, content, parents);
  if (check.errors.length)
    throw domainError(422, `规则集 ${id} 有 ${check.errors.length} 处错误，未发布。`, check.errors);
  const failed = check.cases.flatMap((c, i) =>
    c.failures.length ? [{ path: `$.cases[${i}]`, message: `用例「${c.name}」未通过：${c.failures.join("；")}` }] : [],
  );
  if (failed.length) throw domainError(422, `规则集 ${id} 有 ${failed.length} 个用例未通过，未发布。`, failed);
  const db = getDb();
  const row = db.transaction((tx) => {
    if (!stillWanted()) throw domainError(409, `规则集 ${id} 的草稿刚刚已被发布。`);
    const before = latestPublished(id);
    const revision = (before?.revision ?? 0) + 1;
    const inserted = tx
      .insert(schema.rulesetRevisions)
      .values({
        rulesetId: id,
        revision,
        status: "published",
        content,
        sha256: contentHash(content),
        parents,
        authorId: actor.id,
      })
      .returning()
      .get();
    recordAudit(tx, actor, {
      action,
      entityType: "ruleset",
      entityId: `${id}@${revision}`,
      regionCode,
      before: before?.content ?? null,
      after: content,
      note,
    });
    return inserted;
  });
  return { row, ruleset: check.ruleset!, cases: check.cases.length };
}

/** 发布: the pending draft becomes a new immutable revision, with the author's note on why (optional). */
export async function publishDraft(actor: Actor, regionCode: string, domain: string, note?: string) {
  const id = rulesetKey(regionCode, domain);
  authorize(actor, { action: "standards.write", regionCode }, `规则集 ${id}`);
  const draft = pendingDraft(id);
  if (!draft) throw domainError(409, `规则集 ${id} 没有未发布的草稿：请先保存草稿。`);
  return publishContent(
    actor,
    id,
    regionCode,
    draft.content,
    "ruleset.publish",
    note,
    () => pendingDraft(id)?.id === draft.id,
  );
}

/** 回滚: an old revision's content published again as a new revision; history is never rewritten. */
export async function republishRevision(
  actor: Actor,
  regionCode: string,
  domain: string,
  revision: number,
  note?: string,
) {
  const id = rulesetKey(regionCode, domain);
  authorize(actor, { action: "standards.write", regionCode }, `规则集 ${id}`);
  const old = publishedRevision(id, revision);
  if (!old) throw notFound(`规则集 ${id} 的第 ${revision} 版`);
  return publishContent(actor, id, regionCode, old.content, "ruleset.rollback", note);
}

export type RevisionSummary = {
  id: number;
  revision: number | null;
  status: "draft" | "published";
  sha256: string;
  author: string | null;
  createdAt: Date;
  /** The change note given when it was published (or rolled back to). */
  note: string | null;
};

/**
 * Every row of a rule set, newest first: published revisions with their change notes (kept in the audit log), and
 * drafts for those who may read them.
 */
export function revisionHistory(actor: Actor, rulesetId: string, regionCode: string): RevisionSummary[] {
  const withDrafts = can(actor, { action: "standards.readDraft", regionCode });
  const notes = new Map(
    getDb()
      .select({ entityId: schema.auditLog.entityId, note: schema.auditLog.note })
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.entityType, "ruleset"),
          like(schema.auditLog.entityId, `${rulesetId}@%`),
          isNotNull(schema.auditLog.note),
        ),
      )
      .all()
      .map((r) => [r.entityId, r.note]),
  );
  const rows = getDb()
    .select({
      id: schema.rulesetRevisions.id,
      revision: schema.rulesetRevisions.revision,
      status: schema.rulesetRevisions.status,
      sha256: schema.rulesetRevisions.sha256,
      author: schema.users.displayName,
      createdAt: schema.rulesetRevisions.createdAt,
    })
    .from(schema.rulesetRevisions)
    .leftJoin(schema.users, eq(schema.users.id, schema.rulesetRevisions.authorId))
    .where(
      withDrafts
        ? eq(schema.rulesetRevisions.rulesetId, rulesetId)
        : and(eq(schema.rulesetRevisions.rulesetId, rulesetId), isNotNull(schema.rulesetRevisions.revision)),
    )
    .orderBy(desc(schema.rulesetRevisions.id))
    .all();
  return rows.map((r) => ({ ...r, note: r.revision ? (notes.get(`${rulesetId}@${r.revision}`) ?? null) : null }));
}

/** Published revision numbers of a rule set, oldest first. */
export function publishedRevisionNumbers(rulesetId: string): number[] {
  return getDb()
    .select({ revision: schema.rulesetRevisions.revision })
    .from(schema.rulesetRevisions)
    .where(and(eq(schema.rulesetRevisions.rulesetId, rulesetId), isNotNull(schema.rulesetRevisions.revision)))
    .orderBy(asc(schema.rulesetRevisions.revision))
    .all()
    .map((r) => r.revision!);
}
