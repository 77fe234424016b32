import { listFields } from "~/engine/forms";
import { canonicalJson, isPlainObject } from "~/engine/json";
import type { FormSchema } from "~/engine/types";
import { domainTitle } from "./domains";
import { REGION_KIND_TITLES, STATUS_TITLES, statusTitle, type RegionKind } from "./labels";
import { ROLE_TITLES, type Role } from "./roles";

export const AUDIT_PAGE_SIZE = 20;

export const AUDIT_ACTIONS: Record<string, string> = {
  "ruleset.saveDraft": "保存规则集草稿",
  "ruleset.publish": "发布规则集",
  "ruleset.rollback": "回滚规则集",
  "ruleset.import": "导入规则集",
  "form.import": "导入表单",
  "submission.submit": "申报",
  "submission.correct": "更正申报",
  "submission.rate": "评定",
  "submission.escalate": "向上级申报",
  "submission.revoke": "撤销等次",
  "submission.return": "退回修改",
  "evidence.review": "评定佐证材料",
  "spotcheck.draw": "随机抽查",
  "spotcheck.result": "记录抽查结果",
  "spotcheck.file": "上传检查材料",
  "calendar.set": "设定年度工作安排",
  "settings.set": "修改区域设置",
  "submission.reopen": "重新开放申报",
  "weak.confirm": "认定软弱涣散",
  "weak.plan": "制定整顿方案",
  "weak.report": "报送整顿进展",
  "weak.acceptance": "考核验收",
  "weak.closure": "销号",
  "publicity.open": "开始公示",
  "publicity.objection": "登记公示异议",
  "publicity.resolution": "处理公示异议",
  "publicity.close": "结束公示",
  "target.set": "设定年度目标",
  "target.clear": "清除年度目标",
  "submission.import": "导入申报",
  "user.login": "登录",
  "user.loginFailed": "登录失败",
  "user.create": "创建账号",
  "user.update": "修改账号",
  "user.disable": "停用账号",
  "user.enable": "恢复账号",
  "user.password": "设置新密码",
  "token.create": "生成 API 令牌",
  "token.revoke": "吊销 API 令牌",
  "export.ledger": "导出台账",
  "export.template": "下载填报模板",
  "export.impact": "导出影响分析",
  "export.reminders": "导出催报名单",
  "export.package": "下载评定材料包",
  "export.organisation": "导出组织机构",
  "export.accounts": "下载账号分发表",
  "region.create": "新增区域",
  "region.update": "修改区域",
  "region.move": "迁移区域",
  "region.retire": "撤销区域",
  "branch.create": "新建支部",
  "branch.update": "修改支部",
  "branch.move": "迁移支部",
  "branch.merge": "合并支部",
  "branch.dissolve": "撤销支部",
  "organisation.import": "导入组织机构",
};

const same = (x: unknown, y: unknown) => canonicalJson(x ?? null) === canonicalJson(y ?? null);
const record = (v: unknown): Record<string, unknown> => (isPlainObject(v) ? v : {});
const byId = (v: unknown) => new Map((Array.isArray(v) ? v : []).filter(isPlainObject).map((x) => [String(x.id), x]));

/** What the page knows of a rule set beyond one file: inherited params' titles and units, inherited rules' names. */
export type RulesetNames = {
  param(id: string): { title?: string; unit?: string } | undefined;
  rule(id: string): string | undefined;
};
const NO_NAMES: RulesetNames = { param: () => undefined, rule: () => undefined };

/** A param entry's value as people read it: the value of an override or the default of a definition, with the unit. */
function paramText(entry: unknown, unit: string | undefined): string {
  const value =
    isPlainObject(entry) && "value" in entry
      ? entry.value
      : isPlainObject(entry) && "default" in entry
        ? entry.default
        : entry;
  if (value === undefined) return "（沿用上级）";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (isPlainObject(value) || Array.isArray(value)) return "（一组设置）";
  return `${String(value)}${unit ? ` ${unit.replace(/\/年$/, "")}` : ""}`;
}

/** Every field a rule-set file adds to its form, by path, with its title. */
function formFields(content: Record<string, unknown>): Map<string, string> {
  const fields = new Map<string, string>();
  const walk = (node: unknown, path: string) => {
    for (const [key, child] of Object.entries(record(record(node).properties))) {
      fields.set(`${path}.${key}`, String(record(child).title ?? key));
      walk(child, `${path}.${key}`);
    }
  };
  for (const [section, schema] of Object.entries(record(record(content.form).extend))) {
    fields.set(`$.${section}`, String(record(schema).title ?? section));
    walk(schema, `$.${section}`);
  }
  return fields;
}

function keyed(label: string, before: unknown, after: unknown, name: (x: Record<string, unknown>) => string): string[] {
  const [a, b] = [byId(before), byId(after)];
  return [
    ...[...b.keys()].filter((id) => !a.has(id)).map((id) => `新增${label}「${name(b.get(id)!)}」`),
    ...[...a.keys()].filter((id) => !b.has(id)).map((id) => `删除${label}「${name(a.get(id)!)}」`),
    ...[...a.keys()]
      .filter((id) => b.has(id) && !same(a.get(id), b.get(id)))
      .map((id) => `修改${label}「${name(b.get(id)!)}」`),
  ];
}

/** The other top-level keys of a rule-set file, as people call them. */
const RULESET_KEYS: Record<string, string> = {
  description: "说明",
  source: "依据",
  effective: "适用年度",
  extends: "上级标准",
  computed: "计算值",
  conditions: "共用条件",
  region: "区域",
  domain: "领域",
  id: "编号",
  $schema: "格式声明",
};

/**
 * A rule-set file's change as sentences: params by their titles with values and units, rules, grades and
 * indicators by their names, form fields by their titles — never an id or a path.
 */
export function describeRulesetChange(
  beforeValue: unknown,
  afterValue: unknown,
  names: RulesetNames = NO_NAMES,
): string[] {
  const before = record(beforeValue);
  const after = record(afterValue);
  if (!isPlainObject(beforeValue)) return ["新建（此前没有内容）"];
  const lines: string[] = [];
  if (!same(before.title, after.title))
    lines.push(`标题：“${String(before.title ?? "")}”改为“${String(after.title ?? "")}”`);
  const params = [...new Set([...Object.keys(record(before.params)), ...Object.keys(record(after.params))])];
  for (const id of params) {
    const [x, y] = [record(before.params)[id], record(after.params)[id]];
    if (same(x, y)) continue;
    const own = record(isPlainObject(y) && "type" in y ? y : x);
    const known = names.param(id);
    const title = (typeof own.title === "string" ? own.title : undefined) ?? known?.title ?? "未命名参数";
    const unit = (typeof own.unit === "string" ? own.unit : undefined) ?? known?.unit;
    lines.push(`参数「${title}」：${paramText(x, unit)} → ${paramText(y, unit)}`);
  }
  lines.push(
    ...keyed("规则", before.rules, after.rules, (r) => String(r.name ?? names.rule(String(r.id)) ?? "未命名规则")),
  );
  const [da, db] = [new Set((before.disable as string[]) ?? []), new Set((after.disable as string[]) ?? [])];
  const ruleName = (id: string) => `「${names.rule(id) ?? id}」`;
  lines.push(
    ...[...db].filter((x) => !da.has(x)).map((x) => `停用上级规则${ruleName(x)}`),
    ...[...da].filter((x) => !db.has(x)).map((x) => `恢复上级规则${ruleName(x)}`),
  );
  lines.push(...keyed("等次", before.grades, after.grades, (g) => String(g.title ?? "未命名等次")));
  lines.push(...keyed("指标", before.indicators, after.indicators, (i) => String(i.title ?? "未命名指标")));
  const [fa, fb] = [formFields(before), formFields(after)];
  lines.push(
    ...[...fb].filter(([p]) => !fa.has(p)).map(([, t]) => `新增表单字段「${t}」`),
    ...[...fa].filter(([p]) => !fb.has(p)).map(([, t]) => `删除表单字段「${t}」`),
  );
  for (const [p, t] of fb) if (fa.has(p) && fa.get(p) !== t) lines.push(`表单字段「${fa.get(p)}」改名为「${t}」`);
  if (!same(before.form, after.form) && !lines.some((l) => l.includes("表单字段")))
    lines.push("表单布局或字段设置有修改");
  const [ca, cb] = [(before.cases as unknown[] | undefined) ?? [], (after.cases as unknown[] | undefined) ?? []];
  if (!same(ca, cb))
    lines.push(`用例：${ca.length} 个 → ${cb.length} 个${ca.length === cb.length ? "（内容有修改）" : ""}`);
  const other = Object.keys({ ...before, ...after }).filter(
    (k) =>
      !["title", "params", "rules", "disable", "grades", "indicators", "form", "cases"].includes(k) &&
      !same(before[k], after[k]),
  );
  if (other.length) lines.push(`其他修改：${other.map((k) => RULESET_KEYS[k] ?? "其他设置").join("、")}`);
  return lines.length ? lines : ["内容无变化"];
}

/** A form's change: the fields (by path and title) it gained or lost. */
export function describeFormChange(before: unknown, after: unknown): string[] {
  const fields = (form: unknown) =>
    new Map(
      isPlainObject(form) && isPlainObject(form.schema)
        ? listFields(form.schema as FormSchema).map((f) => [f.path, f.title])
        : [],
    );
  const [a, b] = [fields(before), fields(after)];
  if (!isPlainObject(before)) return [`新建表单，${b.size} 个字段`];
  const lines = [
    ...[...b].filter(([p]) => !a.has(p)).map(([, t]) => `新增字段「${t}」`),
    ...[...a].filter(([p]) => !b.has(p)).map(([, t]) => `删除字段「${t}」`),
  ];
  return lines.length ? lines : ["字段未变，标题、说明或布局有修改"];
}

/** Account and export entries: what happened, in a sentence. */
function describeAccountOrExport(action: string, after: Record<string, unknown>): string[] {
  const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
  switch (action) {
    case "user.login":
      return [`从 ${text(after.client)} 登录`];
    case "user.loginFailed":
      return [`从 ${text(after.client)} 登录失败：${text(after.reason)}`];
    case "user.create":
      return [`创建账号：${ROLE_TITLES[after.role as Role] ?? text(after.role)}，区域 ${text(after.region)}`];
    case "user.update":
      return [
        `角色 ${ROLE_TITLES[after.role as Role] ?? text(after.role)}，区域 ${text(after.region)}，姓名 ${text(after.displayName)}`,
      ];
    case "user.disable":
      return ["账号已停用，其会话和令牌立即失效"];
    case "user.enable":
      return ["账号已恢复"];
    case "user.password":
      return ["已设置新密码，原有会话全部结束"];
    case "token.create":
      return [
        `生成令牌“${text(after.label)}”，${after.expiresAt ? `${text(after.expiresAt).slice(0, 10)} 到期` : "长期有效（可吊销）"}`,
      ];
    case "token.revoke":
      return [`吊销令牌：${(Array.isArray(after.tokens) ? after.tokens : []).map(text).join("、")}`];
    case "export.ledger":
      return [`导出 ${text(after.rows)} 条评定记录`];
    case "export.template":
      return [`${text(after.year)} 年度模板，含 ${text(after.branches)} 个支部`];
    case "export.impact":
      return [`含 ${text(after.branches)} 个等次变化的支部`];
    case "export.package":
      return [`${text(after.branch)} ${text(after.year)} 年度，含 ${text(after.files)} 个合格的佐证材料`];
    case "export.organisation":
      return [`${text(after.regions)} 个区域、${text(after.branches)} 个党支部、${text(after.accounts)} 个账号`];
    case "export.accounts":
      return [`${text(after.accounts)} 个新账号的初始密码`];
    default:
      return [];
  }
}

/** The fields of regions, branches and accounts as people call them. */
export const ORG_FIELD_TITLES: Record<string, string> = {
  name: "名称",
  kind: "类型",
  parent: "上级区域",
  region: "所属区域",
  domain: "领域",
  establishedOn: "成立日期",
  memberCount: "党员人数",
  secretaryName: "书记姓名",
  secretaryPhone: "书记电话",
  displayName: "姓名",
  role: "角色",
  branchId: "所属支部",
};

/** One organisation field's value for people: region names, domain, kind and role titles, （空） for nothing. */
export function orgFieldText(key: string, value: unknown, regionName: (code: string) => string): string {
  if (value === null || value === undefined || value === "") return "（空）";
  if (key === "region" || key === "parent") return regionName(String(value));
  if (key === "domain") return domainTitle(String(value));
  if (key === "kind") return REGION_KIND_TITLES[value as RegionKind] ?? String(value);
  if (key === "role") return ROLE_TITLES[value as Role] ?? String(value);
  return String(value);
}

/**
 * A region's or branch's change in sentences: field titles, region names (by `regionName`), domain titles —
 * never a code a clerk has to decode, except an administrative code beside its name.
 */
export function describeOrganisationChange(
  action: string,
  beforeValue: unknown,
  afterValue: unknown,
  regionName: (code: string) => string = (code) => code,
): string[] {
  const before = record(beforeValue);
  const after = record(afterValue);
  const shown = (key: string, v: unknown) => orgFieldText(key, v, regionName);
  const fields = (keys: string[], values: Record<string, unknown>) =>
    keys
      .filter((k) => k in ORG_FIELD_TITLES && k in values)
      .map((k) => `${ORG_FIELD_TITLES[k]} ${shown(k, values[k])}`);
  switch (action) {
    case "region.create":
    case "branch.create":
      return [fields(Object.keys(after), after).join("，")];
    case "region.retire":
      return [`撤销原因：${String(after.reason ?? "")}`];
    case "branch.dissolve":
      return [`撤销原因：${String(after.reason ?? "")}`, `停用该支部的 ${Number(after.disabledAccounts ?? 0)} 个账号`];
    case "branch.merge":
      return [
        `合并到 ${String(after.intoName ?? after.into ?? "")}`,
        `停用该支部的 ${Number(after.disabledAccounts ?? 0)} 个账号`,
      ];
    case "organisation.import": {
      const part = (title: string, v: unknown) => {
        const c = record(v);
        return `${title}新增 ${Number(c.added ?? 0)}、修改 ${Number(c.changed ?? 0)}`;
      };
      return [
        [part("区域", after.regions), part("党支部", after.branches), part("账号", after.accounts)].join("；"),
        ...(after.skippedRows ? [`有错误未导入的行：${Number(after.skippedRows)}`] : []),
      ];
    }
    default:
      return Object.keys({ ...before, ...after })
        .filter((k) => k in ORG_FIELD_TITLES && !same(before[k], after[k]))
        .map((k) => `${ORG_FIELD_TITLES[k]}：${shown(k, before[k])} → ${shown(k, after[k])}`);
  }
}

/** One audit entry's change in a few lines. */
export function describeAuditChange(
  action: string,
  entityType: string,
  before: unknown,
  after: unknown,
  regionName?: (code: string) => string,
  names?: RulesetNames,
): string[] {
  if (entityType === "ruleset") return describeRulesetChange(before, after, names);
  if (entityType === "region" || entityType === "branch" || entityType === "organisation")
    return describeOrganisationChange(action, before, after, regionName);
  if (entityType === "form") return describeFormChange(before, after);
  if (entityType === "user" || entityType === "export") return describeAccountOrExport(action, record(after));
  if (action === "spotcheck.draw") {
    const b = record(after);
    return [
      `${String(b.year ?? "")} 年度从 ${String(b.population ?? 0)} 个已评定的申报中抽取 ${String(b.sampled ?? 0)} 个（随机种子 ${String(b.seed ?? "")}）`,
    ];
  }
  if (action === "spotcheck.result") {
    const b = record(after);
    return [`${b.result === "passed" ? "通过" : "不通过"}：${String(b.findings ?? "")}`];
  }
  if (action === "spotcheck.file") return [`检查材料“${String(record(after).file ?? "")}”`];
  if (action === "evidence.review") {
    const b = record(after);
    return [
      `佐证材料“${String(b.file ?? "")}”：${b.decision === "accepted" ? "合格" : "不合格"}${b.reason ? `（${String(b.reason)}）` : ""}`,
    ];
  }
  const a = record(before);
  const b = record(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !same(a[k], b[k]));
  return keys
    .slice(0, 8)
    .map((k) =>
      k in a
        ? `${FIELD_TITLES[k] ?? k}：${plainText(a[k])} → ${plainText(b[k])}`
        : `${FIELD_TITLES[k] ?? k}：${plainText(b[k])}`,
    );
}

/** Fields of submissions, reviews and targets as the audit log names them. */
const FIELD_TITLES: Record<string, string> = {
  status: "状态",
  grade: "等次",
  gradeId: "等次",
  reason: "理由",
  revision: "版本",
  score: "得分",
  decision: "决定",
  target: "目标",
  ratio: "比例",
  year: "年度",
  domain: "领域",
  fields: "需要修改的项目",
  rows: "行数",
  submissions: "申报数",
  branch: "党支部",
  reasons: "原因",
  note: "说明",
  problems: "存在问题",
  measures: "整改措施",
  responsible: "责任人",
  firstSecretary: "第一书记",
  deadline: "整改时限",
  month: "月份",
  progress: "整顿进展",
  result: "结果",
  findings: "意见",
  closedOn: "销号日期",
  title: "标题",
  startsOn: "公示开始",
  endsOn: "公示结束",
  days: "公示工作日",
  results: "公示结果数",
  content: "异议内容",
  outcome: "处理结果",
  handling: "处理情况",
  selfFrom: "自创开始",
  selfTo: "自创结束",
  submitDeadline: "申报截止",
  reviewDeadline: "评定截止",
  publicityDays: "公示工作日",
  finalOnly: "仅统计已公示结果",
  weakReasons: "软弱涣散原因",
  until: "开放至",
};

const OUTCOME_TITLES: Record<string, string> = {
  passed: "通过",
  not_yet: "暂未通过",
  upheld: "异议成立",
  dismissed: "异议不成立",
};

/** A stored value in a sentence: a status by its title, 是/否, numbers and short texts as they are. */
function plainText(value: unknown): string {
  if (value === undefined || value === null || value === "") return "（无）";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (typeof value === "string")
    return Object.hasOwn(STATUS_TITLES, value) ? statusTitle(value) : (OUTCOME_TITLES[value] ?? value.slice(0, 60));
  if (typeof value === "number") return String(value);
  if (Array.isArray(value))
    return value.every((v) => typeof v === "string") ? value.join("、").slice(0, 120) : `${value.length} 项`;
  return "（一组数据）";
}
