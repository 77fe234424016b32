import { listFields } from "~/engine/forms";
import { getPath } from "~/engine/path";
import type { FormSchema } from "~/engine/types";
import { answerFields, answerText } from "~/utils/answers";
import { formatDate } from "~/utils/format";
import { statusTitle } from "~/utils/labels";
import { citationText } from "~/utils/sources";
import { recordExport } from "../audit/audit.server";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { fileStore } from "../evidence/storage.server";
import { zipStream, type ZipEntry } from "../evidence/zip.server";
import { domainError } from "../platform/http.server";
import { getSubmission } from "./repository.server";
import { submissionView } from "./view.server";

const DECISION_TITLES = { accepted: "合格", rejected: "不合格" } as const;

/** A name safe inside the zip: no path separators or control characters. */
// eslint-disable-next-line no-control-regex -- replacing control characters is the point
const safeName = (name: string) => name.replace(/[/\\\u0000-\u001f]/g, "_");

/**
 * The 评定 package of one submission as one .zip: 评定表.txt (the branch, the standard, the grade and why, every answer
 * by its title, the evidence with its marks), the answers and the Result as JSON for archives, and every file marked
 * 合格 under 佐证材料/<material>/. Streamed; audited as an export.
 */
export function submissionPackage(actor: Actor, submissionId: number) {
  const submission = getSubmission(submissionId);
  authorize(
    actor,
    { action: "submission.read", regionCode: submission.regionCode, branchId: submission.branchId },
    `申报 ${submissionId}`,
  );
  const view = submissionView(actor, submissionId);
  const { result, standard, branch } = view;
  const materials = standard.ruleset.materials ?? [];
  const titleOf = (id: string) => materials.find((m) => m.id === id)?.title ?? "佐证材料";
  const lines = [
    `${branch.name} ${view.submission.year} 年度“最强党支部”评定材料`,
    "",
    `所属区域：${branch.regionName}`,
    `评价标准：${standard.title}（第 ${standard.revision} 版，${formatDate(standard.publishedAt)} 发布）`,
    `申报版本：第 ${view.submission.revision} 版（${formatDate(view.submission.submittedAt)}）`,
    `状态：${statusTitle(view.submission.status)}`,
    `评定等次：${view.counted ? `${view.counted.gradeTitle}（${view.counted.regionName}评定）` : "尚未评定"}`,
    `按规则计算的等次：${result.grade.title}，总分 ${result.score} / ${result.maxScore}`,
    ...result.indicators.map((i) => `  ${i.title}：${i.score} / ${i.max}`),
    `负面情形：${result.vetoes.map((v) => v.message).join("；") || "无"}`,
    `未达到的要求：${result.unmet.map((u) => u.message).join("；") || "无"}`,
    "",
    "填报内容：",
    ...answerFields(listFields(view.branchForm.schema as FormSchema)).map(
      (f) => `  ${f.title}：${answerText(f, getPath(view.data, f.path))}`,
    ),
    "",
    "佐证材料：",
    ...(view.evidence.length
      ? view.evidence.map(
          (f) =>
            `  ${titleOf(f.materialId)} · ${f.name} · ${f.decision ? DECISION_TITLES[f.decision] : "待评定"}${f.reason ? `（${f.reason}）` : ""}`,
        )
      : ["  无"]),
    "",
    "评定依据：",
    ...[...new Set(result.unmet.concat(result.vetoes).flatMap((i) => (i.source ? [citationText(i.source)] : [])))].map(
      (s) => `  ${s}`,
    ),
  ];
  const store = fileStore();
  const accepted = view.evidence.filter((f) => f.decision === "accepted");
  for (const f of accepted)
    if (!store.has(f.sha256)) throw domainError(500, `佐证材料“${f.name}”的文件缺失，请联系管理员。`);
  const entries: ZipEntry[] = [
    { name: "评定表.txt", content: () => new TextEncoder().encode(lines.join("\r\n") + "\r\n") },
    { name: "申报内容.json", content: () => new TextEncoder().encode(JSON.stringify(view.data, null, 2)) },
    { name: "评定结果.json", content: () => new TextEncoder().encode(JSON.stringify(result, null, 2)) },
    ...accepted.map((f, i) => ({
      name: `佐证材料/${safeName(titleOf(f.materialId))}/${i + 1}-${safeName(f.name)}`,
      content: () => store.open(f.sha256)!,
    })),
  ];
  recordExport(actor, "package", String(submissionId), submission.regionCode, {
    branch: branch.name,
    year: view.submission.year,
    files: accepted.length,
  });
  return { stream: zipStream(entries), fileName: `${safeName(branch.name)}-${view.submission.year}-评定材料.zip` };
}
