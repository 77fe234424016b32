import type { ActionFunctionArgs } from "@remix-run/node";
import { bodyParser } from "~/server/platform/validation.server";
import { readApiWrite } from "~/server/auth/access.server";
import { domainError } from "~/server/platform/http.server";
import { revokeSubmission } from "~/server/submissions/revoke.server";

/** 动态调整: `{ field: "<负面情形字段>", note }` records a later disqualifying fact and withdraws the grade. */
const parseRevocation = bodyParser<{ field: string; note?: string }>({
  type: "object",
  required: ["field"],
  properties: {
    field: { type: "string", description: "请选择出现的负面情形" },
    note: { type: "string", description: "应为撤销依据的文字" },
  },
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  if (!/^\d+$/.test(params.id!)) throw domainError(400, "申报编号必须是整数。");
  const { field, note = "" } = parseRevocation(body);
  const outcome = await revokeSubmission(actor, Number(params.id), { field, note });
  return Response.json({ result: outcome.result }, { status: 201 });
}
