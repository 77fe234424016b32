import type { Actor } from "./auth.server";
import { schema, type DB } from "./db.server";

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  regionCode?: string;
  before?: unknown;
  after?: unknown;
};

export function recordAudit(db: Pick<DB, "insert">, actor: Actor | null, entry: AuditEntry): void {
  db.insert(schema.auditLog)
    .values({
      userId: actor?.id ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      regionCode: entry.regionCode ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .run();
}
