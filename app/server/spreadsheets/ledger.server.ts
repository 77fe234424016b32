import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { recordExport } from "../audit/audit.server";
import ExcelJS from "exceljs";
import { safeRow, streamedWorkbook } from "./workbook.server";
import type { MaterialCounts, Result } from "~/engine/types";
import { domainTitle } from "~/utils/domains";
import { PUBLICITY_STATUS_TITLES, statusTitle } from "~/utils/labels";
import { publicityStatuses } from "../cycle/publicity.server";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { timeSlicer, type Progress } from "../platform/jobs.server";
import { inRegionTree, regionName } from "../regions/regions.server";
import { standardByRevisionId } from "../rulesets/standards.server";
import { countedRating, reviewsBySubmission } from "../submissions/repository.server";

/**
 * The 台账: every evaluated branch of the region (and domain) in the year with its indicator scores, vetoes, unmet
 * requirements, counted grade and rule-set revision — one sheet per domain — written as a stream to a file.
 */
/** A submission's evidence in three numbers: files sent, and of them 合格 and 不合格 so far. */
function evidenceTotals(counts: MaterialCounts | null) {
  const all = Object.values(counts ?? {});
  const sum = (key: "uploaded" | "accepted" | "rejected") => all.reduce((n, c) => n + c[key], 0);
  return { evidence: sum("uploaded"), evidenceAccepted: sum("accepted"), evidenceRejected: sum("rejected") };
}

export async function exportLedger(
  actor: Actor,
  filter: { region: string; domain?: string; year: number },
  progress: Progress,
): Promise<{ file: string; rows: number }> {
  authorize(actor, { action: "region.read", regionCode: filter.region }, `区域 ${filter.region} 的台账`);
  const db = getDb();
  const scope = and(
    eq(schema.submissions.year, filter.year),
    inRegionTree(schema.submissions.regionCode, filter.region),
    filter.domain ? eq(schema.submissions.domain, filter.domain) : undefined,
  );
  const total = db
    .select({ id: schema.submissions.id })
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(scope)
    .all().length;
  const { file, workbook } = streamedWorkbook("ledger.xlsx");
  const sheets = new Map<string, ExcelJS.Worksheet>();
  const sheetFor = (domain: string, indicators: { id: string; title: string }[]) => {
    let sheet = sheets.get(domain);
    if (sheet) return sheet;
    sheet = workbook.addWorksheet(domainTitle(domain).replace(/[\\/?*[\]:]/g, "、"), {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    sheet.columns = [
      { header: "支部名称", key: "branch", width: 32 },
      { header: "所属区域", key: "region", width: 12 },
      { header: "状态", key: "status", width: 10 },
      { header: "评定等次", key: "grade", width: 14 },
      { header: "公示", key: "publicity", width: 10 },
      { header: "规则给出的等次", key: "ruleGrade", width: 14 },
      { header: "总分", key: "score", width: 8 },
      ...indicators.map((i) => ({ header: i.title, key: `i:${i.id}`, width: 12 })),
      { header: "负面情形", key: "vetoes", width: 40 },
      { header: "未达要求", key: "unmet", width: 40 },
      { header: "预警", key: "flags", width: 30 },
      { header: "佐证材料（份）", key: "evidence", width: 14 },
      { header: "其中合格", key: "evidenceAccepted", width: 10 },
      { header: "其中不合格", key: "evidenceRejected", width: 10 },
      { header: "评价标准版本", key: "ruleset", width: 40 },
    ];
    sheet.getRow(1).font = { bold: true };
    sheets.set(domain, sheet);
    return sheet;
  };
  const standards = new Map<number, ReturnType<typeof standardByRevisionId>>();
  let lastId = 0;
  let done = 0;
  const pause = timeSlicer();
  progress(0, total);
  for (;;) {
    await pause();
    const page = db
      .select({ submission: schema.submissions, branch: schema.branches })
      .from(schema.submissions)
      .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
      .where(and(scope, gt(schema.submissions.id, lastId)))
      .orderBy(asc(schema.submissions.id))
      .limit(500)
      .all();
    if (!page.length) break;
    const ids = page.map((p) => p.submission.id);
    const latest = new Map<number, { result: Result; rulesetRevisionId: number; materials: MaterialCounts | null }>();
    for (const e of db
      .select({
        submissionId: schema.submissionRevisions.submissionId,
        result: schema.evaluations.result,
        rulesetRevisionId: schema.evaluations.rulesetRevisionId,
        materials: schema.evaluations.materials,
      })
      .from(schema.evaluations)
      .innerJoin(schema.submissionRevisions, eq(schema.submissionRevisions.id, schema.evaluations.submissionRevisionId))
      .where(inArray(schema.submissionRevisions.submissionId, ids))
      .orderBy(asc(schema.evaluations.id))
      .all())
      latest.set(e.submissionId, {
        result: e.result,
        rulesetRevisionId: e.rulesetRevisionId,
        materials: e.materials,
      });
    const reviews = reviewsBySubmission(ids, db);
    const publicity = publicityStatuses(ids);
    for (const { submission, branch } of page) {
      await pause();
      const evaluation = latest.get(submission.id);
      if (!evaluation) continue;
      const standard =
        standards.get(evaluation.rulesetRevisionId) ?? standardByRevisionId(evaluation.rulesetRevisionId);
      standards.set(evaluation.rulesetRevisionId, standard);
      const result = evaluation.result;
      const grade = countedRating(reviews.get(submission.id) ?? []);
      sheetFor(submission.domain, standard.ruleset.indicators)
        .addRow(
          safeRow({
            branch: branch.name,
            region: regionName(submission.regionCode),
            status: statusTitle(submission.status),
            grade: grade ? (standard.ruleset.grades.find((g) => g.id === grade.gradeId)?.title ?? grade.gradeId) : "",
            publicity: grade ? PUBLICITY_STATUS_TITLES[publicity.get(submission.id) ?? "none"] : "",
            ruleGrade: result.grade.title,
            score: result.score,
            ...Object.fromEntries(result.indicators.map((i) => [`i:${i.id}`, i.score])),
            vetoes: result.vetoes.map((v) => v.message).join("；"),
            unmet: result.unmet.map((u) => u.message).join("；"),
            flags: result.flags.map((f) => f.message).join("；"),
            ...evidenceTotals(evaluation.materials),
            ruleset: `${standard.ruleset.title}（第 ${standard.revision.revision} 版）`,
          }),
        )
        .commit();
    }
    lastId = ids.at(-1)!;
    done += page.length;
    progress(done, total);
  }
  if (!sheets.size) sheetFor(filter.domain ?? "village", []);
  await workbook.commit();
  recordExport(actor, "ledger", [filter.region, filter.year, filter.domain].filter(Boolean).join("/"), filter.region, {
    rows: done,
  });
  return { file, rows: done };
}
