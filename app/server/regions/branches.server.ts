import { and, count, eq, like } from "drizzle-orm";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { notFound } from "../platform/http.server";
import { inRegionTree, regionName } from "./regions.server";

export type Branch = typeof schema.branches.$inferSelect;

export function getBranch(id: number): Branch {
  const branch = getDb().select().from(schema.branches).where(eq(schema.branches.id, id)).get();
  if (!branch) throw notFound(`支部 ${id}`);
  return branch;
}

export type BranchRow = typeof schema.branches.$inferSelect & { regionName: string };

const inActorScope = (actor: Actor) =>
  actor.role === "branch"
    ? eq(schema.branches.id, actor.branchId ?? -1)
    : inRegionTree(schema.branches.regionCode, actor.regionCode);

/** The branches an actor may see: its own for a branch user, every branch in its region tree otherwise. */
export function branchesInScope(actor: Actor): BranchRow[] {
  return getDb()
    .select()
    .from(schema.branches)
    .where(inActorScope(actor))
    .orderBy(schema.branches.regionCode, schema.branches.domain, schema.branches.id)
    .all()
    .map((b) => ({ ...b, regionName: regionName(b.regionCode) }));
}

/** How many branches the actor may see, counted in SQL. */
export function countBranchesInScope(actor: Actor): number {
  return getDb().select({ n: count() }).from(schema.branches).where(inActorScope(actor)).get()!.n;
}

/** Up to 50 branches of a region in the actor's scope whose name contains `text` — for pickers. */
export function searchBranches(actor: Actor, regionCode: string, text: string) {
  authorize(actor, { action: "region.read", regionCode }, `区域 ${regionCode} 的支部`);
  const words = text.replace(/[%_\\]/g, "").trim();
  return getDb()
    .select({ id: schema.branches.id, name: schema.branches.name, regionCode: schema.branches.regionCode })
    .from(schema.branches)
    .where(
      and(
        inRegionTree(schema.branches.regionCode, regionCode),
        words ? like(schema.branches.name, `%${words}%`) : undefined,
      ),
    )
    .orderBy(schema.branches.name)
    .limit(50)
    .all()
    .map((b) => ({ ...b, regionName: regionName(b.regionCode) }));
}
