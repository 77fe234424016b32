/**
 * 软弱涣散 (000 第二十二条: “以旗县为单位全面排查，因村施策、逐个整顿、考核验收、销号管理”): candidates from the
 * rules' flags, the lowest grade and branches that did not submit; reviewers confirm a branch with the reasons; then
 * a 整顿 plan, monthly progress reports by the branch with evidence, 考核验收 by the region, and 销号. Nothing is
 * changed once written: a case's stage is read from its events. Next year's context facts come from these records.
 */
import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { todayInChina } from "~/utils/format";
import type { WeakStage } from "~/utils/labels";
import { recordAudit } from "../audit/audit.server";
import { authorize, can } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { storeUpload, type Upload } from "../evidence/upload.server";
import { getDb, preparedOnce, schema, type DB } from "../platform/db.server";
import { domainError, notFound } from "../platform/http.server";
import { activeBranch, getBranch } from "../regions/branches.server";
import { getRegion, inRegionTree, regionName, regionsWithin } from "../regions/regions.server";
import { standardByRevisionId } from "../rulesets/standards.server";
import { countedRating, reviewsBySubmission } from "../submissions/repository.server";
import { settingsFor } from "./settings.server";

export type PlanInput = {
  problems: string;
  measures: string;
  responsible: string;
  firstSecretary?: string;
  deadline: string;
};
export type ReportInput = { month: string; progress: string };
export type AcceptanceInput = { result: "passed" | "not_yet"; findings: string };

const REPORT_FILES = {
  title: "整顿进展材料",
  accept: ["pdf", "jpg", "png", "docx", "xlsx"] as ("pdf" | "jpg" | "png" | "docx" | "xlsx")[],
  maxFiles: 10,
  maxSizeMB: 20,
};

type CaseRow = typeof schema.weakCases.$inferSelect;
type EventRow = typeof schema.weakCaseEvents.$inferSelect;

/** A case's stage and what is due, read from its events (the latest plan and acceptance count). */
function stateOf(events: EventRow[], today = todayInChina()) {
  const latest = (kind: EventRow["kind"]) => [...events].reverse().find((e) => e.kind === kind);
  const plan = latest("plan");
  const acceptance = latest("acceptance");
  const closure = latest("closure");
  const reports = events.filter((e) => e.kind === "report");
  const stage: WeakStage = closure
    ? "closed"
    : acceptance?.data.result === "passed"
      ? "accepted"
      : plan
        ? "rectifying"
        : "confirmed";
  const deadline = plan ? String(plan.data.deadline) : null;
  const month = today.slice(0, 7);
  return {
    stage,
    plan: plan?.data as PlanInput | undefined,
    deadline,
    overdue: stage !== "closed" && stage !== "accepted" && deadline !== null && deadline < today,
    reportDue: stage === "rectifying" && !reports.some((r) => r.data.month === month),
    reports: reports.length,
    closedOn: closure ? String(closure.data.closedOn) : null,
  };
}

function eventsOf(caseIds: number[], db: Pick<DB, "select"> = getDb()) {
  const byCase = new Map<number, EventRow[]>();
  for (let i = 0; i < caseIds.length; i += 500)
    for (const e of db
      .select()
      .from(schema.weakCaseEvents)
      .where(inArray(schema.weakCaseEvents.caseId, caseIds.slice(i, i + 500)))
      .orderBy(asc(schema.weakCaseEvents.id))
      .all())
      byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  return byCase;
}

/** The case, if the actor may see it: managers in scope, and the branch itself. */
function caseRow(actor: Actor, id: number): CaseRow {
  const row = getDb().select().from(schema.weakCases).where(eq(schema.weakCases.id, id)).get();
  if (!row || !can(actor, { action: "submission.read", regionCode: row.regionCode, branchId: row.branchId }))
    throw notFound(`软弱涣散整顿记录 ${id}`);
  return row;
}

const requireManager = (actor: Actor, row: CaseRow, what: string) =>
  authorize(actor, { action: "weak.manage", regionCode: row.regionCode }, what);

/**
 * 排查: the branches of a region's scope worth a look for a year — rated the standard's lowest grade, flagged by the
 * rules (软弱涣散 signals), or not submitted — each with why; those already confirmed for the year are left out.
 */
export function weakCandidates(actor: Actor, region: string, year: number) {
  authorize(actor, { action: "weak.manage", regionCode: region }, "该区域的软弱涣散排查");
  const db = getDb();
  const confirmed = new Set(
    db
      .select({ branchId: schema.weakCases.branchId })
      .from(schema.weakCases)
      .where(and(inRegionTree(schema.weakCases.regionCode, region), eq(schema.weakCases.year, year)))
      .all()
      .map((r) => r.branchId),
  );
  const submissions = db
    .select({ submission: schema.submissions, branch: schema.branches })
    .from(schema.submissions)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(and(inRegionTree(schema.submissions.regionCode, region), eq(schema.submissions.year, year)))
    .all();
  const ids = submissions.map((s) => s.submission.id);
  const reviews = reviewsBySubmission(ids, db);
  const evaluations = new Map<number, typeof schema.evaluations.$inferSelect>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const { evaluation, submissionId } of db
      .select({ evaluation: schema.evaluations, submissionId: schema.submissionRevisions.submissionId })
      .from(schema.evaluations)
      .innerJoin(schema.submissionRevisions, eq(schema.submissionRevisions.id, schema.evaluations.submissionRevisionId))
      .where(inArray(schema.submissionRevisions.submissionId, chunk))
      .orderBy(asc(schema.evaluations.id))
      .all())
      evaluations.set(submissionId, evaluation);
  }
  const candidates: { branchId: number; branchName: string; regionName: string; signals: string[] }[] = [];
  for (const { submission, branch } of submissions) {
    if (confirmed.has(branch.id)) continue;
    const signals: string[] = [];
    const evaluation = evaluations.get(submission.id);
    const grades = evaluation ? standardByRevisionId(evaluation.rulesetRevisionId).ruleset.grades : [];
    const rating = countedRating(reviews.get(submission.id) ?? []);
    const lowest = grades.at(-1);
    if (rating?.gradeId && lowest && rating.gradeId === lowest.id) signals.push(`评定为“${lowest.title}”`);
    for (const flag of evaluation?.result.flags ?? []) signals.push(flag.message);
    if (signals.length)
      candidates.push({
        branchId: branch.id,
        branchName: branch.name,
        regionName: regionName(submission.regionCode),
        signals,
      });
  }
  const submitted = new Set(submissions.map((s) => s.branch.id));
  for (const branch of db.select().from(schema.branches).where(inRegionTree(schema.branches.regionCode, region)).all())
    if (!branch.dissolvedAt && !submitted.has(branch.id) && !confirmed.has(branch.id))
      candidates.push({
        branchId: branch.id,
        branchName: branch.name,
        regionName: regionName(branch.regionCode),
        signals: [`${year} 年度未申报`],
      });
  return candidates;
}

/** Confirms a branch as 软弱涣散 for a year, with reasons from the region's list and a note; once per year. */
export function confirmWeak(actor: Actor, input: { branchId: number; year: number; reasons: string[]; note?: string }) {
  const branch = activeBranch(input.branchId);
  authorize(actor, { action: "weak.manage", regionCode: branch.regionCode }, "该支部的软弱涣散认定");
  const allowed = settingsFor(branch.regionCode).weakReasons;
  const unknown = input.reasons.filter((r) => !allowed.includes(r));
  if (!input.reasons.length || unknown.length)
    throw domainError(
      422,
      unknown.length ? `“${unknown.join("、")}”不在本区域的软弱涣散原因中。` : "请至少选择一项软弱涣散原因。",
      [{ path: "$.reasons", message: unknown.length ? "原因不在列表中" : "必选" }],
    );
  const db = getDb();
  const existing = db
    .select()
    .from(schema.weakCases)
    .where(and(eq(schema.weakCases.branchId, branch.id), eq(schema.weakCases.year, input.year)))
    .get();
  if (existing) throw domainError(409, `${branch.name}已认定为 ${input.year} 年度软弱涣散党组织。`);
  const id = db.transaction((tx) => {
    const row = tx
      .insert(schema.weakCases)
      .values({
        branchId: branch.id,
        year: input.year,
        regionCode: branch.regionCode,
        reasons: input.reasons,
        note: input.note?.trim() ?? "",
        confirmedBy: actor.id || null,
      })
      .returning()
      .get();
    recordAudit(tx, actor, {
      action: "weak.confirm",
      entityType: "weak",
      entityId: String(row.id),
      regionCode: branch.regionCode,
      after: { branch: branch.name, year: input.year, reasons: input.reasons, note: row.note },
    });
    return row.id;
  });
  return weakCase(actor, id);
}

function addEvent(actor: Actor, row: CaseRow, kind: EventRow["kind"], data: Record<string, unknown>) {
  const branch = getBranch(row.branchId);
  return getDb().transaction((tx) => {
    const event = tx
      .insert(schema.weakCaseEvents)
      .values({ caseId: row.id, kind, data, createdBy: actor.id || null })
      .returning()
      .get();
    recordAudit(tx, actor, {
      action: `weak.${kind}`,
      entityType: "weak",
      entityId: String(row.id),
      regionCode: row.regionCode,
      after: { branch: branch.name, ...data },
    });
    return event.id;
  });
}

const requireOpenCase = (row: CaseRow) => {
  if (stateOf(eventsOf([row.id]).get(row.id) ?? []).stage === "closed")
    throw domainError(409, "该支部已销号，整顿记录不能再添加。");
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A 整顿 plan (a later one replaces it): by the region's reviewers and admins, or the branch itself. */
export function addPlan(actor: Actor, caseId: number, input: PlanInput) {
  const row = caseRow(actor, caseId);
  if (!(actor.role === "branch" || can(actor, { action: "weak.manage", regionCode: row.regionCode })))
    throw domainError(403, "无权制定该支部的整顿方案。");
  requireOpenCase(row);
  const plan = {
    problems: input.problems.trim(),
    measures: input.measures.trim(),
    responsible: input.responsible.trim(),
    firstSecretary: input.firstSecretary?.trim() ?? "",
    deadline: input.deadline,
  };
  const missing = (["problems", "measures", "responsible"] as const).filter((k) => !plan[k]);
  if (missing.length)
    throw domainError(
      422,
      "整顿方案须写明存在问题、整改措施和责任人。",
      missing.map((k) => ({ path: `$.${k}`, message: "必填" })),
    );
  if (!DATE.test(plan.deadline) || plan.deadline < todayInChina())
    throw domainError(422, "整改时限须是今天或以后的日期。", [{ path: "$.deadline", message: "不能早于今天" }]);
  addEvent(actor, row, "plan", plan);
  return weakCase(actor, caseId);
}

/** A month's progress report, by the branch, once a plan exists; one per month. */
export function addReport(actor: Actor, caseId: number, input: ReportInput) {
  const row = caseRow(actor, caseId);
  authorize(actor, { action: "submission.write", branchId: row.branchId }, "该支部的整顿进展");
  requireOpenCase(row);
  const events = eventsOf([caseId]).get(caseId) ?? [];
  if (!events.some((e) => e.kind === "plan")) throw domainError(409, "请先制定整顿方案，再报送整顿进展。");
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month) || input.month > todayInChina().slice(0, 7))
    throw domainError(422, "月份应为本月或以前的月份（如 2026-11）。", [{ path: "$.month", message: "月份有误" }]);
  if (events.some((e) => e.kind === "report" && e.data.month === input.month))
    throw domainError(409, `${input.month} 的整顿进展已报送，可在该报告中补充材料。`);
  const progress = input.progress.trim();
  if (!progress) throw domainError(422, "请写明本月整顿进展。", [{ path: "$.progress", message: "必填" }]);
  addEvent(actor, row, "report", { month: input.month, progress });
  return weakCase(actor, caseId);
}

/** An evidence file of one monthly report, by the branch, while the case is open. */
export async function uploadReportFile(actor: Actor, caseId: number, reportId: number, upload: Upload) {
  const row = caseRow(actor, caseId);
  authorize(actor, { action: "submission.write", branchId: row.branchId }, "该支部的整顿进展");
  const db = getDb();
  const report = db.select().from(schema.weakCaseEvents).where(eq(schema.weakCaseEvents.id, reportId)).get();
  if (!report || report.caseId !== caseId || report.kind !== "report") throw notFound(`整顿进展报告 ${reportId}`);
  const count = () =>
    db
      .select({ id: schema.weakReportFiles.id })
      .from(schema.weakReportFiles)
      .where(eq(schema.weakReportFiles.eventId, reportId))
      .all().length;
  const full = () => {
    requireOpenCase(row);
    if (count() >= REPORT_FILES.maxFiles)
      throw domainError(409, `每份整顿进展报告最多 ${REPORT_FILES.maxFiles} 个材料。`);
  };
  const stored = await storeUpload(upload, REPORT_FILES, full);
  db.transaction((tx) => {
    full();
    tx.insert(schema.weakReportFiles)
      .values({ eventId: reportId, ...stored, uploadedBy: actor.id || null })
      .run();
  });
  return weakCase(actor, caseId);
}

/** 考核验收 by the region: 通过 or 暂未通过 with the findings, once at least one report is in. */
export function addAcceptance(actor: Actor, caseId: number, input: AcceptanceInput) {
  const row = caseRow(actor, caseId);
  requireManager(actor, row, "该支部的考核验收");
  requireOpenCase(row);
  const events = eventsOf([caseId]).get(caseId) ?? [];
  if (!events.some((e) => e.kind === "report")) throw domainError(409, "尚无整顿进展报告，不能考核验收。");
  const findings = input.findings.trim();
  if (!findings) throw domainError(422, "请写明验收意见。", [{ path: "$.findings", message: "必填" }]);
  addEvent(actor, row, "acceptance", { result: input.result, findings });
  return weakCase(actor, caseId);
}

/** 销号 with its date, only after a passed 验收 (the latest one), not before it and not in the future. */
export function closeWeak(actor: Actor, caseId: number, input: { closedOn: string }) {
  const row = caseRow(actor, caseId);
  requireManager(actor, row, "该支部的销号");
  requireOpenCase(row);
  const events = eventsOf([caseId]).get(caseId) ?? [];
  const acceptance = [...events].reverse().find((e) => e.kind === "acceptance");
  if (acceptance?.data.result !== "passed") throw domainError(409, "考核验收通过后才能销号。");
  const acceptedOn = new Date(acceptance.createdAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  if (!DATE.test(input.closedOn) || input.closedOn > todayInChina() || input.closedOn < acceptedOn)
    throw domainError(422, `销号日期须在验收通过（${acceptedOn}）之后、今天或以前。`, [
      { path: "$.closedOn", message: "日期有误" },
    ]);
  addEvent(actor, row, "closure", { closedOn: input.closedOn });
  return weakCase(actor, caseId);
}

/** One case in full: the branch, reasons, stage, plan, reports with their files, acceptances and 销号. */
export function weakCase(actor: Actor, id: number) {
  const row = caseRow(actor, id);
  const events = eventsOf([id]).get(id) ?? [];
  const files = events.length
    ? getDb()
        .select()
        .from(schema.weakReportFiles)
        .where(
          inArray(
            schema.weakReportFiles.eventId,
            events.map((e) => e.id),
          ),
        )
        .orderBy(asc(schema.weakReportFiles.id))
        .all()
    : [];
  const branch = getBranch(row.branchId);
  return {
    id: row.id,
    year: row.year,
    branch: { id: branch.id, name: branch.name },
    regionName: regionName(row.regionCode),
    reasons: row.reasons,
    note: row.note,
    confirmedAt: row.createdAt.getTime(),
    ...stateOf(events),
    manage: can(actor, { action: "weak.manage", regionCode: row.regionCode }),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      data: e.data,
      at: e.createdAt.getTime(),
      files: files
        .filter((f) => f.eventId === e.id)
        .map((f) => ({ id: f.id, sha256: f.sha256, name: f.name, kind: f.kind, size: f.size })),
    })),
  };
}

/** The cases of a region's scope (or a branch's own), newest first, with their stage. */
export function weakCasesOf(actor: Actor, region: string) {
  const db = getDb();
  const rows =
    actor.role === "branch"
      ? db
          .select()
          .from(schema.weakCases)
          .where(eq(schema.weakCases.branchId, actor.branchId ?? -1))
          .orderBy(desc(schema.weakCases.id))
          .all()
      : (authorize(actor, { action: "region.read", regionCode: region }, "该区域的软弱涣散整顿"),
        db
          .select()
          .from(schema.weakCases)
          .where(inRegionTree(schema.weakCases.regionCode, region))
          .orderBy(desc(schema.weakCases.id))
          .all());
  const events = eventsOf(rows.map((r) => r.id));
  const names = new Map<number, string>();
  return rows.map((row) => {
    if (!names.has(row.branchId)) names.set(row.branchId, getBranch(row.branchId).name);
    const state = stateOf(events.get(row.id) ?? []);
    return {
      id: row.id,
      year: row.year,
      branchName: names.get(row.branchId)!,
      regionCode: row.regionCode,
      regionName: regionName(row.regionCode),
      reasons: row.reasons,
      stage: state.stage,
      deadline: state.deadline,
      overdue: state.overdue,
      reportDue: state.reportDue,
      reports: state.reports,
      closedOn: state.closedOn,
    };
  });
}

/** The pipeline per child region: how many cases at each stage, and how many overdue. */
export function weakPipeline(actor: Actor, region: string) {
  const cases = weakCasesOf(actor, region);
  const root = getRegion(region);
  const depth = root ? root.path.split("/").length : 0;
  const children = regionsWithin(region).filter((r) => r.parentCode === region);
  const childOf = (code: string) => getRegion(code)?.path.split("/")[depth];
  const row = (code: string, name: string) => {
    const own = cases.filter((c) => c.regionCode === code || childOf(c.regionCode) === code);
    const count = (stage: WeakStage) => own.filter((c) => c.stage === stage).length;
    return {
      code,
      name,
      total: own.length,
      confirmed: count("confirmed"),
      rectifying: count("rectifying"),
      accepted: count("accepted"),
      closed: count("closed"),
      overdue: own.filter((c) => c.overdue).length,
    };
  };
  return {
    cases: cases.map((c) => ({ ...c, childCode: c.regionCode === region ? null : (childOf(c.regionCode) ?? null) })),
    byChild: children.map((c) => row(c.code, c.name)).filter((r) => r.total),
  };
}

/**
 * The context facts from these records for a year's evaluation: `weakLastYear` when the branch was confirmed
 * 软弱涣散 for the year before, `weakUnresolved` when a case of an earlier year has not been 销号.
 */
const earlierCasesQuery = preparedOnce((db) =>
  db
    .select()
    .from(schema.weakCases)
    .where(
      and(
        eq(schema.weakCases.branchId, sql.placeholder("branchId")),
        lt(schema.weakCases.year, sql.placeholder("year")),
      ),
    )
    .prepare(),
);

export function weakHistory(branchId: number, year: number) {
  const rows = earlierCasesQuery().all({ branchId, year });
  const events = eventsOf(rows.map((r) => r.id));
  return {
    weakLastYear: rows.some((r) => r.year === year - 1),
    weakUnresolved: rows.some((r) => stateOf(events.get(r.id) ?? []).stage !== "closed"),
  };
}

/** A report file with this content that the actor may see (the branch, and managers in the case's scope), if any. */
export function readableWeakReportFile(actor: Actor, sha256: string) {
  const rows = getDb()
    .select({ file: schema.weakReportFiles, weak: schema.weakCases })
    .from(schema.weakReportFiles)
    .innerJoin(schema.weakCaseEvents, eq(schema.weakCaseEvents.id, schema.weakReportFiles.eventId))
    .innerJoin(schema.weakCases, eq(schema.weakCases.id, schema.weakCaseEvents.caseId))
    .where(eq(schema.weakReportFiles.sha256, sha256))
    .all();
  return rows.find(({ weak }) =>
    can(actor, { action: "submission.read", regionCode: weak.regionCode, branchId: weak.branchId }),
  )?.file;
}
