import type { ActionFunctionArgs } from "@remix-run/node";
import { isPlainObject } from "~/engine/json";
import { readApiWrite } from "~/server/auth/access.server";
import { jsonError } from "~/server/platform/http.server";
import { submit } from "~/server/submissions/submit.server";

/**
 * 申报 through the API: `{ branchId?, year, data, domain? }`, with an `Idempotency-Key` header (or
 * `idempotencyKey`) so that a retried request stores one revision. 201 with the Result; 200 for a replay.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  if (!isPlainObject(body)) throw jsonError(422, "请求体应为对象", [{ path: "$", message: "应为 { year, data }" }]);
  const branchId = body.branchId ?? actor.branchId;
  if (typeof branchId !== "number")
    throw jsonError(422, "缺少 branchId", [{ path: "$.branchId", message: "请指定支部编号" }]);
  if (typeof body.year !== "number") throw jsonError(422, "缺少 year", [{ path: "$.year", message: "请指定年度" }]);
  const key =
    request.headers.get("idempotency-key") ??
    (typeof body.idempotencyKey === "string" ? body.idempotencyKey : undefined);
  if (key !== undefined && !/^[\w-]{8,100}$/.test(key))
    throw jsonError(422, "Idempotency-Key 格式不正确", [
      { path: "$.idempotencyKey", message: "8–100 个字母、数字、下划线或连字符" },
    ]);
  const outcome = await submit(actor, {
    branchId,
    year: body.year,
    domain: typeof body.domain === "string" ? body.domain : undefined,
    data: body.data,
    idempotencyKey: key,
  });
  return Response.json(
    { id: outcome.submissionId, revision: outcome.revision, result: outcome.result },
    { status: outcome.replayed ? 200 : 201 },
  );
}
