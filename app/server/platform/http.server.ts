/** JSON error responses in the shape of DESIGN.md §5: `{ error, errors? }`, messages in Chinese. */
export type FieldError = { path: string; message: string; [detail: string]: string | undefined };

export function jsonError(status: number, error: string, errors?: FieldError[]): Response {
  return Response.json(errors ? { error, errors } : { error }, { status });
}

export const unauthorized = () => jsonError(401, "未登录或令牌无效：请提供有效的 Authorization: Bearer 令牌或先登录。");
export const forbidden = (what = "该资源") => jsonError(403, `无权访问${what}：超出您的区域或支部权限范围。`);
export const notFound = (what = "资源") => jsonError(404, `未找到${what}。`);

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
    Response.json({ error: tooLargeMessage(maxBytes, what) }, { status: 413, headers: { connection: "close" } });
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
  if (size > maxBytes) throw jsonError(413, tooLargeMessage(maxBytes, what));
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
  try {
    return JSON.parse(text);
  } catch (error) {
    throw jsonError(400, `请求体不是合法的 JSON：${error instanceof Error ? error.message : String(error)}`);
  }
}
