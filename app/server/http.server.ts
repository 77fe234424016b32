/** JSON error responses in the shape of DESIGN.md §5: `{ error, errors? }`, messages in Chinese. */
export type FieldError = { path: string; message: string; [detail: string]: string | undefined };

export function jsonError(status: number, error: string, errors?: FieldError[]): Response {
  return Response.json(errors ? { error, errors } : { error }, { status });
}

export const unauthorized = () => jsonError(401, "未登录或令牌无效：请提供有效的 Authorization: Bearer 令牌或先登录。");
export const forbidden = (what = "该资源") => jsonError(403, `无权访问${what}：超出您的区域或支部权限范围。`);
export const notFound = (what = "资源") => jsonError(404, `未找到${what}。`);

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Reads the whole body (an oversized one is a 413). Routes read it before any refusal: a response sent over an
 * unread body leaves the keep-alive socket unusable for the client's next request.
 */
export async function readBodyText(request: Request): Promise<string> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw jsonError(413, `请求体过大：不能超过 ${MAX_BODY_BYTES / 1024 / 1024} MB。`);
  }
  return text;
}

/** Parses a JSON body; a malformed one is a 400 with a Chinese message. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw jsonError(400, `请求体不是合法的 JSON：${error instanceof Error ? error.message : String(error)}`);
  }
}
