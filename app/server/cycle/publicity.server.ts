/**
 * 公示: after rating, a region makes a set of results public for a number of working days on a page anyone can open
 * (branch, region, grade and the period — nothing else); reviewers record 异议 and how each was handled; a result is
 * final once the period is over with no objection open or upheld, and the 公示 is then closed. A region chooses
 * whether only final results count in its statistics (settings).
 */
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { todayInChina } from "~/utils/format";
import type { PublicityStatus } from "~/utils/labels";
import { recordAudit } from "../audit/audit.server";
import { authorize, can } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema, type DB } from "../platform/db.server";
import { domainError, notFound } from "../platform/http.server";
import { getRegion, inRegionLine, inRegionTree, regionAncestry, regionName } from "../regions/regions.server";
import { countedGrades } from "../submissions/repository.server";
import { settingsFor } from "./settings.server";

const isWorkingDay = (date: string) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The last day of a 公示 of `days` working days starting on `start` (the start counts when it is a working day).
 * Weekends are skipped; the state's moved holidays are not known here, so a region lengthens the period for them.
 */
export function publicityEnd(start: string, days: number): string {
  let date = start;
  let counted = isWorkingDay(date) ? 1 : 0;
  while (counted < days) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) counted++;
  }
  return date;
}

/**
 * Each submission's place in the 公示s: 公示中 while its period runs, 有异议 while an objection is open or after one
 * was upheld, 已公示 once the period is over (or the 公示 closed) with neither. Absent: never made public.
 */
export function publicityStatuses(submissionIds: number[], today = todayInChina()): Map<number, PublicityStatus> {
  const statuses = new Map<number, PublicityStatus>();
  if (!submissionIds.length) return statuses;
  const db = getDb();
  for (let i = 0; i < submissionIds.length; i += 500) {
    const rows = db
      .select({ item: schema.publicityItems, publicity: schema.publicities })
      .from(schema.publicityItems)
      .innerJoin(schema.publicities, eq(schema.publicities.id, schema.publicityItems.publicityId))
      .where(inArray(schema.publicityItems.submissionId, submissionIds.slice(i, i + 500)))
      .orderBy(asc(schema.publicityItems.id))
      .all();
    const itemIds = rows.map((r) => r.item.id);
    const objected = new Set(
      itemIds.length
        ? db
            .select({ itemId: schema.objections.itemId, outcome: schema.objections.outcome })
            .from(schema.objections)
            .where(inArray(schema.objections.itemId, itemIds))
            .all()
            .filter((o) => o.outcome !== "dismissed")
            .map((o) => o.itemId)
        : [],
    );
    // The latest 公示 of a submission is the one that says where it stands.
    for (const { item, publicity } of rows) {
      const over = publicity.closedAt !== null || publicity.endsOn < today;
      statuses.set(item.submissionId, objected.has(item.id) ? "objected" : over ? "final" : "publicizing");
    }
  }
  return statuses;
}

/**
 * Opens a 公示 of the rated results of a region and year — all those not yet made public, or the ones named — from a
 * start date (today by default; up to 30 days back, for a notice already posted) for the region's number of working
 * days. Refused for a result not rated, out of scope, or already in a 公示.
 */
export function openPublicity(
  actor: Actor,
  input: { region: string; year: number; submissionIds?: number[]; startsOn?: string; title?: string },
) {
  authorize(actor, { action: "cycle.manage", regionCode: input.region }, "该区域的公示");
  const region = getRegion(input.region);
  if (!region) throw domainError(404, `未找到区域 ${input.region}。`);
  const today = todayInChina();
  const startsOn = input.startsOn ?? today;
  if (startsOn < addDays(today, -30) || startsOn > addDays(today, 30))
    throw domainError(422, "公示开始日期须在今天前后 30 天以内。", [{ path: "$.startsOn", message: "超出范围" }]);
  const db = getDb();
  const inScope = db
    .select({ submission: schema.submissions, branchName: schema.branches.name })
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(
      and(
        input.submissionIds
          ? inArray(schema.submissions.id, input.submissionIds)
          : inRegionTree(schema.submissions.regionCode, input.region),
        eq(schema.submissions.year, input.year),
      ),
    )
    .all();
  if (input.submissionIds) {
    const found = new Set(inScope.map((r) => r.submission.id));
    const missing = input.submissionIds.filter((id) => !found.has(id));
    if (missing.length) throw domainError(404, `未找到 ${input.year} 年度的申报 ${missing.join("、")}。`);
    const outside = inScope.filter((r) => !can(actor, { action: "cycle.manage", regionCode: r.submission.regionCode }));
    if (outside.length)
      throw domainError(403, `${outside.map((r) => r.branchName).join("、")}不在您的区域权限范围内，不能公示。`);
  }
  const grades = countedGrades(inScope.map((r) => r.submission.id));
  const unrated = inScope.filter((r) => r.submission.status !== "rated" || !grades.has(r.submission.id));
  if (input.submissionIds && unrated.length)
    throw domainError(
      422,
      `${unrated.map((r) => r.branchName).join("、")}尚未评定（或等次已撤销），不能公示。`,
      unrated.map((r) => ({ path: `$.submissionIds`, message: `${r.branchName}尚未评定` })),
    );
  const already = publicityStatuses(inScope.map((r) => r.submission.id));
  const candidates = inScope.filter((r) => grades.has(r.submission.id) && r.submission.status === "rated");
  if (input.submissionIds) {
    const twice = candidates.filter((r) => already.has(r.submission.id));
    if (twice.length) throw domainError(409, `${twice.map((r) => r.branchName).join("、")}的评定结果已经公示过。`);
  }
  const items = candidates.filter((r) => !already.has(r.submission.id));
  if (!items.length) throw domainError(409, `${region.name} ${input.year} 年度没有待公示的评定结果。`);
  const days = settingsFor(input.region).publicityDays;
  const endsOn = publicityEnd(startsOn, days);
  const title = input.title?.trim() || `${region.name}${input.year}年度党支部评定结果公示`;
  const id = db.transaction((tx) => {
    const publicity = insertPublicity(
      tx,
      { regionCode: input.region, year: input.year, title, startsOn, endsOn, openedBy: actor.id || null },
      items,
      grades,
    );
    recordAudit(tx, actor, {
      action: "publicity.open",
      entityType: "publicity",
      entityId: String(publicity.id),
      regionCode: input.region,
      after: { title, year: input.year, startsOn, endsOn, days, results: items.length },
    });
    return publicity.id;
  });
  return publicityDetail(actor, id);
}

type PublicityRow = typeof schema.publicities.$inferSelect;

/** The rated submissions of a region's scope and year, with their branch's name. */
function ratedIn(regionCode: string, year: number) {
  return getDb()
    .select({ submission: schema.submissions, branchName: schema.branches.name })
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(
      and(
        inRegionTree(schema.submissions.regionCode, regionCode),
        eq(schema.submissions.year, year),
        eq(schema.submissions.status, "rated"),
      ),
    )
    .all();
}

/** A 公示 and its results (each snapshotted: branch, region, grade), with an unguessable public address. */
function insertPublicity(
  tx: Pick<DB, "insert">,
  values: Omit<typeof schema.publicities.$inferInsert, "slug">,
  items: { submission: typeof schema.submissions.$inferSelect; branchName: string }[],
  grades: Map<number, { gradeId: string; gradeTitle: string }>,
) {
  const publicity = tx
    .insert(schema.publicities)
    .values({ ...values, slug: randomBytes(12).toString("base64url") })
    .returning()
    .get();
  for (const { submission, branchName } of items)
    tx.insert(schema.publicityItems)
      .values({
        publicityId: publicity.id,
        submissionId: submission.id,
        branchName,
        regionName: regionName(submission.regionCode),
        ...grades.get(submission.id)!,
      })
      .run();
  return publicity;
}

const summaryOf = (p: PublicityRow, today = todayInChina()) => ({
  id: p.id,
  title: p.title,
  region: { code: p.regionCode, name: regionName(p.regionCode) },
  year: p.year,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
  slug: p.slug,
  state: p.closedAt ? ("closed" as const) : p.endsOn < today ? ("ended" as const) : ("open" as const),
  closedAt: p.closedAt?.getTime() ?? null,
});

/** A 公示 the actor may see: one of their scope, or one above it that reaches into it (they see their part). */
function publicityRow(actor: Actor, id: number): PublicityRow {
  const row = getDb().select().from(schema.publicities).where(eq(schema.publicities.id, id)).get();
  const related =
    row &&
    actor.role !== "branch" &&
    (can(actor, { action: "region.read", regionCode: row.regionCode }) ||
      regionAncestry(actor.regionCode).some((r) => r.code === row.regionCode));
  if (!row || !related) throw notFound(`公示 ${id}`);
  return row;
}

/** A 公示 with each result, its status and objections (for admins and reviewers in scope). */
export function publicityDetail(actor: Actor, id: number) {
  const publicity = publicityRow(actor, id);
  const db = getDb();
  const items = db
    .select({ item: schema.publicityItems, regionCode: schema.submissions.regionCode })
    .from(schema.publicityItems)
    .innerJoin(schema.submissions, eq(schema.submissions.id, schema.publicityItems.submissionId))
    .where(eq(schema.publicityItems.publicityId, id))
    .orderBy(asc(schema.publicityItems.id))
    .all()
    .filter((r) => can(actor, { action: "region.read", regionCode: r.regionCode }))
    .map((r) => r.item);
  const statuses = publicityStatuses(items.map((i) => i.submissionId));
  const objections = items.length
    ? db
        .select()
        .from(schema.objections)
        .where(
          inArray(
            schema.objections.itemId,
            items.map((i) => i.id),
          ),
        )
        .orderBy(asc(schema.objections.id))
        .all()
    : [];
  return {
    ...summaryOf(publicity),
    items: items.map((i) => ({
      id: i.id,
      submissionId: i.submissionId,
      branchName: i.branchName,
      regionName: i.regionName,
      gradeTitle: i.gradeTitle,
      status: statuses.get(i.submissionId) ?? "publicizing",
      objections: objections
        .filter((o) => o.itemId === i.id)
        .map((o) => ({
          id: o.id,
          content: o.content,
          source: o.source,
          at: o.createdAt.getTime(),
          outcome: o.outcome,
          handling: o.handling,
          resolvedAt: o.resolvedAt?.getTime() ?? null,
        })),
    })),
  };
}

/** The 公示s of a region's scope for a year, newest first, each with how many results and open objections. */
export function publicitiesOf(actor: Actor, region: string, year: number) {
  authorize(actor, { action: "region.read", regionCode: region }, "该区域的公示");
  const db = getDb();
  const rows = db
    .select()
    .from(schema.publicities)
    .where(
      and(
        // 公示s of the region and below, and those of the regions above, whose results may reach into it.
        inRegionLine(schema.publicities.regionCode, region),
        eq(schema.publicities.year, year),
      ),
    )
    .orderBy(desc(schema.publicities.id))
    .limit(100)
    .all();
  return rows.flatMap((p) => {
    const items = db
      .select({ id: schema.publicityItems.id })
      .from(schema.publicityItems)
      .innerJoin(schema.submissions, eq(schema.submissions.id, schema.publicityItems.submissionId))
      .where(and(eq(schema.publicityItems.publicityId, p.id), inRegionTree(schema.submissions.regionCode, region)))
      .all()
      .map((i) => i.id);
    if (!items.length) return [];
    const open = items.length
      ? db
          .select({ id: schema.objections.id })
          .from(schema.objections)
          .where(and(inArray(schema.objections.itemId, items), isNull(schema.objections.resolvedAt)))
          .all().length
      : 0;
    return [{ ...summaryOf(p), results: items.length, openObjections: open }];
  });
}

/** What the public page shows: the 公示's title, region, period and each result's branch, region and grade. */
export function publicPage(slug: string) {
  const row = /^[A-Za-z0-9_-]{16}$/.test(slug)
    ? getDb().select().from(schema.publicities).where(eq(schema.publicities.slug, slug)).get()
    : undefined;
  if (!row) throw notFound("该公示");
  const items = getDb()
    .select({
      branchName: schema.publicityItems.branchName,
      regionName: schema.publicityItems.regionName,
      gradeTitle: schema.publicityItems.gradeTitle,
    })
    .from(schema.publicityItems)
    .where(eq(schema.publicityItems.publicityId, row.id))
    .orderBy(asc(schema.publicityItems.id))
    .all();
  const { state, title, startsOn, endsOn, year } = summaryOf(row);
  return { title, regionName: regionName(row.regionCode), year, startsOn, endsOn, state, items };
}

function itemInPublicity(publicityId: number, itemId: number) {
  const row = getDb()
    .select({ item: schema.publicityItems, publicity: schema.publicities, submission: schema.submissions })
    .from(schema.publicityItems)
    .innerJoin(schema.publicities, eq(schema.publicities.id, schema.publicityItems.publicityId))
    .innerJoin(schema.submissions, eq(schema.submissions.id, schema.publicityItems.submissionId))
    .where(and(eq(schema.publicityItems.id, itemId), eq(schema.publicityItems.publicityId, publicityId)))
    .get();
  if (!row) throw notFound(`公示中的结果 ${itemId}`);
  return row;
}

/** Records an 异议 on one result of a 公示 that is not closed, by a reviewer or admin in scope. */
export function recordObjection(
  actor: Actor,
  publicityId: number,
  itemId: number,
  input: { content: string; source?: string },
) {
  const { item, publicity, submission } = itemInPublicity(publicityId, itemId);
  authorize(actor, { action: "publicity.objections", regionCode: submission.regionCode }, "该支部的公示异议");
  if (publicity.closedAt) throw domainError(409, "该公示已结束，不能再登记异议。");
  const content = input.content.trim();
  if (!content) throw domainError(422, "请写明异议内容。", [{ path: "$.content", message: "必填" }]);
  getDb().transaction((tx) => {
    tx.insert(schema.objections)
      .values({ itemId, content, source: input.source?.trim() ?? "", recordedBy: actor.id || null })
      .run();
    recordAudit(tx, actor, {
      action: "publicity.objection",
      entityType: "publicity",
      entityId: String(publicityId),
      regionCode: submission.regionCode,
      after: { branch: item.branchName, content },
    });
  });
  return publicityDetail(actor, publicityId);
}

/** How an objection was handled: 异议成立 (the result is not final) or 不成立, with what was done. Once. */
export function resolveObjection(
  actor: Actor,
  objectionId: number,
  input: { outcome: "upheld" | "dismissed"; handling: string },
) {
  const db = getDb();
  const objection = db.select().from(schema.objections).where(eq(schema.objections.id, objectionId)).get();
  if (!objection) throw notFound(`异议 ${objectionId}`);
  const item = db.select().from(schema.publicityItems).where(eq(schema.publicityItems.id, objection.itemId)).get()!;
  const { submission } = itemInPublicity(item.publicityId, item.id);
  authorize(actor, { action: "publicity.objections", regionCode: submission.regionCode }, "该支部的公示异议");
  if (objection.resolvedAt) throw domainError(409, "该异议已处理。");
  const handling = input.handling.trim();
  if (!handling) throw domainError(422, "请写明处理情况。", [{ path: "$.handling", message: "必填" }]);
  db.transaction((tx) => {
    tx.update(schema.objections)
      .set({ outcome: input.outcome, handling, resolvedBy: actor.id || null, resolvedAt: new Date() })
      .where(eq(schema.objections.id, objectionId))
      .run();
    recordAudit(tx, actor, {
      action: "publicity.resolution",
      entityType: "publicity",
      entityId: String(item.publicityId),
      regionCode: submission.regionCode,
      after: { branch: item.branchName, outcome: input.outcome, handling },
    });
  });
  return publicityDetail(actor, item.publicityId);
}

/** Closes a 公示 once its period is over and every objection handled. */
export function closePublicity(actor: Actor, id: number) {
  const publicity = publicityRow(actor, id);
  authorize(actor, { action: "cycle.manage", regionCode: publicity.regionCode }, "该区域的公示");
  if (publicity.closedAt) throw domainError(409, "该公示已结束。");
  if (publicity.endsOn >= todayInChina()) throw domainError(409, `公示期至 ${publicity.endsOn}，期满后才能结束公示。`);
  const open = publicityDetail(actor, id).items.flatMap((i) => i.objections.filter((o) => !o.resolvedAt));
  if (open.length) throw domainError(409, `尚有 ${open.length} 条异议未处理，处理后才能结束公示。`);
  getDb().transaction((tx) => {
    tx.update(schema.publicities)
      .set({ closedAt: new Date(), closedBy: actor.id || null })
      .where(eq(schema.publicities.id, id))
      .run();
    recordAudit(tx, actor, {
      action: "publicity.close",
      entityType: "publicity",
      entityId: String(id),
      regionCode: publicity.regionCode,
      after: { title: publicity.title },
    });
  });
  return publicityDetail(actor, id);
}

/**
 * For the demo data: the rated results of a region and year as having gone through a closed 公示 in the December
 * after that year, so that a region counting only final results counts them.
 */
export function recordPastPublicity(regionCode: string, year: number): number {
  const rated = ratedIn(regionCode, year);
  const grades = countedGrades(rated.map((r) => r.submission.id));
  const items = rated.filter((r) => grades.has(r.submission.id));
  if (!items.length) return 0;
  const startsOn = `${year}-12-15`;
  getDb().transaction((tx) =>
    insertPublicity(
      tx,
      {
        regionCode,
        year,
        title: `${regionName(regionCode)}${year}年度党支部评定结果公示`,
        startsOn,
        endsOn: publicityEnd(startsOn, settingsFor(regionCode).publicityDays),
        closedAt: new Date(`${year + 1}-01-05T00:00:00Z`),
      },
      items,
      grades,
    ),
  );
  return items.length;
}

/** How many rated results of a region's scope and year have not been made public yet. */
export function unpublishedCount(regionCode: string, year: number): number {
  const rated = ratedIn(regionCode, year).map((r) => r.submission.id);
  const statuses = publicityStatuses(rated);
  return rated.filter((id) => !statuses.has(id)).length;
}
