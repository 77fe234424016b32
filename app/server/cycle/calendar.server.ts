/**
 * The year's windows (自创 from/to, 申报 deadline, 评定 deadline), set by each region within its parent's: a region
 * without its own follows the nearest region above. After the 申报 deadline a branch cannot submit unless its region
 * reopens 申报 for it (audited).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { todayInChina } from "~/utils/format";
import { recordAudit } from "../audit/audit.server";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, preparedOnce, schema } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import { getBranch } from "../regions/branches.server";
import { getRegion, regionAncestry, regionName } from "../regions/regions.server";

export type Windows = { selfFrom: string; selfTo: string; submitDeadline: string; reviewDeadline: string };
export type Calendar = Windows & { regionCode: string; regionName: string; own: boolean };

const FIELDS: { key: keyof Windows; title: string }[] = [
  { key: "selfFrom", title: "自创开始日期" },
  { key: "selfTo", title: "自创结束日期" },
  { key: "submitDeadline", title: "申报截止日期" },
  { key: "reviewDeadline", title: "评定截止日期" },
];

const calendarQuery = preparedOnce((db) =>
  db
    .select()
    .from(schema.calendars)
    .where(
      and(
        eq(schema.calendars.regionCode, sql.placeholder("regionCode")),
        eq(schema.calendars.year, sql.placeholder("year")),
      ),
    )
    .orderBy(desc(schema.calendars.id))
    .prepare(),
);

/** A region's own windows for a year. One connection per process: inside a transaction this reads what it wrote. */
function ownCalendar(regionCode: string, year: number) {
  return calendarQuery().get({ regionCode, year });
}

/** The windows in force for a region and year: its own, or the nearest region's above; undefined when none is set. */
export function calendarFor(regionCode: string, year: number): Calendar | undefined {
  for (const region of regionAncestry(regionCode).reverse()) {
    const row = ownCalendar(region.code, year);
    if (row)
      return {
        regionCode: region.code,
        regionName: region.name,
        own: region.code === regionCode,
        selfFrom: row.selfFrom,
        selfTo: row.selfTo,
        submitDeadline: row.submitDeadline,
        reviewDeadline: row.reviewDeadline,
      };
  }
  return undefined;
}

/**
 * Sets a region's windows for a year: in order (自创 from ≤ to ≤ 申报 ≤ 评定), and within the parent's — 自创 inside the
 * parent's 自创, each deadline no later than the parent's. Refused as a whole, naming each field, otherwise.
 */
export function setCalendar(actor: Actor, regionCode: string, year: number, windows: Windows): Calendar {
  authorize(actor, { action: "cycle.manage", regionCode }, "该区域的年度工作安排");
  if (!getRegion(regionCode)) throw domainError(404, `未找到区域 ${regionCode}。`);
  const errors: { path: string; message: string }[] = [];
  const order = FIELDS.map((f) => windows[f.key]);
  for (let i = 1; i < order.length; i++)
    if (order[i] < order[i - 1])
      errors.push({
        path: `$.${FIELDS[i].key}`,
        message: `${FIELDS[i].title}（${order[i]}）不能早于${FIELDS[i - 1].title}（${order[i - 1]}）`,
      });
  const parent = getRegion(regionCode)?.parentCode;
  const bounds = parent ? calendarFor(parent, year) : undefined;
  if (bounds) {
    const where = `${bounds.regionName}规定`;
    if (windows.selfFrom < bounds.selfFrom)
      errors.push({ path: "$.selfFrom", message: `自创开始日期不能早于${where}的 ${bounds.selfFrom}` });
    if (windows.selfTo > bounds.selfTo)
      errors.push({ path: "$.selfTo", message: `自创结束日期不能晚于${where}的 ${bounds.selfTo}` });
    if (windows.submitDeadline > bounds.submitDeadline)
      errors.push({ path: "$.submitDeadline", message: `申报截止日期不能晚于${where}的 ${bounds.submitDeadline}` });
    if (windows.reviewDeadline > bounds.reviewDeadline)
      errors.push({ path: "$.reviewDeadline", message: `评定截止日期不能晚于${where}的 ${bounds.reviewDeadline}` });
  }
  if (errors.length) throw domainError(422, `年度工作安排未保存：${errors.map((e) => e.message).join("；")}。`, errors);
  const db = getDb();
  db.transaction((tx) => {
    const before = ownCalendar(regionCode, year);
    tx.insert(schema.calendars)
      .values({ regionCode, year, ...windows, setBy: actor.id || null })
      .run();
    recordAudit(tx, actor, {
      action: "calendar.set",
      entityType: "calendar",
      entityId: `${regionCode}/${year}`,
      regionCode,
      before: before
        ? {
            selfFrom: before.selfFrom,
            selfTo: before.selfTo,
            submitDeadline: before.submitDeadline,
            reviewDeadline: before.reviewDeadline,
          }
        : null,
      after: { ...windows },
    });
  });
  return calendarFor(regionCode, year)!;
}

/** The latest reopening of 申报 for a branch and year that still runs today, if any. */
export function reopeningFor(branchId: number, year: number, today = todayInChina()) {
  const row = getDb()
    .select()
    .from(schema.reopenings)
    .where(and(eq(schema.reopenings.branchId, branchId), eq(schema.reopenings.year, year)))
    .orderBy(desc(schema.reopenings.id))
    .get();
  return row && row.until >= today ? row : undefined;
}

/** Reopens 申报 for one branch until a date (today or later, within the year after), with the reason; audited. */
export function reopenSubmission(
  actor: Actor,
  branchId: number,
  input: { year: number; until: string; reason: string },
): { until: string } {
  const branch = getBranch(branchId);
  authorize(actor, { action: "cycle.manage", regionCode: branch.regionCode }, "该支部的申报期限");
  const reason = input.reason.trim();
  if (!reason) throw domainError(422, "请写明重新开放申报的原因。", [{ path: "$.reason", message: "必填" }]);
  if (input.until < todayInChina())
    throw domainError(422, "重新开放的截止日期不能早于今天。", [{ path: "$.until", message: "不能早于今天" }]);
  const db = getDb();
  db.transaction((tx) => {
    tx.insert(schema.reopenings)
      .values({ branchId, year: input.year, until: input.until, reason, createdBy: actor.id || null })
      .run();
    recordAudit(tx, actor, {
      action: "submission.reopen",
      entityType: "branch",
      entityId: String(branchId),
      regionCode: branch.regionCode,
      after: { year: input.year, until: input.until, reason },
    });
  });
  return { until: input.until };
}

/** Where a branch's 申报 stands against the calendar: the deadline, days left, and whether it may submit now. */
export function submissionWindow(branchId: number, regionCode: string, year: number, today = todayInChina()) {
  const calendar = calendarFor(regionCode, year);
  if (!calendar) return { calendar: null, daysLeft: null, closed: false, reopenedUntil: null };
  const daysLeft = Math.round((Date.parse(calendar.submitDeadline) - Date.parse(today)) / 86_400_000);
  const reopened = daysLeft < 0 ? reopeningFor(branchId, year, today) : undefined;
  return {
    calendar,
    daysLeft,
    closed: daysLeft < 0 && !reopened,
    reopenedUntil: reopened?.until ?? null,
  };
}

/** Refuses a 申报 after the deadline unless reopened for the branch (a returned submission may always come back). */
export function requireSubmissionOpen(branchId: number, regionCode: string, year: number): void {
  const window = submissionWindow(branchId, regionCode, year);
  if (window.closed)
    throw domainError(
      409,
      `${year} 年度申报已于 ${window.calendar!.submitDeadline} 截止（${window.calendar!.regionName}规定），如需补报请联系${regionName(regionCode)}组织部门重新开放。`,
    );
}
