import type { ActionFunctionArgs } from "@remix-run/node";
import { authorize, requireApiActor, throttleWrites } from "~/server/auth/access.server";
import { domainError, readBodyBytes, requireSameOrigin } from "~/server/platform/http.server";
import { startJob } from "~/server/platform/jobs.server";
import { checkUpload, importWorkbook, MAX_IMPORT_BYTES, TEMPLATE_HEADER } from "~/server/spreadsheets/import.server";
import { openFirstSheet } from "~/server/spreadsheets/sheet-reader.server";
import { defaultStatsYear } from "~/utils/years";
import { parseYear } from "~/server/platform/validation.server";

/**
 * POST ?year=&mode=draft|submit&name=file.xlsx (extension), body: the xlsx bytes → 202 with a job whose result is
 * the import report. Over 10 MB: 413 (reading stops at the limit); not xlsx: 415; more inside than `XLSX_LIMITS`
 * allows: 413; not the template: 422 — all before the job starts.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") throw domainError(405, "不支持的请求方法：请用 POST。");
  const bytes = await readBodyBytes(request, MAX_IMPORT_BYTES, "文件");
  requireSameOrigin(request);
  const actor = await requireApiActor(request);
  authorize(actor, { action: "submission.import", regionCode: actor.regionCode }, "导入申报");
  throttleWrites(actor);
  const url = new URL(request.url);
  const year = parseYear(url.searchParams.get("year"), "year", defaultStatsYear());
  const mode = url.searchParams.get("mode") ?? "draft";
  if (mode !== "draft" && mode !== "submit")
    throw domainError(400, "参数 mode 应为 draft（存为草稿）或 submit（直接申报）。");
  checkUpload(bytes, url.searchParams.get("name") ?? "上传的文件.xlsx");
  const sheet = await openFirstSheet(bytes, TEMPLATE_HEADER);
  const job = startJob(actor, "import", (progress) => importWorkbook(actor, sheet, { year, mode }, progress));
  return Response.json({ job: job.id, status: job.status, url: `/api/v1/jobs/${job.id}` }, { status: 202 });
}
