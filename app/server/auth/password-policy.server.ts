import { COMMON_PASSWORDS } from "./common-passwords";

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

/** Why a password may not be used, in Chinese, or null: its length, the user name in it, or a common password. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符。`;
  if (password.length > MAX_PASSWORD_LENGTH) return `密码最多 ${MAX_PASSWORD_LENGTH} 个字符。`;
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) return "密码不能包含用户名。";
  if (COMMON_PASSWORDS.has(lower)) return "这是很常见的密码，容易被猜到：请换一个。";
  if (new Set(password).size < 4) return "密码的字符种类太少（如 aaaaaaaa）：请换一个。";
  return null;
}
