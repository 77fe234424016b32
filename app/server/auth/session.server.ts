import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Role } from "~/utils/roles";
import { getDb, schema, untilNextWrite } from "../platform/db.server";
import { verifyPassword } from "./password.server";
import { getRegion } from "../regions/regions.server";
import { sessionSecret } from "../platform/secret.server";

export type Actor = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionName: string;
  branchId: number | null;
};

const SESSION_DAYS = 7;

let sessionCookie: ReturnType<typeof createCookie> | undefined;
function cookie() {
  sessionCookie ??= createCookie("bm_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: [sessionSecret()],
    maxAge: SESSION_DAYS * 24 * 3600,
  });
  return sessionCookie;
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function toActor(user: typeof schema.users.$inferSelect): Actor {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionCode: user.regionCode,
    regionName: getRegion(user.regionCode)?.name ?? user.regionCode,
    branchId: user.branchId,
  };
}

let tokenQuery: ReturnType<typeof prepareTokenQuery> | undefined;
function prepareTokenQuery() {
  return getDb()
    .select({ user: schema.users, tokenId: schema.apiTokens.id, lastUsedAt: schema.apiTokens.lastUsedAt })
    .from(schema.apiTokens)
    .innerJoin(schema.users, eq(schema.users.id, schema.apiTokens.userId))
    .where(and(eq(schema.apiTokens.tokenHash, sql.placeholder("hash")), isNull(schema.apiTokens.revokedAt)))
    .prepare();
}

/** A token's row by its hash; a revoked token, a changed user or a new last use is a write, and is seen at once. */
const tokenRow = untilNextWrite((hash) => {
  tokenQuery ??= prepareTokenQuery();
  return tokenQuery.get({ hash });
});

/** The user an `Authorization: Bearer <token>` header names, or null for a malformed, unknown or revoked token. */
export function actorForBearer(authorization: string): Actor | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) return null;
  const row = tokenRow(sha256(match[1]));
  if (!row) return null;
  // At most one write a minute per token: a script calling the API in a loop should not cost a disk write each time.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    getDb().update(schema.apiTokens).set({ lastUsedAt: new Date() }).where(eq(schema.apiTokens.id, row.tokenId)).run();
  }
  return toActor(row.user);
}

/** The signed-in user from a bearer token or the session cookie, or null. */
export async function getActor(request: Request): Promise<Actor | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) return actorForBearer(authorization);
  const db = getDb();
  const token: unknown = await cookie().parse(request.headers.get("cookie"));
  if (typeof token !== "string") return null;
  const row = db
    .select({ user: schema.users })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
    .where(and(eq(schema.sessions.tokenHash, sha256(token)), gt(schema.sessions.expiresAt, new Date())))
    .get();
  return row ? toActor(row.user) : null;
}

/** For pages: the signed-in user, or a redirect to the login page that comes back here. */
export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return actor;
}

// Failed sign-ins per (username, client) within the window; the next attempt past the limit is refused.
const FAILURE_LIMIT = 5;
const FAILURE_WINDOW_MS = 60_000;
const failures = new Map<string, number[]>();

function recentFailures(key: string, now: number): number[] {
  const recent = (failures.get(key) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
  if (recent.length) failures.set(key, recent);
  else failures.delete(key);
  return recent;
}

export type SignInResult =
  | { ok: true; user: typeof schema.users.$inferSelect }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export async function signIn(username: string, password: string, client: string): Promise<SignInResult> {
  const key = `${username.trim().toLowerCase()}\u0000${client}`;
  const now = Date.now();
  const recent = recentFailures(key, now);
  if (recent.length >= FAILURE_LIMIT) {
    return {
      ok: false,
      reason: "throttled",
      retryAfterSeconds: Math.ceil((recent[0] + FAILURE_WINDOW_MS - now) / 1000),
    };
  }
  const user = getDb().select().from(schema.users).where(eq(schema.users.username, username.trim())).get();
  // Verify against a dummy hash when the user is unknown so timing does not reveal which usernames exist.
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid) {
    failures.set(key, [...recent, now]);
    return { ok: false, reason: "invalid" };
  }
  failures.delete(key);
  return { ok: true, user };
}

const DUMMY_HASH =
  "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

/** Starts a session and returns the Set-Cookie header value. */
export async function createSession(userId: number, request: Request): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  getDb()
    .insert(schema.sessions)
    .values({ tokenHash: sha256(token), userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000) })
    .run();
  return cookie().serialize(token, { secure: isHttps(request) });
}

/** Ends the current session and returns the Set-Cookie header value that clears it. */
export async function destroySession(request: Request): Promise<string> {
  const token: unknown = await cookie().parse(request.headers.get("cookie"));
  if (typeof token === "string") {
    getDb()
      .delete(schema.sessions)
      .where(eq(schema.sessions.tokenHash, sha256(token)))
      .run();
  }
  return cookie().serialize("", { maxAge: 0, secure: isHttps(request) });
}

/** Creates an API token for the user; only its hash is stored, so this is the one time it is seen. */
export function createApiToken(userId: number, name: string): string {
  const token = "bm_" + randomBytes(32).toString("base64url");
  getDb()
    .insert(schema.apiTokens)
    .values({ userId, name, tokenHash: sha256(token) })
    .run();
  return token;
}

/** Where to go after signing in: only paths on this site. */
export function safeRedirect(to: FormDataEntryValue | string | null, fallback = "/"): string {
  // Browsers drop tabs and newlines from URLs (`/\t/evil.example` becomes `//evil.example`), and a newline would
  // break the Location header: a path with any whitespace, control character or backslash is not taken.
  const unsafe = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || c === "\\" || /\s/.test(c);
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || [...to].some(unsafe)) return fallback;
  const base = "http://branchmark.invalid";
  const url = new URL(to, base);
  return url.origin === base ? url.pathname + url.search + url.hash : fallback;
}
