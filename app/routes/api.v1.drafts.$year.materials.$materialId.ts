import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiUpload } from "~/server/auth/access.server";
import { uploadEvidence } from "~/server/evidence/evidence.server";
import { forbidden } from "~/server/platform/http.server";
import { parseYear } from "~/server/platform/validation.server";
import { getBranch } from "~/server/regions/branches.server";

/**
 * POST (extension): one evidence file for the signed-in branch's year, before its first 申报 — as
 * `/api/v1/submissions/:id/materials/:materialId` does once there is a submission. 201 with the file.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const upload = await readApiUpload(request);
  if (upload.actor.branchId === null) throw forbidden("佐证材料");
  const branch = getBranch(upload.actor.branchId);
  const file = await uploadEvidence(
    upload.actor,
    { branchId: branch.id, domain: branch.domain, year: parseYear(params.year) },
    params.materialId!,
    upload,
  );
  return Response.json(file, { status: 201 });
}
