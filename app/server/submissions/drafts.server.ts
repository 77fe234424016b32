import { and, eq, notExists } from "drizzle-orm";
import type { JsonObject } from "~/engine/types";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import { activeBranch } from "../regions/branches.server";

/** A filled form is about 10 KB; a draft many times that is not work in progress. */
export const MAX_DRAFT_BYTES = 256 * 1024;
/** Years a branch may have drafts for at once without having submitted them. */
export const MAX_OPEN_DRAFT_YEARS = 3;

const CLOSED = { rated: "已评定", escalated: "已报上级评定", revoked: "已撤销" } as const;

/** Saves what a branch has typed so far; a draft is work in progress, so the latest save replaces the one before. */
export function saveDraft(actor: Actor, branchId: number, domain: string, year: number, data: JsonObject): Date {
  authorize(actor, { action: "submission.write", branchId }, "该支部的填报");
  return storeDraft(actor, branchId, domain, year, data);
}

/**
 * Refuses a draft that is too large, one for a year whose submission is already being rated (nothing may replace
 * what the branch typed there), and one that would open more unsubmitted years than `MAX_OPEN_DRAFT_YEARS`.
 */
function checkDraft(branchId: number, domain: string, year: number, data: JsonObject): void {
  const bytes = new TextEncoder().encode(JSON.stringify(data)).length;
  if (bytes > MAX_DRAFT_BYTES)
    throw domainError(413, `草稿内容过大：${Math.ceil(bytes / 1024)} KB，上限 ${MAX_DRAFT_BYTES / 1024} KB。`);
  activeBranch(branchId);
  const db = getDb();
  const same = (table: typeof schema.submissions | typeof schema.submissionDrafts) =>
    and(eq(table.branchId, branchId), eq(table.domain, domain));
  const submission = db
    .select({ status: schema.submissions.status })
    .from(schema.submissions)
    .where(and(same(schema.submissions), eq(schema.submissions.year, year)))
    .get();
  if (submission && submission.status in CLOSED)
    throw domainError(
      409,
      `${year} 年度的申报${CLOSED[submission.status as keyof typeof CLOSED]}，不能再保存草稿；如需更正，请联系评定单位。`,
    );
  if (submission) return;
  const openYears = db
    .select({ year: schema.submissionDrafts.year })
    .from(schema.submissionDrafts)
    .where(
      and(
        same(schema.submissionDrafts),
        notExists(
          db
            .select({ id: schema.submissions.id })
            .from(schema.submissions)
            .where(
              and(
                eq(schema.submissions.branchId, schema.submissionDrafts.branchId),
                eq(schema.submissions.domain, schema.submissionDrafts.domain),
                eq(schema.submissions.year, schema.submissionDrafts.year),
              ),
            ),
        ),
      ),
    )
    .all()
    .map((d) => d.year);
  if (!openYears.includes(year) && openYears.length >= MAX_OPEN_DRAFT_YEARS)
    throw domainError(
      422,
      `已有 ${openYears.sort().join("、")} 年度的草稿尚未申报，最多同时保存 ${MAX_OPEN_DRAFT_YEARS} 个年度：请先完成这些年度的申报。`,
    );
}

/** saveDraft without the authorization: for callers that have authorized the actor for the branch themselves (imports). */
export function storeDraft(actor: Actor, branchId: number, domain: string, year: number, data: JsonObject): Date {
  checkDraft(branchId, domain, year, data);
  const updatedAt = new Date();
  getDb()
    .insert(schema.submissionDrafts)
    .values({ branchId, domain, year, data, authorId: actor.id, updatedAt })
    .onConflictDoUpdate({
      target: [schema.submissionDrafts.branchId, schema.submissionDrafts.domain, schema.submissionDrafts.year],
      set: { data, authorId: actor.id, updatedAt },
    })
    .run();
  return updatedAt;
}
