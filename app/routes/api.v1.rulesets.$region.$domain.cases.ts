import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { domainError } from "~/server/platform/http.server";
import { bodyParser } from "~/server/platform/validation.server";
import { caseFromSubmission } from "~/server/rulesets/cases.server";

const parseRequest = bodyParser<{ content: Record<string, unknown>; submissionId: number }>({
  type: "object",
  required: ["content", "submissionId"],
  properties: {
    content: { type: "object", description: "应为正在编辑的规则集 JSON" },
    submissionId: { type: "integer", minimum: 1, description: "应为已存申报的编号" },
  },
});

/**
 * POST { content, submissionId } (extension): a case made from a stored submission, expecting what `content` — the
 * rule set as it is being edited — gives it. Nothing is stored; the editor adds the case to its draft.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const { content, submissionId } = parseRequest(body);
  if (!params.region || !params.domain) throw domainError(404, "未找到规则集。");
  return Response.json(caseFromSubmission(actor, params.region, params.domain, content, submissionId));
}
