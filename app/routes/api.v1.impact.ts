import type { ActionFunctionArgs } from "@remix-run/node";
import { bodyParser, yearSchema } from "~/server/platform/validation.server";
import { readApiWrite } from "~/server/auth/access.server";
import { parseRulesetRef } from "~/server/analysis/compare.server";
import { startImpact } from "~/server/analysis/impact.server";

/** POST { a, b, filter?: { region?, year? } } → 202 with the job; poll GET /api/v1/jobs/:id. */
const parseImpactRequest = bodyParser<{ a?: string; b?: string; filter?: { region?: string; year?: number } }>({
  type: "object",
  properties: {
    a: { type: "string", description: "应为规则集编号和版本，如 150100/village@2" },
    b: { type: "string", description: "应为规则集编号和版本，如 150100/village@draft" },
    filter: {
      type: "object",
      description: "应为对象 { region?, year? }",
      properties: { region: { type: "string", description: "应为区域代码" }, year: yearSchema },
      additionalProperties: false,
    },
  },
});

export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const { a, b, filter = {} } = parseImpactRequest(body);
  const job = startImpact(actor, parseRulesetRef(a ?? null, "a"), parseRulesetRef(b ?? null, "b"), filter);
  return Response.json({ job: job.id, status: job.status, url: `/api/v1/jobs/${job.id}` }, { status: 202 });
}
