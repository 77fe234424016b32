import type { ActionFunctionArgs } from "@remix-run/node";
import { isPlainObject } from "~/engine/json";
import type { JsonObject } from "~/engine/types";
import { readApiWrite } from "~/server/auth/access.server";
import { jsonError } from "~/server/platform/http.server";
import { reviewSubmission } from "~/server/submissions/review.server";

/** A reviewer's 四评 and decision: `{ siping: { review: … }, decision: "rate" | "escalate", gradeId?, reason? }`. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  if (!/^\d+$/.test(params.id!)) throw jsonError(400, "申报编号必须是整数。");
  if (!isPlainObject(body) || !isPlainObject(body.siping))
    throw jsonError(422, "缺少四评内容", [{ path: "$.siping", message: "应为对象" }]);
  if (body.decision !== "rate" && body.decision !== "escalate")
    throw jsonError(422, "决定不正确", [{ path: "$.decision", message: "应为 rate（评定）或 escalate（向上级申报）" }]);
  const outcome = await reviewSubmission(actor, Number(params.id), {
    siping: body.siping as JsonObject,
    decision: body.decision,
    gradeId: typeof body.gradeId === "string" ? body.gradeId : undefined,
    reason: typeof body.reason === "string" ? body.reason : undefined,
  });
  return Response.json({ review: outcome.review, result: outcome.result, allowed: outcome.allowed }, { status: 201 });
}
