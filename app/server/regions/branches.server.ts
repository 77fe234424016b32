import { eq, inArray } from "drizzle-orm";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { notFound } from "../platform/http.server";
import { getRegion, regionsWithin } from "./regions.server";

export type Branch = typeof schema.branches.$inferSelect;

export function getBranch(id: number): Branch {
  const branch = getDb().select().from(schema.branches).where(eq(schema.branches.id, id)).get();
  if (!branch) throw notFound(`支部 ${id}`);
  return branch;
}

export type BranchRow = typeof schema.branches.$inferSelect & { regionName: string };

/** The branches an actor may see: its own for a branch user, every branch in its region tree otherwise. */
export function branchesInScope(actor: Actor): BranchRow[] {
  const db = getDb();
  const rows =
    actor.role === "branch"
      ? actor.branchId === null
        ? []
        : db.select().from(schema.branches).where(eq(schema.branches.id, actor.branchId)).all()
      : db
          .select()
          .from(schema.branches)
          .where(
            inArray(
              schema.branches.regionCode,
              regionsWithin(actor.regionCode).map((r) => r.code),
            ),
          )
          .orderBy(schema.branches.regionCode, schema.branches.domain, schema.branches.id)
          .all();
  return rows.map((b) => ({ ...b, regionName: getRegion(b.regionCode)?.name ?? b.regionCode }));
}
