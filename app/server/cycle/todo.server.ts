/**
 * Everyone's to-do list (`GET /api/v1/todo`, the home page): what the signed-in user has to do now, most urgent
 * first — overdue, then due within a week, then the rest, each by its date.
 */
import { and, count, eq, isNull } from "drizzle-orm";
import { todayInChina } from "~/utils/format";
import type { Actor } from "../auth/session.server";
import { workingFiles } from "../evidence/evidence.server";
import { getDb, schema } from "../platform/db.server";
import { getBranch } from "../regions/branches.server";
import { inRegionTree } from "../regions/regions.server";
import { getDraft, submissionFor } from "../submissions/repository.server";
import { submissionProgress } from "../analysis/stats.server";
import { calendarFor, submissionWindow } from "./calendar.server";
import { publicitiesOf, unpublishedCount } from "./publicity.server";
import { weakCasesOf } from "./weak.server";

export type Urgency = "overdue" | "soon" | "normal";
export type TodoItem = { title: string; detail?: string; due: string | null; urgency: Urgency; link: string };

const RANK: Record<Urgency, number> = { overdue: 0, soon: 1, normal: 2 };
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const urgencyOf = (due: string | null, today: string): Urgency =>
  due === null ? "normal" : due < today ? "overdue" : daysBetween(today, due) <= 7 ? "soon" : "normal";

/** The years a to-do list looks at: last year (rated this year) and this one. */
const workingYears = (today: string) => [Number(today.slice(0, 4)) - 1, Number(today.slice(0, 4))];

function branchTodo(actor: Actor, today: string): TodoItem[] {
  if (actor.branchId === null) return [];
  const branch = getBranch(actor.branchId);
  const items: TodoItem[] = [];
  for (const year of workingYears(today)) {
    const key = { branchId: branch.id, domain: branch.domain, year };
    const submission = submissionFor(key);
    const window = submissionWindow(branch.id, branch.regionCode, year, today);
    const deadline = window.calendar?.submitDeadline ?? null;
    if (!submission && (window.calendar || getDraft(branch.id, branch.domain, year)))
      items.push({
        title: `填写并申报 ${year} 年度党支部建设评价`,
        detail: deadline
          ? window.reopenedUntil
            ? `申报已截止，已为本支部重新开放至 ${window.reopenedUntil}`
            : `申报截止 ${deadline}（${window.calendar!.regionName}规定）`
          : "已开始填写，尚未申报",
        due: window.reopenedUntil ?? deadline,
        urgency: urgencyOf(window.reopenedUntil ?? deadline, today),
        link: `/fill/${year}`,
      });
    if (submission?.status === "returned")
      items.push({
        title: `${year} 年度申报被退回修改`,
        detail: "按评定单位的意见修改后重新申报",
        due: today,
        urgency: "soon",
        link: `/fill/${year}`,
      });
    for (const file of workingFiles(key).filter((f) => f.decision === "rejected"))
      items.push({
        title: `佐证材料不合格：${file.name}`,
        detail: file.reason ? `原因：${file.reason}；请撤回后重新上传` : "请撤回后重新上传",
        due: null,
        urgency: submission?.status === "returned" ? "soon" : "normal",
        link: `/fill/${year}`,
      });
  }
  const month = today.slice(0, 7);
  for (const c of weakCasesOf(actor, branch.regionCode))
    if (c.stage === "confirmed")
      items.push({
        title: "制定软弱涣散整顿方案",
        detail: `${c.year} 年度认定：${c.reasons.join("、")}`,
        due: null,
        urgency: "soon",
        link: `/weak/${c.id}`,
      });
    else if (c.reportDue)
      items.push({
        title: `报送 ${month} 整顿进展`,
        detail: c.deadline ? `整改时限 ${c.deadline}` : undefined,
        due: `${month}-28`,
        urgency: urgencyOf(`${month}-28`, today),
        link: `/weak/${c.id}`,
      });
  return items;
}

function reviewerTodo(actor: Actor, today: string): TodoItem[] {
  const db = getDb();
  const items: TodoItem[] = [];
  for (const year of workingYears(today)) {
    const waiting = db
      .select({ n: count() })
      .from(schema.submissions)
      .where(
        and(
          inRegionTree(schema.submissions.regionCode, actor.regionCode),
          eq(schema.submissions.year, year),
          eq(schema.submissions.status, "submitted"),
        ),
      )
      .get()!.n;
    const deadline = calendarFor(actor.regionCode, year)?.reviewDeadline ?? null;
    if (waiting)
      items.push({
        title: `${waiting} 份 ${year} 年度申报待评定`,
        detail: deadline ? `评定截止 ${deadline}` : undefined,
        due: deadline,
        urgency: urgencyOf(deadline, today),
        link: `/review?year=${year}&status=submitted`,
      });
  }
  const open = db
    .select({ objection: schema.objections, item: schema.publicityItems, publicity: schema.publicities })
    .from(schema.objections)
    .innerJoin(schema.publicityItems, eq(schema.publicityItems.id, schema.objections.itemId))
    .innerJoin(schema.publicities, eq(schema.publicities.id, schema.publicityItems.publicityId))
    .innerJoin(schema.submissions, eq(schema.submissions.id, schema.publicityItems.submissionId))
    .where(and(isNull(schema.objections.resolvedAt), inRegionTree(schema.submissions.regionCode, actor.regionCode)))
    .all();
  for (const { objection, item, publicity } of open)
    items.push({
      title: `公示异议待处理：${item.branchName}`,
      detail: objection.content,
      due: publicity.endsOn,
      urgency: urgencyOf(publicity.endsOn, today),
      link: `/publicity?id=${publicity.id}`,
    });
  for (const c of weakCasesOf(actor, actor.regionCode)) {
    if (c.stage === "rectifying" && c.deadline && daysBetween(today, c.deadline) <= 7)
      items.push({
        title: `考核验收：${c.branchName}`,
        detail: `整改时限 ${c.deadline}，已报送 ${c.reports} 次进展`,
        due: c.deadline,
        urgency: urgencyOf(c.deadline, today),
        link: `/weak/${c.id}`,
      });
    if (c.stage === "accepted")
      items.push({
        title: `销号：${c.branchName}`,
        detail: "考核验收已通过",
        due: null,
        urgency: "normal",
        link: `/weak/${c.id}`,
      });
  }
  return items;
}

function adminTodo(actor: Actor, today: string): TodoItem[] {
  const items: TodoItem[] = [];
  for (const year of workingYears(today)) {
    const calendar = calendarFor(actor.regionCode, year);
    if (calendar) {
      const { waiting, children } = submissionProgress(actor, { region: actor.regionCode, year });
      for (const child of children.filter((c) => c.overdue))
        items.push({
          title: `${child.name}有 ${child.overdue} 个党支部逾期未申报`,
          detail: `${year} 年度申报已截止`,
          due: calendar.submitDeadline,
          urgency: "overdue",
          link: `/stats?region=${child.code}&year=${year}`,
        });
      if (waiting && daysBetween(today, calendar.submitDeadline) <= 7)
        items.push({
          title: `催报：${waiting} 个党支部尚未申报 ${year} 年度评价`,
          detail: `申报截止 ${calendar.submitDeadline}；催报名单可导出为 Excel（含书记及联系电话）`,
          due: calendar.submitDeadline,
          urgency: urgencyOf(calendar.submitDeadline, today),
          link: `/api/v1/exports/reminders?region=${actor.regionCode}&year=${year}`,
        });
    }
    const unpublished = unpublishedCount(actor.regionCode, year);
    if (unpublished)
      items.push({
        title: `${unpublished} 个 ${year} 年度评定结果待公示`,
        detail: "公示期满且无异议后，结果才计入统计",
        due: calendar?.reviewDeadline ?? null,
        urgency: urgencyOf(calendar?.reviewDeadline ?? null, today),
        link: `/publicity?year=${year}`,
      });
    for (const p of publicitiesOf(actor, actor.regionCode, year).filter((p) => p.state === "ended"))
      items.push({
        title: `结束公示：${p.title}`,
        detail: p.openObjections ? `公示期已满，尚有 ${p.openObjections} 条异议未处理` : "公示期已满，无未处理的异议",
        due: p.endsOn,
        urgency: "soon",
        link: `/publicity?year=${year}&id=${p.id}`,
      });
  }
  return items;
}

export function todoFor(actor: Actor, today = todayInChina()): TodoItem[] {
  const items =
    actor.role === "branch"
      ? branchTodo(actor, today)
      : actor.role === "reviewer"
        ? reviewerTodo(actor, today)
        : [...adminTodo(actor, today), ...reviewerTodo(actor, today).filter((i) => i.title.startsWith("公示异议"))];
  return items.sort((a, b) => RANK[a.urgency] - RANK[b.urgency] || (a.due ?? "9999").localeCompare(b.due ?? "9999"));
}
