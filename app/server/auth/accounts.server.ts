/**
 * An account's life after it is made: API tokens (with an optional expiry) and their revocation, disabling and
 * enabling, and a new password. Every change is in the audit log under the user's region; `actor` is null when
 * the change comes from the command line on the server.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import { recordAudit } from "../audit/audit.server";
import { getDb, schema } from "../platform/db.server";
import { domainError, notFound } from "../platform/http.server";
import { hashPassword, verifyPassword } from "./password.server";
import { passwordProblem } from "./password-policy.server";
import { sha256, type Actor } from "./session.server";

type User = typeof schema.users.$inferSelect;

export function userByName(username: string): User {
  const user = getDb().select().from(schema.users).where(eq(schema.users.username, username)).get();
  if (!user) throw domainError(404, `用户 ${username} 不存在。`);
  return user;
}

const audit = (actor: Actor | null, user: User, action: string, before: unknown, after: unknown) =>
  recordAudit(getDb(), actor, {
    action,
    entityType: "user",
    entityId: user.username,
    regionCode: user.regionCode,
    before,
    after,
  });

/** A new API token, shown once; only its sha256 is kept. `days`: it stops working after that many days. */
export function createApiToken(actor: Actor | null, user: User, label: string, days?: number): string {
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650))
    throw domainError(400, "令牌有效天数应为 1–3650 之间的整数。");
  const token = "bm_" + randomBytes(32).toString("base64url");
  const expiresAt = days === undefined ? null : new Date(Date.now() + days * 86_400_000);
  getDb().transaction((tx) => {
    tx.insert(schema.apiTokens)
      .values({ userId: user.id, name: label, tokenHash: sha256(token), expiresAt })
      .run();
    audit(actor, user, "token.create", null, { label, expiresAt: expiresAt?.toISOString() ?? null });
  });
  return token;
}

/** Revokes every token of the user that still works; returns how many. */
export function revokeTokens(actor: Actor | null, user: User): number {
  return getDb().transaction((tx) => {
    const revoked = tx
      .update(schema.apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(schema.apiTokens.userId, user.id), isNull(schema.apiTokens.revokedAt)))
      .returning({ label: schema.apiTokens.name })
      .all();
    if (revoked.length) audit(actor, user, "token.revoke", null, { tokens: revoked.map((t) => t.label) });
    return revoked.length;
  });
}

/** Disables (sessions ended, tokens refused at once) or enables an account; a no-op when already so. */
export function setUserDisabled(actor: Actor | null, user: User, disabled: boolean): boolean {
  if (Boolean(user.disabledAt) === disabled) return false;
  getDb().transaction((tx) => {
    tx.update(schema.users)
      .set({ disabledAt: disabled ? new Date() : null })
      .where(eq(schema.users.id, user.id))
      .run();
    if (disabled) tx.delete(schema.sessions).where(eq(schema.sessions.userId, user.id)).run();
    audit(actor, user, disabled ? "user.disable" : "user.enable", { disabled: !disabled }, { disabled });
  });
  return true;
}

/**
 * Sets a password someone else chose for the user (a reset): the user's sessions end, so a password that leaked
 * stops working everywhere, and the user must choose their own at the next sign-in.
 */
export async function resetPassword(actor: Actor | null, user: User, password: string): Promise<void> {
  const problem = passwordProblem(password, user.username);
  if (problem) throw domainError(422, problem, [{ path: "$.password", message: problem }]);
  const passwordHash = await hashPassword(password);
  getDb().transaction((tx) => {
    tx.update(schema.users).set({ passwordHash, mustChangePassword: true }).where(eq(schema.users.id, user.id)).run();
    tx.delete(schema.sessions).where(eq(schema.sessions.userId, user.id)).run();
    audit(actor, user, "user.password", null, { sessionsEnded: true, mustChange: true });
  });
}

/**
 * A user's own new password: the current one must be right, the new one pass the rules and differ from it. The
 * user's other sessions end; the one making the change (`keepSessionHash`) stays signed in.
 */
export async function changeOwnPassword(
  actor: Actor,
  input: { current: string; next: string },
  keepSessionHash: string | null,
): Promise<void> {
  const user = getDb().select().from(schema.users).where(eq(schema.users.id, actor.id)).get()!;
  if (!(await verifyPassword(input.current, user.passwordHash)))
    throw domainError(422, "当前密码不正确。", [{ path: "$.current", message: "当前密码不正确" }]);
  const problem =
    passwordProblem(input.next, user.username) ?? (input.next === input.current ? "新密码不能与当前密码相同。" : null);
  if (problem) throw domainError(422, problem, [{ path: "$.next", message: problem }]);
  const passwordHash = await hashPassword(input.next);
  getDb().transaction((tx) => {
    tx.update(schema.users).set({ passwordHash, mustChangePassword: false }).where(eq(schema.users.id, user.id)).run();
    tx.delete(schema.sessions)
      .where(
        and(
          eq(schema.sessions.userId, user.id),
          keepSessionHash ? ne(schema.sessions.tokenHash, keepSessionHash) : undefined,
        ),
      )
      .run();
    audit(actor, user, "user.password", null, { self: true });
  });
}

/** The actor's own API tokens, newest first, without their hashes. */
export function ownTokens(actor: Actor) {
  return getDb()
    .select({
      id: schema.apiTokens.id,
      label: schema.apiTokens.name,
      createdAt: schema.apiTokens.createdAt,
      lastUsedAt: schema.apiTokens.lastUsedAt,
      expiresAt: schema.apiTokens.expiresAt,
      revokedAt: schema.apiTokens.revokedAt,
    })
    .from(schema.apiTokens)
    .where(eq(schema.apiTokens.userId, actor.id))
    .orderBy(desc(schema.apiTokens.id))
    .all();
}

/** Revokes one of the actor's own tokens; another user's token is "not found", whoever asks. */
export function revokeOwnToken(actor: Actor, tokenId: number): void {
  getDb().transaction((tx) => {
    const token = tx
      .select()
      .from(schema.apiTokens)
      .where(and(eq(schema.apiTokens.id, tokenId), eq(schema.apiTokens.userId, actor.id)))
      .get();
    if (!token) throw notFound("该令牌");
    if (token.revokedAt) return;
    tx.update(schema.apiTokens).set({ revokedAt: new Date() }).where(eq(schema.apiTokens.id, tokenId)).run();
    recordAudit(tx, actor, {
      action: "token.revoke",
      entityType: "user",
      entityId: actor.username,
      regionCode: actor.regionCode,
      after: { tokens: [token.name] },
    });
  });
}
