import { inArray, like, or, eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { getDb, schema } from "../platform/db.server";

export type Region = typeof schema.regions.$inferSelect;

let cache: { regions: Map<string, Region>; version: number } | undefined;
let checkedThisTurn = false;
let versionQuery: { get(): unknown } | undefined;

/** Changes when another connection (the CLI, an import worker) commits; this process's own writes call forgetRegions. */
function otherConnectionsVersion(): number {
  versionQuery ??= getDb().$client.prepare("PRAGMA data_version").pluck();
  return versionQuery.get() as number;
}

/**
 * The organisation tree, kept in memory: it changes rarely and is read on every permission check. Checked once per
 * turn of the event loop against what other connections have committed.
 */
export function regionsByCode(): Map<string, Region> {
  if (cache && !checkedThisTurn) {
    checkedThisTurn = true;
    queueMicrotask(() => (checkedThisTurn = false));
    if (otherConnectionsVersion() !== cache.version) cache = undefined;
  }
  if (!cache) {
    const version = otherConnectionsVersion();
    const rows = getDb().select().from(schema.regions).all();
    cache = { regions: new Map(rows.map((r) => [r.code, r])), version };
  }
  return cache.regions;
}

export function forgetRegions(): void {
  cache = undefined;
}

export function getRegion(code: string): Region | undefined {
  return regionsByCode().get(code);
}

/** A region's name for people, or its code when there is no such region. */
export const regionName = (code: string): string => getRegion(code)?.name ?? code;

/** True when `code` is `scopeCode` or one of its descendants. */
export function regionWithin(code: string, scopeCode: string): boolean {
  const region = getRegion(code);
  const scope = getRegion(scopeCode);
  if (!region || !scope) return false;
  return region.path === scope.path || region.path.startsWith(scope.path + "/");
}

/**
 * A condition that `column` (a region code) lies in `scopeCode`'s subtree, as one subquery over the region path —
 * never a list of bound values, which a province of tens of thousands of branches would overflow.
 */
export function inRegionTree(column: SQLiteColumn, scopeCode: string): SQL {
  const scope = getRegion(scopeCode);
  if (!scope) return sql`0`;
  return inArray(
    column,
    getDb()
      .select({ code: schema.regions.code })
      .from(schema.regions)
      .where(or(eq(schema.regions.path, scope.path), like(schema.regions.path, `${scope.path}/%`))),
  );
}

/**
 * A condition that `column` lies in `scopeCode`'s subtree or is one of the regions above it: where the records that
 * reach into a region are made (a 公示 or a spot check made above holds results from below).
 */
export function inRegionLine(column: SQLiteColumn, scopeCode: string): SQL {
  return or(
    inRegionTree(column, scopeCode),
    inArray(
      column,
      regionAncestry(scopeCode).map((r) => r.code),
    ),
  )!;
}

/** `scopeCode` and every region below it, root first. */
export function regionsWithin(scopeCode: string): Region[] {
  return [...regionsByCode().values()]
    .filter((r) => regionWithin(r.code, scopeCode))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The chain from the root down to `code`. */
export function regionAncestry(code: string): Region[] {
  const region = getRegion(code);
  if (!region) return [];
  return region.path.split("/").flatMap((c) => getRegion(c) ?? []);
}

let childrenQuery: { all(...params: unknown[]): unknown[] } | undefined;

/**
 * The regions directly below `parentCode` with how many regions sit below each and how many active branches its
 * subtree has — one level of the lazily loaded tree. Path ranges (`path/` ≤ p < `path0`) use the path index.
 */
export function regionChildren(parentCode: string) {
  const sqlite = getDb().$client;
  childrenQuery ??= sqlite.prepare(`
    SELECT c.code, c.name, c.kind, c.retired_at AS retiredAt,
      (SELECT count(*) FROM regions d WHERE d.parent_code = c.code) AS children,
      (SELECT count(*) FROM branches b JOIN regions r ON r.code = b.region_code
        WHERE (r.path = c.path OR (r.path >= c.path || '/' AND r.path < c.path || '0')) AND b.dissolved_at IS NULL)
        AS branches
    FROM regions c WHERE c.parent_code = ? ORDER BY c.retired_at IS NOT NULL, c.code`);
  return (
    childrenQuery.all(parentCode) as {
      code: string;
      name: string;
      kind: Region["kind"];
      retiredAt: number | null;
      children: number;
      branches: number;
    }[]
  ).map((r) => ({ ...r, retired: r.retiredAt !== null }));
}
