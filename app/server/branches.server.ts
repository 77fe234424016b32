import { desc, eq, inArray } from "drizzle-orm";
import type { Actor } from "./auth.server";
import { getDb, schema } from "./db.server";
import { getRegion, regionsWithin } from "./regions.server";

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
          .where(inArray(schema.branches.regionCode, regionsWithin(actor.regionCode).map((r) => r.code)))
          .orderBy(schema.branches.regionCode, schema.branches.domain, schema.branches.id)
          .all();
  return rows.map((b) => ({ ...b, regionName: getRegion(b.regionCode)?.name ?? b.regionCode }));
}

export type SubmissionRow = {
  id: number;
  branchId: number;
  branchName: string;
  regionCode: string;
  regionName: string;
  domain: string;
  year: number;
  status: string;
  createdAt: Date;
};

/** Submissions of the branches in the actor's scope, newest first. */
export function submissionsInScope(actor: Actor): SubmissionRow[] {
  const branchIds = branchesInScope(actor).map((b) => b.id);
  if (!branchIds.length) return [];
  return getDb()
    .select({
      id: schema.submissions.id,
      branchId: schema.submissions.branchId,
      branchName: schema.branches.name,
      regionCode: schema.branches.regionCode,
      domain: schema.submissions.domain,
      year: schema.submissions.year,
      status: schema.submissions.status,
      createdAt: schema.submissions.createdAt,
    })
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(inArray(schema.submissions.branchId, branchIds))
    .orderBy(desc(schema.submissions.year), desc(schema.submissions.id))
    .all()
    .map((s) => ({ ...s, regionName: getRegion(s.regionCode)?.name ?? s.regionCode }));
}
