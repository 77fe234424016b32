import { and, count, desc, eq, inArray, isNull, like, or } from "drizzle-orm";
import { isPlainObject } from "~/engine/json";
import type { ResolvedRuleset } from "~/engine/types";
import { AUDIT_PAGE_SIZE, describeAuditChange, type RulesetNames } from "~/utils/audit";
import { publishedStandard } from "../rulesets/standards.server";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema, type DB } from "../platform/db.server";
import { forbidden, notFound } from "../platform/http.server";
import { regionName, regionsWithin } from "../regions/regions.server";

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  regionCode?: string;
  before?: unknown;
  after?: unknown;
  note?: string | null;
};

/** Recorded without a user (shown as 平台): the command line's operator (`id` 0) and the platform itself (null). */
export function recordAudit(db: Pick<DB, "insert">, actor: Actor | null, entry: AuditEntry): void {
  db.insert(schema.auditLog)
    .values({
      userId: actor?.id || null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      regionCode: entry.regionCode ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      note: entry.note || null,
    })
    .run();
}

/**
 * Data leaving the platform (a 台账, a fill-in template listing branches, an impact workbook): who took what, of
 * which region, and how much. Recorded when the file is made, so an export that fails to download is still seen.
 */
export function recordExport(
  actor: Actor,
  kind: "ledger" | "template" | "impact" | "package" | "reminders",
  entityId: string,
  regionCode: string,
  after: Record<string, unknown>,
): void {
  recordAudit(getDb(), actor, { action: `export.${kind}`, entityType: "export", entityId, regionCode, after });
}

export type AuditFilter = { page: number; action?: string; query?: string };

/** Audit entries of the actor's regions (and those of no region, like base forms), newest first, a page at a time. */
export function auditEntries(actor: Actor, filter: AuditFilter) {
  const codes = regionsWithin(actor.regionCode).map((r) => r.code);
  const where = and(
    or(isNull(schema.auditLog.regionCode), inArray(schema.auditLog.regionCode, codes)),
    filter.action ? eq(schema.auditLog.action, filter.action) : undefined,
    filter.query ? like(schema.auditLog.entityId, `%${filter.query.replace(/[%_]/g, "")}%`) : undefined,
  );
  const db = getDb();
  const total = db.select({ n: count() }).from(schema.auditLog).where(where).get()!.n;
  const rows = db
    .select({ entry: schema.auditLog, user: schema.users.displayName })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.userId))
    .where(where)
    .orderBy(desc(schema.auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((filter.page - 1) * AUDIT_PAGE_SIZE)
    .all();
  const names = rulesetNames();
  return {
    total,
    entries: rows.map(({ entry, user }) => ({
      id: entry.id,
      at: entry.createdAt,
      user: user ?? "系统（标准库导入）",
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      regionName: entry.regionCode ? regionName(entry.regionCode) : "—",
      changes: describeAuditChange(
        entry.action,
        entry.entityType,
        entry.before,
        entry.after,
        regionName,
        entry.entityType === "ruleset" ? names(entry.entityId, entry.after) : undefined,
      ),
      note: entry.note,
    })),
  };
}

/**
 * Titles for a rule-set entry's sentences: params and rules it inherits are named in its parent's published
 * standard (and its own, for what it defines). Resolved standards are cached, so a page of entries costs little.
 */
function rulesetNames() {
  const cache = new Map<string, ResolvedRuleset | undefined>();
  const standard = (id: string) => {
    if (!cache.has(id)) cache.set(id, publishedStandard(id)?.ruleset);
    return cache.get(id);
  };
  return (entityId: string, after: unknown): RulesetNames => {
    const own = standard(entityId.split("@")[0]);
    const parentId = isPlainObject(after) && typeof after.extends === "string" ? after.extends : undefined;
    const sources = [own, parentId ? standard(parentId) : undefined].filter((r) => r !== undefined);
    return {
      param: (id) => sources.map((r) => r.params[id]).find((p) => p !== undefined),
      rule: (id) => sources.flatMap((r) => r.rules.filter((rule) => rule.id === id)).find((r) => r.name)?.name,
    };
  };
}

/** One entry with its before and after, for an admin whose regions it concerns. */
export function auditEntry(actor: Actor, id: number) {
  const entry = getDb().select().from(schema.auditLog).where(eq(schema.auditLog.id, id)).get();
  if (!entry) throw notFound(`审计记录 ${id}`);
  if (entry.regionCode)
    authorize(actor, { action: "standards.readDraft", regionCode: entry.regionCode }, `审计记录 ${id}`);
  else if (actor.role !== "admin") throw forbidden(`审计记录 ${id}`);
  if (entry.entityType !== "ruleset") return entry;
  // The titles of the params a rule-set change touches, for the field-level diff (extension).
  const names = rulesetNames()(entry.entityId, entry.after);
  const ids = new Set([
    ...Object.keys(isPlainObject(entry.before) && isPlainObject(entry.before.params) ? entry.before.params : {}),
    ...Object.keys(isPlainObject(entry.after) && isPlainObject(entry.after.params) ? entry.after.params : {}),
  ]);
  const paramTitles = Object.fromEntries(
    [...ids].flatMap((id) => {
      const title = names.param(id)?.title;
      return title ? [[id, title]] : [];
    }),
  );
  return { ...entry, paramTitles };
}
