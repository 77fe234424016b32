import type { IncomingMessage, ServerResponse } from "node:http";
import { actorForBearer } from "../auth/session.server";
import { DomainError, MAX_BODY_BYTES, parseApiBody, unauthorized } from "./http.server";
import { scoreRequest } from "../submissions/score.server";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, json: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(json);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": body.length,
  });
  res.end(body);
}

/** A refusal thrown by the shared code, sent through Node as the Remix route would send it. */
function sendRefusal(res: ServerResponse, error: DomainError): void {
  const body = error.errors ? { error: error.message, errors: error.errors } : { error: error.message };
  sendJson(res, error.status, JSON.stringify(body), error.headers);
}

/**
 * `POST /api/v1/score` for scripts with an API token, answered on Node's own request: the Remix router and the
 * Fetch objects cost several times what scoring does. `scoreRequest` is shared with the Remix route, which gets
 * every other request (a session cookie, a body without a declared length or over the limit) and answers it the
 * same way.
 */
export function scoreFastPath(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const authorization = req.headers.authorization;
  const length = Number(req.headers["content-length"]);
  if (!authorization || req.headers["transfer-encoding"] || !(length >= 0 && length <= MAX_BODY_BYTES)) return next();
  readBody(req)
    .then((text) => {
      const actor = actorForBearer(authorization);
      if (!actor) throw unauthorized();
      sendJson(res, 200, JSON.stringify(scoreRequest(actor, parseApiBody(text))));
    })
    .catch((error: unknown) => {
      if (error instanceof DomainError) return sendRefusal(res, error);
      console.error(error);
      if (!res.headersSent) sendJson(res, 500, JSON.stringify({ error: "服务器内部错误，请稍后重试。" }));
    });
}
