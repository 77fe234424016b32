import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { addPlan, type PlanInput } from "~/server/cycle/weak.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";

const parse = bodyParser<PlanInput>({
  type: "object",
  required: ["problems", "measures", "responsible", "deadline"],
  additionalProperties: false,
  properties: {
    problems: { type: "string", maxLength: 2000, description: "存在问题最多 2000 字" },
    measures: { type: "string", maxLength: 2000, description: "整改措施最多 2000 字" },
    responsible: { type: "string", maxLength: 100, description: "责任人最多 100 字" },
    firstSecretary: { type: "string", maxLength: 100, description: "第一书记最多 100 字" },
    deadline: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "应为日期，如 2026-03-31" },
  },
});

/** POST (extension): a 整顿 plan `{ problems, measures, responsible, firstSecretary?, deadline }`. 201 with the case. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(addPlan(actor, parseId(params.id, "该整顿记录"), parse(body)), { status: 201 });
}
