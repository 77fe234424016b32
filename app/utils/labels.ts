import type { EventType } from "../engine/types";

/** What each rule effect is called and coloured wherever a person sees it: editor, trace, result, explanations. */
export const EVENT_TYPE_LABELS: Record<EventType, { title: string; color: string }> = {
  score: { title: "加分", color: "green" },
  deduct: { title: "扣分", color: "orange" },
  veto: { title: "负面情形（一票否决）", color: "red" },
  require: { title: "必备条件", color: "purple" },
  star: { title: "得星", color: "gold" },
  flag: { title: "预警", color: "volcano" },
};

/** An event type's title and colour; an unknown type shows as itself. */
export const eventTypeLabel = (type: string): { title: string; color: string } =>
  Object.hasOwn(EVENT_TYPE_LABELS, type) ? EVENT_TYPE_LABELS[type as EventType] : { title: type, color: "default" };

export const eventTypeTitle = (type: string): string => eventTypeLabel(type).title;

/**
 * Where a submission stands (`submissions.status`), plus `none` for a branch that has not filled in yet: one map
 * for the lists, the result page, the 台账 and the dashboards.
 */
export const STATUS_TITLES = {
  none: "未填报",
  draft: "草稿",
  submitted: "已申报",
  returned: "已退回",
  escalated: "已向上级申报",
  rated: "已评定",
  revoked: "已撤销",
} as const;
export type Status = keyof typeof STATUS_TITLES;

export const statusTitle = (status: string): string =>
  Object.hasOwn(STATUS_TITLES, status) ? STATUS_TITLES[status as Status] : status;

/** The standings a dashboard counts a branch's year in (an escalated submission counts as 已申报). */
export const BRANCH_STATUSES = [
  "none",
  "draft",
  "submitted",
  "returned",
  "rated",
  "revoked",
] as const satisfies readonly Status[];
export type BranchStatus = (typeof BRANCH_STATUSES)[number];

/** The two kinds of node in the organisation tree. */
export const REGION_KIND_TITLES = { admin: "行政区域", committee: "党(工)委" } as const;
export type RegionKind = keyof typeof REGION_KIND_TITLES;

/** The context facts the platform supplies (DESIGN.md §3), as explanations name them. */
export const CONTEXT_FIELDS: Record<string, { title: string; unit?: string }> = {
  "$.year": { title: "评定年度" },
  "$.region": { title: "所在区域" },
  "$.domain": { title: "所属领域" },
  "$.branch.ageYears": { title: "党支部组建年限", unit: "年" },
  "$.branch.memberCount": { title: "党支部党员人数", unit: "名" },
  "$.branch.establishedOn": { title: "党支部成立日期" },
  "$.history.lastGrade": { title: "上一年度的等次" },
  "$.history.weakLastYear": { title: "上一年度被评为后进（软弱涣散）" },
  "$.history.weakUnresolved": { title: "软弱涣散整顿尚未销号" },
  "$.today": { title: "今天的日期" },
};

/** Where a 软弱涣散 case stands: read from its events (app/server/cycle/weak.server.ts). */
export type WeakStage = "confirmed" | "rectifying" | "accepted" | "closed";
export const WEAK_STAGE_TITLES: Record<WeakStage, string> = {
  confirmed: "已认定，待制定方案",
  rectifying: "整顿中",
  accepted: "已验收，待销号",
  closed: "已销号",
};

/** Where a rated result stands in the 公示s (app/server/cycle/publicity.server.ts). */
export type PublicityStatus = "publicizing" | "objected" | "final";
export const PUBLICITY_STATUS_TITLES: Record<PublicityStatus | "none", string> = {
  none: "未公示",
  publicizing: "公示中",
  objected: "有异议",
  final: "已公示",
};
