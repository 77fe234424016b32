import {
  createHash,
  randomBytes,
  randomInt,
  scrypt as scryptCb,
  timingSafeEqual,
  type ScryptOptions,
} from "node:crypto";

const KEY_LENGTH = 64;
const COST = { N: 16384, r: 8, p: 1 } as const;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), key.toString("base64")].join("$");
}

/**
 * For passwords the platform generated (`generatePassword`: 16 characters, about 92 bits of chance) and hands out
 * in bulk: a salted SHA-256, because with that much chance the search space protects the password, not the cost of
 * the hash — and scrypt for 60,000 imported accounts would take the better part of an hour. Only ever used together
 * with `mustChangePassword`, so the user's own password replaces it (with scrypt) at the first sign-in.
 */
export function hashGeneratedPassword(password: string): string {
  const salt = randomBytes(16);
  const key = createHash("sha256").update(salt).update(password).digest();
  return ["sha256", salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith("sha256$")) {
    const [, salt, hash] = stored.split("$");
    const expected = Buffer.from(hash ?? "", "base64");
    const key = createHash("sha256")
      .update(Buffer.from(salt ?? "", "base64"))
      .update(password)
      .digest();
    return key.length === expected.length && timingSafeEqual(key, expected);
  }
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await scrypt(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password a person can type: 16 characters from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join("");
}
