import type { JsonObject } from "~/engine/types";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";

/** Saves what a branch has typed so far; a draft is work in progress, so the latest save replaces the one before. */
export function saveDraft(actor: Actor, branchId: number, domain: string, year: number, data: JsonObject): Date {
  authorize(actor, { action: "submission.write", branchId }, "该支部的填报");
  return storeDraft(actor, branchId, domain, year, data);
}

/** saveDraft without the check: for callers that have authorized the actor for the branch themselves (imports). */
export function storeDraft(actor: Actor, branchId: number, domain: string, year: number, data: JsonObject): Date {
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
