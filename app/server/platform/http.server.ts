import { findUnsafeText, jsonDepth } from "~/engine/json";

/** A field problem, in the shape of DESIGN.md §5's `errors`: a `$.json.path` and a Chinese message. */
export type FieldError = { path: string; message: string; [detail: string]: string | undefined };

/**
 * Why a request cannot be done, in Chinese, with the HTTP status it answers with. Server code throws it; it becomes
 * a JSON response `{ error, errors? }` only at the route edge (`withDomainErrors`), in a job's failure, or on the score
 * fast path, so no caller has to take a Response apart to learn what went wrong.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "DomainError";
  }

  toResponse(): Response {
    const body = this.errors ? { error: this.message, errors: this.errors } : { error: this.message };
    return Response.json(body, { status: this.status, headers: this.headers });
  }
}

export const domainError = (status: number, error: string, errors?: FieldError[]) =>
  new DomainError(status, error, errors);

export const unauthorized = () =>
  domainError(401, "未登录或令牌无效：请提供有效的 Authorization: Bearer 令牌或先登录。");
export const forbidden = (what = "该资源") => domainError(403, `无权访问${what}：超出您的区域或支部权限范围。`);
export const notFound = (what = "资源") => domainError(404, `未找到${what}。`);

/** What a thrown value says to a person: a DomainError's own message, anything else as an internal failure. */
export const errorMessage = (error: unknown) =>
  error instanceof DomainError ? error.message : `任务失败：${error instanceof Error ? error.message : String(error)}`;

type RouteFunction = (args: never) => unknown;

/**
 * The route edge: the server wraps every route module's loader and action in this (app/cli/serve.ts), so a
 * DomainError thrown anywhere below becomes its JSON response — and a page's ErrorBoundary shows its message —
 * while redirects and other Responses pass through. Route modules stay plain Remix modules.
 */
export function withDomainErrors<M extends { loader?: RouteFunction; action?: RouteFunction; default?: unknown }>(
  module: M,
): M {
  const edge =
    <F extends RouteFunction>(handler: F) =>
    async (args: Parameters<F>[0]) => {
      try {
        return await handler(args);
      } catch (error) {
        if (error instanceof DomainError) throw error.toResponse();
        throw error;
      }
    };
  // A resource route (no page) answers a method it has no handler for with a Chinese 405, not Remix's English one.
  const resource = module.default === undefined;
  const refuse = (message: string, allow: string) => async () => {
    throw new DomainError(405, message, undefined, { Allow: allow });
  };
  return {
    ...module,
    ...(module.loader
      ? { loader: edge(module.loader) }
      : resource && module.action
        ? { loader: edge(refuse("不支持的请求方法：该接口只接受提交（POST 或 PUT），不能用 GET 读取。", "POST, PUT")) }
        : {}),
    ...(module.action
      ? { action: edge(module.action) }
      : resource && module.loader
        ? { action: edge(refuse("不支持的请求方法：该接口只能读取，请用 GET。", "GET, HEAD")) }
        : {}),
  };
}

export const CROSS_SITE_MESSAGE =
  "跨站请求被拒绝：请从支部标尺自己的页面提交，或在脚本中使用 API 令牌（Authorization: Bearer）。";

/**
 * Whether a browser's write comes from this site: not when the browser says it is cross-site, nor from another
 * origin (another port of the same host included). A client that sends neither header passes.
 */
export function isSameOrigin(origin: string | null, fetchSite: string | null, host: string): boolean {
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return false;
  if (origin === null) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    // "null" and other opaque origins are not this site.
    return false;
  }
}

/**
 * A write a browser makes with the session cookie must come from branchmark's own pages (CSRF). A request with an
 * API token carries no ambient credential and passes.
 */
export function requireSameOrigin(request: Request): void {
  if (request.headers.has("authorization")) return;
  const { headers } = request;
  if (!isSameOrigin(headers.get("origin"), headers.get("sec-fetch-site"), new URL(request.url).host))
    throw domainError(403, CROSS_SITE_MESSAGE);
}

export const MAX_BODY_BYTES = 2 * 1024 * 1024;

const tooLargeMessage = (maxBytes: number, what: string) => `${what}过大：不能超过 ${maxBytes / 1024 / 1024} MB。`;

/**
 * Reads the body; over `maxBytes` it is a 413. Up to four times the limit the body is still read to its end, so the
 * keep-alive connection stays usable; beyond that (or when the declared length is beyond it) reading stops and the
 * 413 closes the connection, so a chunked upload without a length cannot make the server hold more.
 */
export async function readBodyBytes(request: Request, maxBytes: number, what = "请求体"): Promise<Uint8Array> {
  const hardCap = 4 * maxBytes;
  const refuseAndClose = () =>
    new DomainError(413, tooLargeMessage(maxBytes, what), undefined, { connection: "close" });
  if (Number(request.headers.get("content-length") ?? 0) > hardCap) throw refuseAndClose();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    size += next.value.byteLength;
    if (size > hardCap) {
      await reader!.cancel();
      throw refuseAndClose();
    }
    chunks.push(next.value);
  }
  if (size > maxBytes) throw domainError(413, tooLargeMessage(maxBytes, what));
  return Buffer.concat(chunks);
}

/**
 * Reads the whole body (an oversized one is a 413). Routes read it before any refusal: a response sent over an
 * unread body leaves the keep-alive socket unusable for the client's next request.
 */
export async function readBodyText(request: Request): Promise<string> {
  return Buffer.from(await readBodyBytes(request, MAX_BODY_BYTES)).toString("utf8");
}

/** An API write's body: empty is `null`, anything else must be JSON. */
export function parseApiBody(text: string): unknown {
  return text.trim() === "" ? null : parseJsonBody(text);
}

/** Parses a JSON body; a malformed one is a 400 with a Chinese message. */
export function parseJsonBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep();
    throw domainError(400, `请求体不是合法的 JSON：${error instanceof Error ? error.message : String(error)}`);
  }
  // Everything downstream walks bodies recursively; a form or a rule set is never nearly this deep.
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw tooDeep();
  const unsafe = findUnsafeText(value);
  if (unsafe)
    throw domainError(400, `提交的内容中有无法保存的文字：${unsafe.reason}。`, [
      { path: unsafe.path, message: unsafe.reason },
    ]);
  return value;
}

export const MAX_JSON_DEPTH = 64;
const tooDeep = () => domainError(400, `请求体的 JSON 嵌套过深：最多 ${MAX_JSON_DEPTH} 层。`);
