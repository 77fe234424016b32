import type { ActionFunctionArgs } from "@remix-run/node";
import { bodyParser } from "~/server/platform/validation.server";
import { readApiWrite } from "~/server/auth/access.server";
import { domainError } from "~/server/platform/http.server";
import { reviewSubmission, type ReviewInput } from "~/server/submissions/review.server";

/** A reviewer's 四评 and decision: `{ siping: { review: … }, decision: "rate" | "escalate", gradeId?, reason? }`. */
const parseReview = bodyParser<ReviewInput>({
  type: "object",
  required: ["siping", "decision"],
  properties: {
    siping: { type: "object", description: "应为四评内容对象" },
    decision: { enum: ["rate", "escalate"], description: "应为 rate（评定）或 escalate（向上级申报）" },
    gradeId: { type: "string", description: "应为等次编号" },
    reason: { type: "string", description: "应为文字" },
  },
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  if (!/^\d+$/.test(params.id!)) throw domainError(400, "申报编号必须是整数。");
  const outcome = await reviewSubmission(actor, Number(params.id), parseReview(body));
  return Response.json({ review: outcome.review, result: outcome.result, allowed: outcome.allowed }, { status: 201 });
}
