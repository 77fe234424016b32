import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiUpload } from "~/server/auth/access.server";
import { uploadReportFile } from "~/server/cycle/weak.server";
import { parseId } from "~/server/platform/validation.server";

/** POST (extension): one evidence file of a monthly 整顿 report (raw body, `X-File-Name`), by the branch. 201. */
export async function action({ request, params }: ActionFunctionArgs) {
  const upload = await readApiUpload(request);
  const result = await uploadReportFile(
    upload.actor,
    parseId(params.id, "该整顿记录"),
    parseId(params.reportId, "该进展报告"),
    upload,
  );
  return Response.json(result, { status: 201 });
}
