/**
 * An account's life after it is made: API tokens (with an optional expiry) and their revocation, disabling and
 * enabling, and a new password. Every change is in the audit log under the user's region; `actor` is null when
 * the change comes from the command line on the server.
 */
import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { recordAudit } from "../audit/audit.server";
import { getDb, schema } from "../platform/db.server";
import { domainError } from "../platform/http.server";
import { hashPassword } from "./password.server";
import { sha256, type Actor } from "./session.server";

type User = typeof schema.users.$inferSelect;

export const MIN_PASSWORD_LENGTH = 8;

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

/** Sets a new password and ends the user's sessions, so a password that leaked stops working everywhere. */
export async function setPassword(actor: Actor | null, user: User, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) throw domainError(422, `密码至少 ${MIN_PASSWORD_LENGTH} 个字符。`);
  const passwordHash = await hashPassword(password);
  getDb().transaction((tx) => {
    tx.update(schema.users).set({ passwordHash }).where(eq(schema.users.id, user.id)).run();
    tx.delete(schema.sessions).where(eq(schema.sessions.userId, user.id)).run();
    audit(actor, user, "user.password", null, { sessionsEnded: true });
  });
}
