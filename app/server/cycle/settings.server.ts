/**
 * A region's settings for the year around the rating: a 公示's length in working days (default 5), whether only final
 * results count in its statistics (default yes), and the 软弱涣散 reasons its reviewers choose from — the built-in
 * ones (000 第二十二条's usual findings) and those each region on the way down added. Unset values come from above.
 */
import { desc, eq } from "drizzle-orm";
import { recordAudit } from "../audit/audit.server";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import { getRegion, regionAncestry } from "../regions/regions.server";

export const BUILT_IN_WEAK_REASONS = [
  "班子不健全",
  "书记不胜任现职",
  "组织生活不正常",
  "党员教育管理宽松软",
  "集体经济薄弱",
  "矛盾纠纷集中",
  "服务群众意识淡薄",
  "村务财务管理混乱",
];
export const DEFAULT_PUBLICITY_DAYS = 5;

export type RegionSettings = {
  publicityDays: number;
  finalOnly: boolean;
  /** Every reason a reviewer may choose, built-in first, then each region's additions from the top down. */
  weakReasons: string[];
  /** This region's own additions (what its admins edit). */
  ownWeakReasons: string[];
};

const latestOwn = (regionCode: string) =>
  getDb()
    .select()
    .from(schema.regionSettings)
    .where(eq(schema.regionSettings.regionCode, regionCode))
    .orderBy(desc(schema.regionSettings.id))
    .get();

export function settingsFor(regionCode: string): RegionSettings {
  let publicityDays: number | undefined;
  let finalOnly: boolean | undefined;
  const reasons = [...BUILT_IN_WEAK_REASONS];
  let ownWeakReasons: string[] = [];
  for (const region of regionAncestry(regionCode)) {
    const row = latestOwn(region.code);
    if (!row) continue;
    if (row.publicityDays !== null) publicityDays = row.publicityDays;
    if (row.finalOnly !== null) finalOnly = row.finalOnly;
    for (const reason of row.weakReasons ?? []) if (!reasons.includes(reason)) reasons.push(reason);
    if (region.code === regionCode) ownWeakReasons = row.weakReasons ?? [];
  }
  return {
    publicityDays: publicityDays ?? DEFAULT_PUBLICITY_DAYS,
    finalOnly: finalOnly ?? true,
    weakReasons: reasons,
    ownWeakReasons,
  };
}

/** Changes a region's settings (a new row; the old ones stay), audited. */
export function setSettings(
  actor: Actor,
  regionCode: string,
  input: { publicityDays?: number; finalOnly?: boolean; weakReasons?: string[] },
): RegionSettings {
  authorize(actor, { action: "cycle.manage", regionCode }, "该区域的设置");
  if (!getRegion(regionCode)) throw domainError(404, `未找到区域 ${regionCode}。`);
  const reasons = (input.weakReasons ?? []).map((r) => r.trim()).filter(Boolean);
  if (new Set(reasons).size !== reasons.length)
    throw domainError(422, "软弱涣散原因有重复。", [{ path: "$.weakReasons", message: "有重复" }]);
  const before = settingsFor(regionCode);
  const own = latestOwn(regionCode);
  getDb().transaction((tx) => {
    tx.insert(schema.regionSettings)
      .values({
        regionCode,
        publicityDays: input.publicityDays ?? own?.publicityDays ?? null,
        finalOnly: input.finalOnly ?? own?.finalOnly ?? null,
        weakReasons: input.weakReasons ? reasons : (own?.weakReasons ?? null),
        setBy: actor.id || null,
      })
      .run();
    recordAudit(tx, actor, {
      action: "settings.set",
      entityType: "settings",
      entityId: regionCode,
      regionCode,
      before: {
        publicityDays: before.publicityDays,
        finalOnly: before.finalOnly,
        weakReasons: before.ownWeakReasons,
      },
      after: { ...input, ...(input.weakReasons ? { weakReasons: reasons } : {}) },
    });
  });
  return settingsFor(regionCode);
}
