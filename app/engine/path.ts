/**
 * Paths into facts are restricted to the simple form `$.a.b[0].c`: no filters, no scripts, no recursion.
 * Keys that could reach an object's prototype are refused.
 */
export type PathSegment = string | number;

/** A key: letters, digits, `_`, `$` and `-` (evidence ids such as `member-meeting-minutes`), not starting with a digit or `-`. */
const KEY = /^[\p{L}_$][\p{L}\p{N}_$-]*$/u;

/** Whether `key` is the object's own property: paths never read what an object inherits. */
export const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

export function isForbiddenKey(key: string): boolean {
  return key === "__proto__" || key === "constructor" || key === "prototype";
}

export type ParsedPath = { ok: true; segments: PathSegment[] } | { ok: false; message: string };

export function parsePath(path: string): ParsedPath {
  if (typeof path !== "string" || !path.startsWith("$"))
    return { ok: false, message: "路径必须以 $ 开头，形如 $.a.b[0].c" };
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === ".") {
      const match = /^[^.[\]]+/.exec(path.slice(i + 1));
      if (!match || !KEY.test(match[0]))
        return { ok: false, message: `路径 ${path} 在第 ${i + 1} 个字符处不是合法的字段名` };
      if (isForbiddenKey(match[0])) return { ok: false, message: `路径 ${path} 含有禁止的字段名 ${match[0]}` };
      segments.push(match[0]);
      i += 1 + match[0].length;
    } else if (path[i] === "[") {
      const match = /^\[(\d+)\]/.exec(path.slice(i));
      if (!match) return { ok: false, message: `路径 ${path} 只允许 [数字] 形式的下标，不支持过滤或脚本` };
      segments.push(Number(match[1]));
      i += match[0].length;
    } else {
      return { ok: false, message: `路径 ${path} 在第 ${i + 1} 个字符处无法解析，只支持 $.a.b[0].c 形式` };
    }
  }
  return { ok: true, segments };
}

/** Reads own properties only; anything missing, or a path that is not allowed, is `undefined`. */
export function getAtSegments(value: unknown, segments: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    if (typeof segment === "number") {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (Array.isArray(current) || !hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

const cache = new Map<string, PathSegment[] | null>();

export function getPath(value: unknown, path: string): unknown {
  let segments = cache.get(path);
  if (segments === undefined) {
    const parsed = parsePath(path);
    segments = parsed.ok ? parsed.segments : null;
    if (cache.size < 10_000) cache.set(path, segments);
  }
  return segments ? getAtSegments(value, segments) : undefined;
}

/** A JSON Pointer as a path: `/rules/0/event` → `$.rules[0].event`. */
export function pointerToPath(pointer: string): string {
  return (
    "$" +
    pointer
      .split("/")
      .slice(1)
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
      .join("")
  );
}
