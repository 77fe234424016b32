import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize, requireApiActor } from "~/server/auth/access.server";
import { domainError } from "~/server/platform/http.server";
import { getSubmission } from "~/server/submissions/repository.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  if (!/^\d+$/.test(params.id!)) throw domainError(400, "申报编号必须是整数。");
  const submission = getSubmission(Number(params.id));
  authorize(
    actor,
    { action: "submission.read", regionCode: submission.regionCode, branchId: submission.branchId },
    `申报 ${params.id}`,
  );
  return Response.json(submission);
}
