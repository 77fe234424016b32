import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { closeWeak } from "~/server/cycle/weak.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";

const parse = bodyParser<{ closedOn: string }>({
  type: "object",
  required: ["closedOn"],
  additionalProperties: false,
  properties: {
    closedOn: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "应为日期，如 2026-03-31" },
  },
});

/** POST (extension): 销号 `{ closedOn }`. 201 with the case. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(closeWeak(actor, parseId(params.id, "该整顿记录"), parse(body)), { status: 201 });
}
