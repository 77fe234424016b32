import { inArray, like, or, eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { getDb, schema } from "../platform/db.server";

export type Region = typeof schema.regions.$inferSelect;

let cache: Map<string, Region> | undefined;

/** Regions change only through seeding and admin tools, so they are read once per process. */
export function regionsByCode(): Map<string, Region> {
  if (!cache) {
    const rows = getDb().select().from(schema.regions).all();
    cache = new Map(rows.map((r) => [r.code, r]));
  }
  return cache;
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
