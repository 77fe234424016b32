import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Role } from "~/utils/roles";
import { getDb, preparedOnce, schema, untilNextWrite } from "../platform/db.server";
import { recordAudit } from "../audit/audit.server";
import { verifyPassword } from "./password.server";
import { ConcurrencyGate, WindowCounter } from "./throttle.server";
import { regionName } from "../regions/regions.server";
import { sessionSecret } from "../platform/secret.server";

export type Actor = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionName: string;
  branchId: number | null;
  /** Someone else chose the current password: every page but /account sends the user there first. */
  mustChangePassword: boolean;
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

/** A user as the code that acts for them sees them. */
export function toActor(user: typeof schema.users.$inferSelect): Actor {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionCode: user.regionCode,
    regionName: regionName(user.regionCode),
    branchId: user.branchId,
    mustChangePassword: user.mustChangePassword,
  };
}

const tokenQuery = preparedOnce((db) =>
  db
    .select({
      user: schema.users,
      tokenId: schema.apiTokens.id,
      lastUsedAt: schema.apiTokens.lastUsedAt,
      expiresAt: schema.apiTokens.expiresAt,
    })
    .from(schema.apiTokens)
    .innerJoin(schema.users, eq(schema.users.id, schema.apiTokens.userId))
    .where(
      and(
        eq(schema.apiTokens.tokenHash, sql.placeholder("hash")),
        isNull(schema.apiTokens.revokedAt),
        isNull(schema.users.disabledAt),
      ),
    )
    .prepare(),
);

/** A token's row by its hash; a revoked token, a changed user or a new last use is a write, and is seen at once. */
const tokenRow = untilNextWrite((hash) => tokenQuery().get({ hash }));

/**
 * The user an `Authorization: Bearer <token>` header names, or null for a malformed, unknown, revoked or expired
 * token, or one of a disabled user.
 */
export function actorForBearer(authorization: string): Actor | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) return null;
  const row = tokenRow(sha256(match[1]));
  if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
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
  const token: unknown = await cookie().parse(request.headers.get("cookie"));
  if (typeof token !== "string") return null;
  // expires_at is stored in milliseconds; a placeholder is bound as it is, so the time goes in as a number.
  const row = sessionQuery().get({ hash: sha256(token), now: Date.now() });
  return row ? toActor(row.user) : null;
}

// Prepared once: building the query anew cost a signed-in page about 0.3 ms of its render.
const sessionQuery = preparedOnce((db) =>
  db
    .select({ user: schema.users })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
    .where(
      and(
        eq(schema.sessions.tokenHash, sql.placeholder("hash")),
        gt(schema.sessions.expiresAt, sql.placeholder("now")),
        isNull(schema.users.disabledAt),
      ),
    )
    .prepare(),
);

/**
 * For pages: the signed-in user, or a redirect to the login page that comes back here — or, while the user must
 * choose a new password, to /account.
 */
export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  const url = new URL(request.url);
  if (!actor) throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  if (actor.mustChangePassword && !url.pathname.startsWith("/account")) throw redirect("/account?required=1");
  return actor;
}

/** The sha256 of the request's session token, or null (requests with a bearer token have none). */
export async function sessionHash(request: Request): Promise<string | null> {
  const token: unknown = await cookie().parse(request.headers.get("cookie"));
  return typeof token === "string" ? sha256(token) : null;
}

// Sign-in throttles (throttle.server.ts). Failures per (user name, client) and per client within a minute, counted
// across all server processes; at most one password hash at a time per process with a short queue, so a flood from
// many addresses costs at most one core of each and the pages other users ask for keep being served.
const accountFailures = new WindowCounter("signin.account", 5, 60_000);
const clientFailures = new WindowCounter("signin.client", 20, 60_000);
const hashing = new ConcurrencyGate(1, 16);
const BUSY_RETRY_SECONDS = 5;

export type SignInResult =
  | { ok: true; user: typeof schema.users.$inferSelect }
  | { ok: false; reason: "invalid" | "disabled" }
  | { ok: false; reason: "throttled" | "busy"; retryAfterSeconds: number };

/** Login outcomes in the audit log: of a known user under the user's region, of an unknown name without the name. */
function auditSignIn(user: typeof schema.users.$inferSelect | undefined, client: string, outcome: string) {
  recordAudit(getDb(), user ? toActor(user) : null, {
    action: outcome === "ok" ? "user.login" : "user.loginFailed",
    entityType: "user",
    entityId: user?.username ?? "（不存在的用户名）",
    regionCode: user?.regionCode,
    after: { client, ...(outcome === "ok" ? {} : { reason: outcome }) },
  });
}

/** What a throttled or busy sign-in says, in the page and on the server's fast path alike. */
export function signInRefusalMessage(reason: "throttled" | "busy", retryAfterSeconds: number): string {
  return reason === "busy"
    ? `此刻登录的人太多，请 ${retryAfterSeconds} 秒后再试。`
    : `登录失败次数过多，请 ${retryAfterSeconds} 秒后再试。`;
}

/**
 * Why a sign-in from `client` would be refused before any work — too many failures from that address, or the
 * password hashing queue full — or null. The server answers such a page post with a small page of its own
 * (app/cli/serve.ts) instead of rendering the login page for every attempt of a flood.
 */
export function signInRefusal(client: string): { reason: "throttled" | "busy"; retryAfterSeconds: number } | null {
  const wait = clientFailures.retryAfterSeconds(client);
  if (wait) return { reason: "throttled", retryAfterSeconds: wait };
  return hashing.full ? { reason: "busy", retryAfterSeconds: BUSY_RETRY_SECONDS } : null;
}

export async function signIn(username: string, password: string, client: string): Promise<SignInResult> {
  const name = username.trim();
  const account = `${name.toLowerCase()}\u0000${client}`;
  const wait = Math.max(clientFailures.retryAfterSeconds(client), accountFailures.retryAfterSeconds(account));
  if (wait) return { ok: false, reason: "throttled", retryAfterSeconds: wait };
  const user = getDb().select().from(schema.users).where(eq(schema.users.username, name)).get();
  // Verify against a dummy hash when the user is unknown so timing does not reveal which usernames exist.
  const valid = await hashing.run(() => verifyPassword(password, user?.passwordHash ?? DUMMY_HASH));
  if (valid === undefined) return { ok: false, reason: "busy", retryAfterSeconds: BUSY_RETRY_SECONDS };
  if (!user || !valid) {
    clientFailures.hit(client);
    accountFailures.hit(account);
    auditSignIn(user, client, "密码错误或用户不存在");
    return { ok: false, reason: "invalid" };
  }
  if (user.disabledAt) {
    auditSignIn(user, client, "账号已停用");
    return { ok: false, reason: "disabled" };
  }
  accountFailures.clear(account);
  auditSignIn(user, client, "ok");
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
