import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiUpload } from "~/server/auth/access.server";
import { uploadEvidence } from "~/server/evidence/evidence.server";
import { parseId } from "~/server/platform/validation.server";
import { getSubmission } from "~/server/submissions/repository.server";

/**
 * POST (DESIGN.md §5): one evidence file for a catalogue entry of a submission's year — the raw bytes, the name in
 * `X-File-Name` (percent-encoded). 201 with the file; it joins the year's evidence, and the next 申报 (更正 or 重新申报)
 * sends it with a new revision.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const upload = await readApiUpload(request);
  const submission = getSubmission(parseId(params.id, "该申报"));
  const file = await uploadEvidence(
    upload.actor,
    { branchId: submission.branchId, domain: submission.domain, year: submission.year },
    params.materialId!,
    upload,
  );
  return Response.json(file, { status: 201 });
}
