import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { addAcceptance, type AcceptanceInput } from "~/server/cycle/weak.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";

const parse = bodyParser<AcceptanceInput>({
  type: "object",
  required: ["result", "findings"],
  additionalProperties: false,
  properties: {
    result: { enum: ["passed", "not_yet"], description: "应为 passed（通过）或 not_yet（暂未通过）" },
    findings: { type: "string", maxLength: 2000, description: "验收意见最多 2000 字" },
  },
});

/** POST (extension): 考核验收 `{ result, findings }`. 201 with the case. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(addAcceptance(actor, parseId(params.id, "该整顿记录"), parse(body)), { status: 201 });
}
