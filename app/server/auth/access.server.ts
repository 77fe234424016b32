import { getActor, type Actor } from "./session.server";
import { WindowCounter } from "./throttle.server";
import {
  DomainError,
  domainError,
  forbidden,
  parseApiBody,
  readBodyText,
  requireSameOrigin,
  unauthorized,
} from "../platform/http.server";
import { regionAncestry, regionWithin } from "../regions/regions.server";

/**
 * What an actor wants to do, and to what. Every loader, action and API route asks `authorize`
 * (DESIGN.md §6, Access):
 * - admins change rule sets, forms and targets of their region and its descendants;
 * - admins and reviewers read submissions in the same scope; reviewers rate them; admins import them from Excel
 *   for the branches in their scope (代填报);
 * - admins manage the organisation tree (regions, branches, accounts) of their region and its descendants, and
 *   the year around the rating there (calendars, 公示, settings, reopening 申报);
 * - admins and reviewers confirm 软弱涣散 branches and follow their 整顿, and record 公示 objections, in scope;
 * - branch users see and write only their own branch;
 * - published rule sets and forms are readable by every admin and reviewer, and by a branch user for the
 *   regions above its own (the standards it is measured against); drafts only by admins in scope.
 */
export type Permission =
  | { action: "standards.readPublished"; regionCode: string }
  | { action: "standards.readDraft"; regionCode: string }
  | { action: "standards.write"; regionCode: string }
  | { action: "submission.read"; regionCode: string; branchId: number }
  | { action: "submission.write"; branchId: number }
  | { action: "submission.review"; regionCode: string }
  | { action: "submission.import"; regionCode: string }
  | { action: "region.read"; regionCode: string }
  | { action: "organisation.manage"; regionCode: string }
  | { action: "spotcheck.manage"; regionCode: string }
  | { action: "cycle.manage"; regionCode: string }
  | { action: "weak.manage"; regionCode: string }
  | { action: "publicity.objections"; regionCode: string };

export function can(actor: Actor, permission: Permission): boolean {
  const inScope = (code: string) => regionWithin(code, actor.regionCode);
  switch (permission.action) {
    case "standards.readPublished":
      return actor.role !== "branch" || regionAncestry(actor.regionCode).some((r) => r.code === permission.regionCode);
    case "standards.readDraft":
    case "standards.write":
      return actor.role === "admin" && inScope(permission.regionCode);
    case "submission.read":
      return actor.role === "branch" ? actor.branchId === permission.branchId : inScope(permission.regionCode);
    case "submission.write":
      return actor.role === "branch" && actor.branchId === permission.branchId;
    case "submission.review":
      return actor.role === "reviewer" && inScope(permission.regionCode);
    case "submission.import":
      return actor.role === "admin" && inScope(permission.regionCode);
    case "region.read":
      return actor.role !== "branch" && inScope(permission.regionCode);
    case "organisation.manage":
    case "spotcheck.manage":
    case "cycle.manage":
      return actor.role === "admin" && inScope(permission.regionCode);
    case "weak.manage":
    case "publicity.objections":
      return actor.role !== "branch" && inScope(permission.regionCode);
  }
}

/** Throws a 403 JSON response unless the actor may. */
export function authorize(actor: Actor, permission: Permission, what?: string): void {
  if (!can(actor, permission)) throw forbidden(what);
}

/** For API routes: the actor from the bearer token or cookie, or a 401. */
export async function requireApiActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) throw unauthorized();
  return actor;
}

/**
 * For an upload (raw bytes, not JSON): the method, then — for the session cookie — same origin, then the actor and
 * the write limit, all before a byte of the body is read; the caller streams the body. A cross-site page cannot send
 * the `X-File-Name` header an upload needs without asking first (CORS), so a cookie alone cannot upload.
 */
export async function readApiUpload(request: Request): Promise<{
  actor: Actor;
  name: string | null;
  length: string | null;
  body: AsyncIterable<Uint8Array> | null;
}> {
  if (request.method !== "POST") throw domainError(405, "不支持的请求方法：请用 POST。");
  requireSameOrigin(request);
  const actor = await requireApiActor(request);
  throttleWrites(actor);
  return {
    actor,
    name: request.headers.get("x-file-name"),
    length: request.headers.get("content-length"),
    body: request.body as unknown as AsyncIterable<Uint8Array> | null,
  };
}

/**
 * For API writes: the method checked, the whole body read before any refusal (a response sent over an unread body
 * leaves the keep-alive socket unusable), then — for the session cookie — same origin (403) and a JSON content type
 * (415), then the actor (401), then the JSON (400). An empty body is `null`.
 */
/**
 * Writes one user may make in a minute through the API (saving drafts, submitting, rating, saving and checking rule
 * sets, imports and exports), so that no account — or stolen token — can fill the database or keep the server busy.
 * Scoring, which stores nothing and is the scripts' hot path, is not counted.
 */
export const WRITES_PER_MINUTE = 240;
const writes = new WindowCounter("api.writes", WRITES_PER_MINUTE, 60_000);

/** Counts one write of the actor; past the limit a Chinese 429 with `Retry-After`. */
export function throttleWrites(actor: Actor): void {
  const key = String(actor.id);
  const wait = writes.retryAfterSeconds(key);
  if (wait)
    throw new DomainError(
      429,
      `操作过于频繁：每分钟最多 ${WRITES_PER_MINUTE} 次提交，请 ${wait} 秒后再试。`,
      undefined,
      {
        "Retry-After": String(wait),
      },
    );
  writes.hit(key);
}

export async function readApiWrite(
  request: Request,
  method: "POST" | "PUT",
  { counted = true }: { counted?: boolean } = {},
): Promise<{ actor: Actor; body: unknown }> {
  if (request.method !== method) throw domainError(405, `不支持的请求方法：请用 ${method}。`);
  const text = await readBodyText(request);
  requireSameOrigin(request);
  // A cross-site form can post with the cookie but cannot send JSON without asking first (CORS): cookie writes are JSON.
  const isJson = /^application\/json\b/i.test(request.headers.get("content-type") ?? "");
  const byCookie = request.headers.has("cookie") && !request.headers.has("authorization");
  if (byCookie && text.trim() !== "" && !isJson)
    throw domainError(415, "请以 JSON 提交（Content-Type: application/json）。");
  const actor = await requireApiActor(request);
  if (counted) throttleWrites(actor);
  return { actor, body: parseApiBody(text) };
}
