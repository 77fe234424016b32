import { isForbiddenKey } from "./path";
import type { Json } from "./types";

export type JsonParseResult = { ok: true; value: Json } | { ok: false; line: number; column: number; message: string };

/** The offset of the first character that breaks the JSON grammar (JavaScript engines do not all report it). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? "")) fail();
          }
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "")) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    } else if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    } else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (offset) {
    return offset as number;
  }
  return text.length;
}

/** JSON.parse with the error's line and column, whatever the JavaScript engine's message format. */
export function parseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, offset).split("\n");
    return {
      ok: false,
      line: before.length,
      column: before[before.length - 1].length + 1,
      message: `JSON 格式错误：${message}`,
    };
  }
}

/** A deep copy without `__proto__`, `constructor` or `prototype` keys, so user data can never reach a prototype. */
export function withoutForbiddenKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutForbiddenKeys) as T;
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!isForbiddenKey(key)) copy[key] = withoutForbiddenKeys(v);
  }
  return copy as T;
}

/** JSON paths of every forbidden key in a value. */
export function forbiddenKeyPaths(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => forbiddenKeyPaths(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) =>
    isForbiddenKey(key) ? [`${path}.${key}`] : forbiddenKeyPaths(v, `${path}.${key}`),
  );
}

/** JSON with object keys sorted, so that equal content always gives the same text and hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Whether a value holds a `__proto__`, `constructor` or `prototype` key anywhere. */
export function containsForbiddenKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsForbiddenKey);
  if (value === null || typeof value !== "object") return false;
  // for…in visits every own enumerable key (inherited ones too, which can only make the answer "copy it").
  for (const key in value) {
    if (isForbiddenKey(key) || containsForbiddenKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** The deepest nesting of arrays and objects in a JSON value, counted without recursion (a hostile value may be deep). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(node))
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return deepest;
}

// NUL and the other C0 controls but tab, newline and carriage return; DEL; the bidirectional overrides and
// isolates that make text read differently from what it is (U+202A–U+202E, U+2066–U+2069); unpaired surrogates.
const UNSAFE_TEXT =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a person's text cannot be stored as it is, or null. */
export function unsafeTextReason(text: string): string | null {
  const match = UNSAFE_TEXT.exec(text);
  if (!match) return null;
  const code = match[0].charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return "含有不成对的代理字符（文本已损坏）";
  if (code >= 0x202a) return "含有改变文字方向的控制字符";
  return `含有不可见的控制字符（U+${code.toString(16).toUpperCase().padStart(4, "0")}）`;
}

/** The first string (value or key) in a JSON value that `unsafeTextReason` refuses, with its `$.path`. */
export function findUnsafeText(value: unknown): { path: string; reason: string } | null {
  const stack: [unknown, string][] = [[value, "$"]];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (typeof node === "string") {
      const reason = unsafeTextReason(node);
      if (reason) return { path, reason };
    } else if (Array.isArray(node)) node.forEach((child, i) => stack.push([child, `${path}[${i}]`]));
    else if (node !== null && typeof node === "object")
      for (const [key, child] of Object.entries(node)) {
        const reason = unsafeTextReason(key);
        if (reason) return { path: `${path}.${key}`, reason: `字段名${reason}` };
        stack.push([child, `${path}.${key}`]);
      }
  }
  return null;
}
