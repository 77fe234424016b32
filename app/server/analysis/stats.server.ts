import { and, count, eq, inArray, isNull, notExists, notInArray, sql, type SQL } from "drizzle-orm";
import { BRANCH_STATUSES, type BranchStatus, type PublicityStatus } from "~/utils/labels";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import { getRegion, inRegionTree, type Region, regionName, regionsWithin } from "../regions/regions.server";
import { standardByRevisionId } from "../rulesets/standards.server";
import { countedRating } from "../submissions/repository.server";
import { targetFor } from "./targets.server";
import { publicityStatuses } from "../cycle/publicity.server";
import { settingsFor } from "../cycle/settings.server";
import { calendarFor } from "../cycle/calendar.server";
import { requireYear } from "../platform/validation.server";
import { todayInChina } from "~/utils/format";

export type StatsFilter = { region: string; domain?: string; year: number };

type BranchYear = {
  branchId: number;
  branchName: string;
  regionCode: string;
  domain: string;
  status: BranchStatus;
  /** The grade that counts (the highest level's rating), its title, and whether it is the standard's top grade. */
  grade: { id: string; title: string; top: boolean; rank: number; level: number } | null;
  flags: string[];
  /** Where the rated result stands in the 公示s (null: never made public). */
  publicity: PublicityStatus | null;
  /** Rated, but not counted yet: the region counts only final (公示-ed) results and this one is not. */
  pending: boolean;
};

// Every query selects by the region subtree (a subquery), never by a list of ids: a province has tens of thousands
// of branches, more than SQLite binds in one statement.

/** The branches in scope that have not submitted for the year (anywhere): active ones only. */
function waitingWhere(filter: StatsFilter) {
  const submittedAnywhere = getDb()
    .select({ id: schema.submissions.branchId })
    .from(schema.submissions)
    .where(eq(schema.submissions.year, filter.year));
  return and(
    inRegionTree(schema.branches.regionCode, filter.region),
    isNull(schema.branches.dissolvedAt),
    filter.domain ? eq(schema.branches.domain, filter.domain) : undefined,
    notInArray(schema.branches.id, submittedAnywhere),
  );
}

/**
 * The submitted branch-years in scope with their status and the one grade that counts (countedRating: once, at the
 * highest level, not when revoked). A branch's year belongs to the region it submitted in — a branch that moved
 * since stays with the region that rated it — and a dissolved branch appears only in the years it submitted.
 */
function submittedYears(filter: StatsFilter): BranchYear[] {
  const db = getDb();
  const submittedHere = and(
    inRegionTree(schema.submissions.regionCode, filter.region),
    eq(schema.submissions.year, filter.year),
    filter.domain ? eq(schema.submissions.domain, filter.domain) : undefined,
  );
  const submitted = db
    .select({ submission: schema.submissions, branchName: schema.branches.name })
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(submittedHere)
    .all();
  if (!submitted.length) return [];
  const scopedSubmissions = db.select({ id: schema.submissions.id }).from(schema.submissions).where(submittedHere);
  const reviews = db
    .select({
      review: schema.reviews,
      rulesetRevisionId: schema.evaluations.rulesetRevisionId,
      result: schema.evaluations.result,
    })
    .from(schema.reviews)
    .leftJoin(schema.evaluations, eq(schema.evaluations.id, schema.reviews.evaluationId))
    .where(inArray(schema.reviews.submissionId, scopedSubmissions))
    .orderBy(schema.reviews.id)
    .all();
  const bySubmission = new Map<number, typeof reviews>();
  for (const r of reviews)
    bySubmission.set(r.review.submissionId, [...(bySubmission.get(r.review.submissionId) ?? []), r]);
  const publicity = publicityStatuses(submitted.map((s) => s.submission.id));
  const finalOnly = settingsFor(filter.region).finalOnly;
  const rows = submitted.map(({ submission, branchName }): BranchYear => {
    const base = {
      branchId: submission.branchId,
      branchName,
      regionCode: submission.regionCode,
      domain: submission.domain,
    };
    const own = bySubmission.get(submission.id) ?? [];
    const counted = countedRating(own.map((r) => r.review));
    const top = counted ? own.find((r) => r.review === counted) : undefined;
    const status: BranchStatus =
      submission.status === "revoked" || submission.status === "rated" || submission.status === "returned"
        ? submission.status
        : "submitted";
    if (!top || !top.rulesetRevisionId)
      return { ...base, status, grade: null, flags: [], publicity: null, pending: false };
    const grades = standardByRevisionId(top.rulesetRevisionId).ruleset.grades;
    const gradeId = top.review.gradeId!;
    return {
      ...base,
      status,
      grade: {
        id: gradeId,
        title: grades.find((g) => g.id === gradeId)?.title ?? gradeId,
        top: grades[0]?.id === gradeId,
        rank: grades.findIndex((g) => g.id === gradeId),
        level: top.review.level,
      },
      flags: (top.result?.flags ?? []).map((f) => f.message),
      publicity: publicity.get(submission.id) ?? null,
      pending: false,
    };
  });
  // A region that counts only final results sees a grade still in (or never put to) 公示 as pending, not counted.
  return finalOnly
    ? rows.map((r) => (r.grade && r.publicity !== "final" ? { ...r, grade: null, pending: true } : r))
    : rows;
}

/**
 * The branches in scope still to submit for the year, counted per region in SQL (how many, and how many of them
 * have a draft): a province's 60,000 waiting branches never become objects.
 */
function waitingByRegion(filter: StatsFilter): { regionCode: string; waiting: number; drafted: number }[] {
  return getDb()
    .select({
      regionCode: schema.branches.regionCode,
      waiting: count(),
      drafted: count(schema.submissionDrafts.id),
    })
    .from(schema.branches)
    .leftJoin(
      schema.submissionDrafts,
      and(
        eq(schema.submissionDrafts.branchId, schema.branches.id),
        eq(schema.submissionDrafts.year, filter.year),
        eq(schema.submissionDrafts.domain, schema.branches.domain),
      ),
    )
    .where(waitingWhere(filter))
    .groupBy(schema.branches.regionCode)
    .all();
}

/**
 * The summary of each of `years`, the branches still to submit counted in three queries for all the years together (active branches in scope, those of them that submitted, those with a
 * draft) — a province's trend would otherwise read its 60,000 branches once a year.
 */
function yearSummaries(filter: Omit<StatsFilter, "year">, years: number[]) {
  const db = getDb();
  const active = and(
    inRegionTree(schema.branches.regionCode, filter.region),
    isNull(schema.branches.dissolvedAt),
    filter.domain ? eq(schema.branches.domain, filter.domain) : undefined,
  );
  const activeBranches = db.select({ n: count() }).from(schema.branches).where(active).get()!.n;
  // Driven from the year's submissions and drafts (few) into the branches — CROSS JOIN keeps SQLite from starting
  // at the province's branches instead.
  const perYear = (table: typeof schema.submissions | typeof schema.submissionDrafts, extra?: SQL) =>
    new Map(
      db
        .all<{ year: number; n: number }>(
          sql`SELECT ${table.year} AS year, count(DISTINCT ${table.branchId}) AS n FROM ${table}
              CROSS JOIN ${schema.branches} ON ${schema.branches.id} = ${table.branchId}
              WHERE ${inArray(table.year, years)} AND ${active} ${extra ? sql`AND ${extra}` : sql``}
              GROUP BY ${table.year}`,
        )
        .map((r) => [r.year, r.n]),
    );
  const submitted = perYear(schema.submissions);
  const drafted = perYear(
    schema.submissionDrafts,
    notExists(
      db
        .select({ id: schema.submissions.id })
        .from(schema.submissions)
        .where(
          and(
            eq(schema.submissions.branchId, schema.submissionDrafts.branchId),
            eq(schema.submissions.year, schema.submissionDrafts.year),
          ),
        ),
    ),
  );
  return new Map(
    years.map((year) => {
      const waiting = activeBranches - (submitted.get(year) ?? 0);
      return [year, summarize(submittedYears({ ...filter, year }), waiting, drafted.get(year) ?? 0)] as const;
    }),
  );
}

/** Counts of submitted branch-years, plus `waiting` branches (of which `drafted` have a draft) still to submit. */
function summarize(rows: BranchYear[], waiting = 0, drafted = 0) {
  const status = Object.fromEntries(BRANCH_STATUSES.map((k) => [k, 0])) as Record<BranchStatus, number>;
  for (const r of rows) status[r.status]++;
  status.none += waiting - drafted;
  status.draft += drafted;
  const branches = rows.length + waiting;
  const strongest = rows.filter((r) => r.grade?.top).length;
  return {
    branches,
    strongest,
    ratio: branches ? strongest / branches : 0,
    status,
    flagged: rows.filter((r) => r.flags.length).length,
    pending: rows.filter((r) => r.pending).length,
    publicity: {
      publicizing: rows.filter((r) => r.publicity === "publicizing").length,
      objected: rows.filter((r) => r.publicity === "objected").length,
      final: rows.filter((r) => r.publicity === "final").length,
    },
  };
}

/** `waiting` when the region's 申报 deadline for the year (its own or the nearest above) has passed, else 0. */
function overdueIn(regionCode: string, year: number, waiting: number): number {
  return (calendarFor(regionCode, year)?.submitDeadline ?? "9999") < todayInChina() ? waiting : 0;
}

/**
 * The branches in the region still to submit for the year (and how many of them have a draft), in all and per child
 * region, and how to find the child region a region lies in.
 */
function waitingInChildren(region: Region, filter: StatsFilter) {
  const children = regionsWithin(region.code).filter((r: Region) => r.parentCode === region.code);
  // Each row to the child region its region lies in, found once per region rather than per row and child.
  const childOf = new Map<string, string | undefined>();
  const depth = region.path.split("/").length;
  const childFor = (code: string) => {
    if (!childOf.has(code)) childOf.set(code, getRegion(code)?.path.split("/")[depth]);
    return childOf.get(code);
  };
  const all = { waiting: 0, drafted: 0 };
  const byChild = new Map<string, { waiting: number; drafted: number }>();
  for (const w of waitingByRegion(filter)) {
    all.waiting += w.waiting;
    all.drafted += w.drafted;
    const code = childFor(w.regionCode);
    if (!code) continue;
    const totals = byChild.get(code) ?? { waiting: 0, drafted: 0 };
    totals.waiting += w.waiting;
    totals.drafted += w.drafted;
    byChild.set(code, totals);
  }
  return { childFor, children, all, byChild };
}

/** The region whose statistics the actor asks for: 404 when there is none, 403 when it is outside the actor's scope. */
function regionForStats(actor: Actor, code: string): Region {
  const region = getRegion(code);
  if (!region) throw domainError(404, `未找到区域 ${code}。`);
  authorize(actor, { action: "region.read", regionCode: region.code }, `区域 ${region.name} 的统计`);
  return region;
}

/**
 * What the admin's to-do list needs of the year's statistics: the branches still to submit, and per child region how
 * many of them are overdue — without the graded results, which at a province's scale take most of `regionStats`.
 */
export function submissionProgress(actor: Actor, filter: StatsFilter) {
  const region = regionForStats(actor, filter.region);
  const { children, all, byChild } = waitingInChildren(region, filter);
  return {
    waiting: all.waiting,
    children: children.map((child) => ({
      code: child.code,
      name: child.name,
      overdue: overdueIn(child.code, filter.year, byChild.get(child.code)?.waiting ?? 0),
    })),
  };
}

export type Stats = ReturnType<typeof regionStats>;

/**
 * GET /api/v1/stats: grade counts, the 最强 ratio against the year's target (denominator: every branch in scope),
 * status counts, 软弱涣散 flags, each child region side by side, and the trend over the years.
 */
export function regionStats(actor: Actor, filter: StatsFilter, trendYears: number[]) {
  const region = regionForStats(actor, filter.region);
  requireYear(filter.year);
  const rows = submittedYears(filter);
  const grades = new Map<string, Map<string, number>>();
  const gradeOrder: string[] = [];
  for (const r of [...rows].sort((a, b) => (a.grade?.rank ?? 0) - (b.grade?.rank ?? 0))) {
    if (!r.grade) continue;
    if (!gradeOrder.includes(r.grade.title)) gradeOrder.push(r.grade.title);
    const byGrade = grades.get(r.domain) ?? new Map<string, number>();
    byGrade.set(r.grade.title, (byGrade.get(r.grade.title) ?? 0) + 1);
    grades.set(r.domain, byGrade);
  }
  const { childFor, children, all, byChild: waitingByChild } = waitingInChildren(region, filter);
  const rowsByChild = new Map<string, BranchYear[]>();
  for (const row of rows) {
    const code = childFor(row.regionCode);
    if (!code) continue;
    const own = rowsByChild.get(code);
    if (own) own.push(row);
    else rowsByChild.set(code, [row]);
  }
  const overall = summarize(rows, all.waiting, all.drafted);
  const target = targetFor(region.code, filter.year);
  const trend = yearSummaries(
    filter,
    trendYears.filter((y) => y !== filter.year),
  );
  const calendar = calendarFor(region.code, filter.year) ?? null;
  const overdue = calendar && calendar.submitDeadline < todayInChina() ? all.waiting : 0;
  return {
    region: { code: region.code, name: region.name, path: region.path },
    domain: filter.domain ?? null,
    year: filter.year,
    target,
    calendar,
    overdue,
    finalOnly: settingsFor(region.code).finalOnly,
    ...overall,
    gradeOrder,
    gradesByDomain: [...grades].map(([domain, counts]) => ({ domain, counts: Object.fromEntries(counts) })),
    flaggedBranches: rows
      .filter((r) => r.flags.length)
      .map((r) => ({
        branchId: r.branchId,
        branchName: r.branchName,
        regionName: regionName(r.regionCode),
        flags: r.flags,
      })),
    children: children.map((child) => {
      const waiting = waitingByChild.get(child.code);
      return {
        code: child.code,
        name: child.name,
        ...summarize(rowsByChild.get(child.code) ?? [], waiting?.waiting, waiting?.drafted),
        target: targetFor(child.code, filter.year),
        overdue: overdueIn(child.code, filter.year, waiting?.waiting ?? 0),
      };
    }),
    trend: trendYears.map((year) => {
      const s = year === filter.year ? overall : trend.get(year)!;
      const reported = s.branches - s.status.none - s.status.draft;
      return {
        year,
        ratio: reported ? s.ratio : null,
        strongest: s.strongest,
        branches: s.branches,
        target: targetFor(region.code, year)?.ratio ?? null,
      };
    }),
  };
}
