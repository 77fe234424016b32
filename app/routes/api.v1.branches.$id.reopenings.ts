import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { reopenSubmission } from "~/server/cycle/calendar.server";
import { bodyParser, parseId, yearSchema } from "~/server/platform/validation.server";

const parseReopening = bodyParser<{ year: number; until: string; reason: string }>({
  type: "object",
  required: ["year", "until", "reason"],
  additionalProperties: false,
  properties: {
    year: yearSchema,
    until: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "应为日期，如 2026-03-31" },
    reason: { type: "string", maxLength: 500, description: "应为原因，最多 500 字" },
  },
});

/** POST (extension) `{ year, until, reason }`: reopens 申报 for one branch after the deadline (admins; audited). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(reopenSubmission(actor, parseId(params.id, "该支部"), parseReopening(body)), { status: 201 });
}
