import { and, eq, inArray, isNull, notInArray } from "drizzle-orm";
import { BRANCH_STATUSES, type BranchStatus } from "~/utils/labels";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import {
  getRegion,
  inRegionTree,
  type Region,
  regionName,
  regionsWithin,
  regionWithin,
} from "../regions/regions.server";
import { standardByRevisionId } from "../rulesets/standards.server";
import { countedRating } from "../submissions/repository.server";
import { targetFor } from "./targets.server";
import { requireYear } from "../platform/validation.server";

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
};

/**
 * Every branch in the region (and domain) for the year, with its status and the one grade that counts for it
 * (countedRating: once, at the highest level, not when revoked). A branch's year belongs to the region it submitted
 * in — a branch that moved since stays with the region that rated it — and a dissolved branch appears only in the
 * years it submitted.
 */
export function branchYears(filter: StatsFilter): BranchYear[] {
  const db = getDb();
  // Every query selects by the region subtree (a subquery), never by a list of ids: a province has tens of
  // thousands of branches, more than SQLite binds in one statement.
  const submittedHere = and(
    inRegionTree(schema.submissions.regionCode, filter.region),
    eq(schema.submissions.year, filter.year),
    filter.domain ? eq(schema.submissions.domain, filter.domain) : undefined,
  );
  const submitted = db
    .select({ submission: schema.submissions, branch: schema.branches })
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(submittedHere)
    .all();
  const submittedAnywhere = db
    .select({ id: schema.submissions.branchId })
    .from(schema.submissions)
    .where(eq(schema.submissions.year, filter.year));
  const unsubmittedHere = and(
    inRegionTree(schema.branches.regionCode, filter.region),
    isNull(schema.branches.dissolvedAt),
    filter.domain ? eq(schema.branches.domain, filter.domain) : undefined,
    notInArray(schema.branches.id, submittedAnywhere),
  );
  const unsubmitted = db.select().from(schema.branches).where(unsubmittedHere).all();
  if (!submitted.length && !unsubmitted.length) return [];
  const drafts = new Set(
    db
      .select({ branchId: schema.submissionDrafts.branchId, domain: schema.submissionDrafts.domain })
      .from(schema.submissionDrafts)
      .where(
        and(
          inArray(
            schema.submissionDrafts.branchId,
            db.select({ id: schema.branches.id }).from(schema.branches).where(unsubmittedHere),
          ),
          eq(schema.submissionDrafts.year, filter.year),
        ),
      )
      .all()
      .map((d) => `${d.branchId}/${d.domain}`),
  );
  const scopedSubmissions = db.select({ id: schema.submissions.id }).from(schema.submissions).where(submittedHere);
  const reviews = submitted.length
    ? db
        .select({
          review: schema.reviews,
          rulesetRevisionId: schema.evaluations.rulesetRevisionId,
          result: schema.evaluations.result,
        })
        .from(schema.reviews)
        .leftJoin(schema.evaluations, eq(schema.evaluations.id, schema.reviews.evaluationId))
        .where(inArray(schema.reviews.submissionId, scopedSubmissions))
        .orderBy(schema.reviews.id)
        .all()
    : [];
  const bySubmission = new Map<number, typeof reviews>();
  for (const r of reviews)
    bySubmission.set(r.review.submissionId, [...(bySubmission.get(r.review.submissionId) ?? []), r]);

  const waiting = unsubmitted.map((branch): BranchYear => ({
    branchId: branch.id,
    branchName: branch.name,
    regionCode: branch.regionCode,
    domain: branch.domain,
    status: drafts.has(`${branch.id}/${branch.domain}`) ? "draft" : "none",
    grade: null,
    flags: [],
  }));
  const rated = submitted.map(({ submission, branch }): BranchYear => {
    const base = {
      branchId: branch.id,
      branchName: branch.name,
      regionCode: submission.regionCode,
      domain: submission.domain,
    };
    const own = bySubmission.get(submission.id) ?? [];
    const counted = countedRating(own.map((r) => r.review));
    const top = counted ? own.find((r) => r.review === counted) : undefined;
    const status: BranchStatus =
      submission.status === "revoked" ? "revoked" : submission.status === "rated" ? "rated" : "submitted";
    if (!top || !top.rulesetRevisionId) return { ...base, status, grade: null, flags: [] };
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
    };
  });
  return [...rated, ...waiting].sort((a, b) => a.branchId - b.branchId);
}

function summarize(rows: BranchYear[]) {
  const status = Object.fromEntries(BRANCH_STATUSES.map((k) => [k, 0])) as Record<BranchStatus, number>;
  for (const r of rows) status[r.status]++;
  const strongest = rows.filter((r) => r.grade?.top).length;
  return {
    branches: rows.length,
    strongest,
    ratio: rows.length ? strongest / rows.length : 0,
    status,
    flagged: rows.filter((r) => r.flags.length).length,
  };
}

export type Stats = ReturnType<typeof regionStats>;

/**
 * GET /api/v1/stats: grade counts, the 最强 ratio against the year's target (denominator: every branch in scope),
 * status counts, 软弱涣散 flags, each child region side by side, and the trend over the years.
 */
export function regionStats(actor: Actor, filter: StatsFilter, trendYears: number[]) {
  const region = getRegion(filter.region);
  if (!region) throw domainError(404, `未找到区域 ${filter.region}。`);
  authorize(actor, { action: "region.read", regionCode: region.code }, `区域 ${region.name} 的统计`);
  requireYear(filter.year);
  const rows = branchYears(filter);
  const grades = new Map<string, Map<string, number>>();
  const gradeOrder: string[] = [];
  for (const r of [...rows].sort((a, b) => (a.grade?.rank ?? 0) - (b.grade?.rank ?? 0))) {
    if (!r.grade) continue;
    if (!gradeOrder.includes(r.grade.title)) gradeOrder.push(r.grade.title);
    const byGrade = grades.get(r.domain) ?? new Map<string, number>();
    byGrade.set(r.grade.title, (byGrade.get(r.grade.title) ?? 0) + 1);
    grades.set(r.domain, byGrade);
  }
  const children = regionsWithin(region.code).filter((r: Region) => r.parentCode === region.code);
  const target = targetFor(region.code, filter.year);
  return {
    region: { code: region.code, name: region.name, path: region.path },
    domain: filter.domain ?? null,
    year: filter.year,
    target,
    ...summarize(rows),
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
      const within = rows.filter((r) => regionWithin(r.regionCode, child.code));
      return { code: child.code, name: child.name, ...summarize(within), target: targetFor(child.code, filter.year) };
    }),
    trend: trendYears.map((year) => {
      const s = summarize(branchYears({ ...filter, year }));
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
