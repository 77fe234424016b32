import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";
import { EVIDENCE_REASON_MAX, reviewEvidence } from "~/server/submissions/evidence-review.server";

const parseEvidenceReview = bodyParser<{ decision: "accepted" | "rejected"; reason?: string }>({
  type: "object",
  required: ["decision"],
  properties: {
    decision: { enum: ["accepted", "rejected"], description: "应为 accepted（合格）或 rejected（不合格）" },
    reason: {
      type: "string",
      maxLength: EVIDENCE_REASON_MAX,
      description: `应为不合格的原因，最多 ${EVIDENCE_REASON_MAX} 字`,
    },
  },
});

/**
 * POST (extension) `{ decision: "accepted" | "rejected", reason? }`: a reviewer in scope marks one evidence file of
 * the latest revision 合格 or 不合格 (with a reason); 201 with the file and the revision's score with the new counts.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(reviewEvidence(actor, parseId(params.id, "该佐证材料"), parseEvidenceReview(body)), {
    status: 201,
  });
}
