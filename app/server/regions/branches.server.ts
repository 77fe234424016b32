import { and, count, eq, inArray, isNotNull, isNull, like, sql } from "drizzle-orm";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, preparedOnce, schema } from "../platform/db.server";
import { formatDate } from "~/utils/format";
import { domainError, notFound } from "../platform/http.server";
import { inRegionTree, regionName } from "./regions.server";

export type Branch = typeof schema.branches.$inferSelect;

const branchQuery = preparedOnce((db) =>
  db
    .select()
    .from(schema.branches)
    .where(eq(schema.branches.id, sql.placeholder("id")))
    .prepare(),
);

export function getBranch(id: number): Branch {
  const branch = branchQuery().get({ id });
  if (!branch) throw notFound(`支部 ${id}`);
  return branch;
}

/** A branch that may still fill and submit: a dissolved branch keeps its history but takes no new work. */
export function activeBranch(id: number): Branch {
  const branch = getBranch(id);
  if (branch.dissolvedAt)
    throw domainError(
      409,
      `${branch.name}已于 ${formatDate(branch.dissolvedAt)} 撤销${branch.mergedIntoId ? "（已合并）" : ""}，不能再填报或申报。`,
    );
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

export const BRANCHES_PAGE_SIZE = 20;

export type BranchFilter = {
  region: string;
  query?: string;
  domain?: string;
  /** active (the default), dissolved, or all. */
  state?: "active" | "dissolved" | "all";
  page: number;
};

/** A page of the branches in a region's subtree the actor may read, by region and name, with the total. */
export function listBranches(actor: Actor, filter: BranchFilter) {
  authorize(actor, { action: "region.read", regionCode: filter.region }, `区域 ${filter.region} 的支部`);
  const words = filter.query?.replace(/[%_\\]/g, "").trim();
  const state = filter.state ?? "active";
  const where = and(
    inRegionTree(schema.branches.regionCode, filter.region),
    words ? like(schema.branches.name, `%${words}%`) : undefined,
    filter.domain ? eq(schema.branches.domain, filter.domain) : undefined,
    state === "active"
      ? isNull(schema.branches.dissolvedAt)
      : state === "dissolved"
        ? isNotNull(schema.branches.dissolvedAt)
        : undefined,
  );
  const db = getDb();
  const total = db.select({ n: count() }).from(schema.branches).where(where).get()!.n;
  const rows = db
    .select()
    .from(schema.branches)
    .where(where)
    .orderBy(schema.branches.regionCode, schema.branches.name)
    .limit(BRANCHES_PAGE_SIZE)
    .offset((filter.page - 1) * BRANCHES_PAGE_SIZE)
    .all();
  const mergedNames = new Map(
    rows.some((b) => b.mergedIntoId)
      ? db
          .select({ id: schema.branches.id, name: schema.branches.name })
          .from(schema.branches)
          .where(
            inArray(
              schema.branches.id,
              rows.flatMap((b) => b.mergedIntoId ?? []),
            ),
          )
          .all()
          .map((b) => [b.id, b.name])
      : [],
  );
  return {
    total,
    branches: rows.map((b) => ({
      id: b.id,
      name: b.name,
      regionCode: b.regionCode,
      regionName: regionName(b.regionCode),
      domain: b.domain,
      establishedOn: b.establishedOn,
      memberCount: b.memberCount,
      secretaryName: b.secretaryName,
      secretaryPhone: b.secretaryPhone,
      dissolvedAt: b.dissolvedAt?.getTime() ?? null,
      mergedInto: b.mergedIntoId ? (mergedNames.get(b.mergedIntoId) ?? null) : null,
    })),
  };
}

export type BranchListRow = ReturnType<typeof listBranches>["branches"][number];

/** Up to 50 active branches of a region in the actor's scope whose name contains `text` — for pickers. */
export function searchBranches(actor: Actor, regionCode: string, text: string) {
  authorize(actor, { action: "region.read", regionCode }, `区域 ${regionCode} 的支部`);
  const words = text.replace(/[%_\\]/g, "").trim();
  return getDb()
    .select({ id: schema.branches.id, name: schema.branches.name, regionCode: schema.branches.regionCode })
    .from(schema.branches)
    .where(
      and(
        inRegionTree(schema.branches.regionCode, regionCode),
        isNull(schema.branches.dissolvedAt),
        words ? like(schema.branches.name, `%${words}%`) : undefined,
      ),
    )
    .orderBy(schema.branches.name)
    .limit(50)
    .all()
    .map((b) => ({ ...b, regionName: regionName(b.regionCode) }));
}
