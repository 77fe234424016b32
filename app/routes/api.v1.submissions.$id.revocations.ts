import type { ActionFunctionArgs } from "@remix-run/node";
import { isPlainObject } from "~/engine/json";
import { readApiWrite } from "~/server/auth/access.server";
import { jsonError } from "~/server/platform/http.server";
import { revokeSubmission } from "~/server/submissions/revoke.server";

/** 动态调整: `{ field: "<负面情形字段>", note }` records a later disqualifying fact and withdraws the grade. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  if (!/^\d+$/.test(params.id!)) throw jsonError(400, "申报编号必须是整数。");
  if (!isPlainObject(body) || typeof body.field !== "string")
    throw jsonError(422, "请选择出现的负面情形", [{ path: "$.field", message: "必填" }]);
  const outcome = await revokeSubmission(actor, Number(params.id), {
    field: body.field,
    note: typeof body.note === "string" ? body.note : "",
  });
  return Response.json({ result: outcome.result }, { status: 201 });
}
