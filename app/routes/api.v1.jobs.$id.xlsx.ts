import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { buildWorkbook, sendOnce, workbookResponse } from "~/server/spreadsheets/workbook.server";
import { domainError } from "~/server/platform/http.server";
import type { ImpactReport } from "~/server/analysis/impact.server";
import { getJob, takeJobFile } from "~/server/platform/jobs.server";
import { recordExport } from "~/server/audit/audit.server";

/**
 * GET: a finished job's Excel file — an impact analysis (changed branches, the transition matrix and what was
 * compared), a 台账 export or an organisation import's 账号分发表 (both sent once: deleted after the download).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const job = getJob(actor, params.id!);
  if (job.kind !== "impact" && job.kind !== "ledger" && job.kind !== "organisation")
    throw domainError(404, "该任务没有可下载的 Excel 文件。");
  if (job.status !== "done")
    throw domainError(409, job.status === "running" ? "任务尚未完成，请稍后再下载。" : (job.error ?? "任务失败。"));
  if (job.kind === "ledger" || job.kind === "organisation") {
    // The 台账 and the 账号分发表 (one-time passwords) are sent once and then deleted from the server.
    const file = takeJobFile(actor, job.id);
    return sendOnce(file, job.kind === "ledger" ? "党支部评定台账.xlsx" : "账号分发表.xlsx");
  }
  const report = job.result as ImpactReport;
  recordExport(actor, "impact", `${report.a.ref} ↔ ${report.b.ref}`, report.filter.region, {
    branches: report.branches.length,
  });
  const title = new Map(report.grades.map((g) => [g.id, g.title]));
  const workbook = buildWorkbook([
    {
      name: "等次变化的支部",
      columns: [
        { header: "支部", key: "branchName", width: 36 },
        { header: "所属区域", key: "regionName", width: 14 },
        { header: "年度", key: "year", width: 8 },
        { header: "原等次", key: "from", width: 14 },
        { header: "新等次", key: "to", width: 14 },
        { header: "原得分", key: "scoreA", width: 10 },
        { header: "新得分", key: "scoreB", width: 10 },
        { header: "分差", key: "delta", width: 10 },
      ],
      rows: report.branches.map((b) => ({ ...b, from: title.get(b.from) ?? b.from, to: title.get(b.to) ?? b.to })),
    },
    {
      name: "等次变化矩阵",
      columns: [
        { header: "原等次 \\ 新等次", key: "from", width: 18 },
        ...report.grades.map((g) => ({ header: g.title, key: g.id, width: 14 })),
      ],
      rows: report.grades.map((from) => ({
        from: from.title,
        ...Object.fromEntries(
          report.grades.map((to) => [
            to.id,
            report.transitions.find((t) => t.from === from.id && t.to === to.id)?.count ?? 0,
          ]),
        ),
      })),
    },
    {
      name: "说明",
      columns: [
        { header: "项目", key: "k", width: 16 },
        { header: "内容", key: "v", width: 60 },
      ],
      rows: [
        { k: "方案A", v: `${report.a.label} ${report.a.ref}` },
        { k: "方案B", v: `${report.b.label} ${report.b.ref}` },
        {
          k: "范围",
          v: `${report.filter.regionName}${report.filter.year ? ` · ${report.filter.year} 年度` : " · 全部年度"}`,
        },
        { k: "重新评分的申报", v: report.total },
        { k: "等次变化", v: report.changed },
        { k: "得分变化", v: report.scoreChanged },
      ],
    },
  ]);
  return workbookResponse(workbook, `影响分析-${report.a.ref}-对比-${report.b.ref}.xlsx`.replaceAll("/", "_"));
}
