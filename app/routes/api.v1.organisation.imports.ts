import type { ActionFunctionArgs } from "@remix-run/node";
import { authorize, requireApiActor, throttleWrites } from "~/server/auth/access.server";
import { domainError, readBodyBytes, requireSameOrigin } from "~/server/platform/http.server";
import { startJob } from "~/server/platform/jobs.server";
import { MAX_ORG_IMPORT_BYTES, runOrgImport, type OrgImportMode } from "~/server/regions/org-import-job.server";
import { checkUpload } from "~/server/spreadsheets/import.server";

const MODES: OrgImportMode[] = ["preview", "apply", "valid"];

/**
 * POST ?mode=preview|apply|valid&name=file.xlsx (extension), body: the organisation workbook → 202 with a job whose
 * result is the preview (added, changed, unchanged, every error by sheet, row and column) and, unless previewing,
 * what was written. `apply` writes nothing from a file with any error; `valid` writes the rows without one.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") throw domainError(405, "不支持的请求方法：请用 POST。");
  const bytes = await readBodyBytes(request, MAX_ORG_IMPORT_BYTES, "文件");
  requireSameOrigin(request);
  const actor = await requireApiActor(request);
  authorize(actor, { action: "organisation.manage", regionCode: actor.regionCode }, "导入组织机构");
  throttleWrites(actor);
  const url = new URL(request.url);
  const mode = (url.searchParams.get("mode") ?? "preview") as OrgImportMode;
  if (!MODES.includes(mode))
    throw domainError(400, "参数 mode 应为 preview（预览）、apply（全部无误时导入）或 valid（只导入无误的行）。");
  checkUpload(bytes, url.searchParams.get("name") ?? "上传的文件.xlsx", "组织机构导入模板");
  const job = startJob(actor, "organisation", (progress, attach) => runOrgImport(actor, bytes, mode, progress, attach));
  return Response.json({ job: job.id, status: job.status, url: `/api/v1/jobs/${job.id}` }, { status: 202 });
}
