import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { resolveObjection } from "~/server/cycle/publicity.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";

const parseResolution = bodyParser<{ outcome: "upheld" | "dismissed"; handling: string }>({
  type: "object",
  required: ["outcome", "handling"],
  additionalProperties: false,
  properties: {
    outcome: { enum: ["upheld", "dismissed"], description: "应为 upheld（异议成立）或 dismissed（不成立）" },
    handling: { type: "string", maxLength: 2000, description: "处理情况最多 2000 字" },
  },
});

/** POST (extension) `{ outcome, handling }`: how an objection was handled (once). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(resolveObjection(actor, parseId(params.id, "该异议"), parseResolution(body)));
}
