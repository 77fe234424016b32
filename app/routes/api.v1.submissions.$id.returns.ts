import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";
import { RETURN_FIELDS_MAX, RETURN_REASON_MAX, returnSubmission } from "~/server/submissions/return.server";

const parseReturn = bodyParser<{ reason: string; fields?: string[] }>({
  type: "object",
  required: ["reason"],
  properties: {
    reason: { type: "string", maxLength: RETURN_REASON_MAX, description: `应为退回理由，最多 ${RETURN_REASON_MAX} 字` },
    fields: {
      type: "array",
      maxItems: RETURN_FIELDS_MAX,
      items: { type: "string", maxLength: 200 },
      description: `应为需要修改的项目（表单路径），最多 ${RETURN_FIELDS_MAX} 项`,
    },
  },
});

/** POST { reason, fields? } (DESIGN.md §5): 退回修改 — the branch corrects and submits again. 201 with the return. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const input = parseReturn(body);
  return Response.json(
    returnSubmission(actor, parseId(params.id, "该申报"), { reason: input.reason, fields: input.fields ?? [] }),
    {
      status: 201,
    },
  );
}
