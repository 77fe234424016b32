import { and, eq, lte } from "drizzle-orm";
import { authorize } from "../auth/access.server";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import { regionAncestry } from "../regions/regions.server";
import { requireYear } from "../platform/validation.server";

/** The share of branches to rate 最强 in a year: the region's own target, or the nearest ancestor's; a year without one carries the last earlier one. */
export function targetFor(
  regionCode: string,
  year: number,
): { ratio: number; regionCode: string; year: number } | null {
  const db = getDb();
  for (const region of [...regionAncestry(regionCode)].reverse()) {
    const row = db
      .select()
      .from(schema.targets)
      .where(and(eq(schema.targets.regionCode, region.code), lte(schema.targets.year, year)))
      .orderBy(schema.targets.year)
      .all()
      .at(-1);
    if (row) return { ratio: row.ratio, regionCode: row.regionCode, year: row.year };
  }
  return null;
}

/**
 * Sets a region's 最强 target for a year (admins of the region), or with `null` clears it so the year carries the
 * ancestor's or an earlier year's again; audited.
 */
export function setTarget(actor: Actor, regionCode: string, year: number, ratio: number | null) {
  authorize(actor, { action: "standards.write", regionCode }, `区域 ${regionCode} 的年度目标`);
  requireYear(year);
  if (ratio !== null && (typeof ratio !== "number" || !(ratio >= 0 && ratio <= 1)))
    throw domainError(422, "目标比例不正确", [
      { path: "$.ratio", message: "应为 0 到 1 之间的小数，例如 0.3 表示 30%" },
    ]);
  const db = getDb();
  db.transaction((tx) => {
    const before = tx
      .select()
      .from(schema.targets)
      .where(and(eq(schema.targets.regionCode, regionCode), eq(schema.targets.year, year)))
      .get();
    const where = and(eq(schema.targets.regionCode, regionCode), eq(schema.targets.year, year));
    if (ratio === null) tx.delete(schema.targets).where(where).run();
    else
      tx.insert(schema.targets)
        .values({ regionCode, year, ratio })
        .onConflictDoUpdate({ target: [schema.targets.regionCode, schema.targets.year], set: { ratio } })
        .run();
    if (!before && ratio === null) return;
    recordAudit(tx, actor, {
      action: ratio === null ? "target.clear" : "target.set",
      entityType: "target",
      entityId: `${regionCode}/${year}`,
      regionCode,
      before: before ? { ratio: before.ratio } : null,
      after: ratio === null ? null : { ratio },
    });
  });
}

/** The targets a region has set itself, by year. */
export function ownTargets(regionCode: string): { year: number; ratio: number }[] {
  return getDb()
    .select({ year: schema.targets.year, ratio: schema.targets.ratio })
    .from(schema.targets)
    .where(eq(schema.targets.regionCode, regionCode))
    .orderBy(schema.targets.year)
    .all();
}
