import type { ActionFunctionArgs } from "@remix-run/node";
import { bodyParser, yearSchema } from "~/server/platform/validation.server";
import { isPlainObject } from "~/engine/json";
import { readApiWrite } from "~/server/auth/access.server";
import { domainError } from "~/server/platform/http.server";
import { submit } from "~/server/submissions/submit.server";

/**
 * 申报 through the API: `{ branchId?, year, data, domain? }`, with an `Idempotency-Key` header (or
 * `idempotencyKey`) so that a retried request stores one revision. 201 with the Result; 200 for a replay.
 */
const parseSubmission = bodyParser<{
  branchId?: number;
  year: number;
  domain?: string;
  data?: unknown;
  idempotencyKey?: string;
}>({
  type: "object",
  required: ["year"],
  properties: {
    branchId: { type: "integer", description: "应为支部编号" },
    year: yearSchema,
    domain: { type: "string", description: "应为领域代码" },
    data: {},
    idempotencyKey: {
      type: "string",
      pattern: "^[\\w-]{8,100}$",
      description: "Idempotency-Key 应为 8–100 个字母、数字、下划线或连字符",
    },
  },
});

export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  // The Idempotency-Key header wins over a key in the body; both are checked alike.
  const header = request.headers.get("idempotency-key");
  const input = parseSubmission(isPlainObject(body) && header !== null ? { ...body, idempotencyKey: header } : body);
  const branchId = input.branchId ?? actor.branchId;
  if (branchId === null)
    throw domainError(422, "请求缺少 branchId", [{ path: "$.branchId", message: "必填：应为支部编号" }]);
  const outcome = await submit(actor, { ...input, data: input.data, branchId });
  return Response.json(
    { id: outcome.submissionId, revision: outcome.revision, result: outcome.result },
    { status: outcome.replayed ? 200 : 201 },
  );
}
