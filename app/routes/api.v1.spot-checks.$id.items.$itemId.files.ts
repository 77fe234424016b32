import type { ActionFunctionArgs } from "@remix-run/node";
import { uploadSpotCheckFile } from "~/server/analysis/spot-checks.server";
import { readApiUpload } from "~/server/auth/access.server";
import { parseId } from "~/server/platform/validation.server";

/**
 * POST (extension): one file for a sampled branch's check record (the body is the file, its name percent-encoded in
 * `X-File-Name`), by whoever may record the check's result. 201 with the file.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const upload = await readApiUpload(request);
  const file = await uploadSpotCheckFile(
    upload.actor,
    parseId(params.id, "该随机抽查"),
    parseId(params.itemId, "该抽查对象"),
    upload,
  );
  return Response.json(file, { status: 201 });
}
