import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { addReport, type ReportInput } from "~/server/cycle/weak.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";

const parse = bodyParser<ReportInput>({
  type: "object",
  required: ["month", "progress"],
  additionalProperties: false,
  properties: {
    month: { type: "string", pattern: "^\\d{4}-\\d{2}$", description: "应为月份，如 2026-11" },
    progress: { type: "string", maxLength: 3000, description: "整顿进展最多 3000 字" },
  },
});

/** POST (extension): a month's progress `{ month, progress }`, by the branch. 201 with the case. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(addReport(actor, parseId(params.id, "该整顿记录"), parse(body)), { status: 201 });
}
