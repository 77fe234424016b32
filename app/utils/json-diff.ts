import { canonicalJson, isPlainObject } from "~/engine/json";

/** One changed value between two JSON documents: where, what it was, what it became. */
export type JsonChange = { path: string[]; before: unknown; after: unknown };

const same = (x: unknown, y: unknown) => canonicalJson(x ?? null) === canonicalJson(y ?? null);

/** A list of objects that all carry a string `id` (rules, grades, indicators) is compared by id, not position. */
const keyedById = (list: unknown[]) => list.every((x) => isPlainObject(x) && typeof x.id === "string");

/**
 * The leaves that differ between `before` and `after`, each with the keys that lead to it; a whole object or list
 * is one change when it appears or disappears. At most `limit` changes, so a huge edit stays readable.
 */
export function jsonChanges(before: unknown, after: unknown, limit = 300): JsonChange[] {
  const out: JsonChange[] = [];
  const walk = (a: unknown, b: unknown, path: string[]) => {
    if (out.length >= limit || same(a, b)) return;
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], [...path, key]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (keyedById(a) && keyedById(b)) {
        const index = (list: unknown[]) => new Map(list.map((x) => [(x as { id: string }).id, x]));
        const [ia, ib] = [index(a), index(b)];
        for (const id of new Set([...ia.keys(), ...ib.keys()])) walk(ia.get(id), ib.get(id), [...path, `#${id}`]);
      } else for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...path, String(i)]);
      return;
    }
    out.push({ path, before: a, after: b });
  };
  walk(before, after, []);
  return out;
}

/** The keys of rule-set files and organisation records, as people call them. */
const KEY_TITLES: Record<string, string> = {
  params: "参数",
  rules: "规则",
  grades: "等次",
  indicators: "指标",
  cases: "用例",
  form: "表单",
  extend: "新增字段",
  properties: "字段",
  ui: "布局",
  value: "取值",
  default: "默认值",
  bounds: "允许范围",
  min: "下限",
  max: "上限",
  minimum: "最小值",
  maximum: "最大值",
  locked: "锁定",
  title: "名称",
  name: "名称",
  description: "说明",
  unit: "单位",
  conditions: "条件",
  all: "全部满足",
  any: "任一满足",
  not: "不满足",
  operator: "比较方式",
  event: "效果",
  type: "类型",
  points: "分值",
  indicator: "指标",
  message: "提示",
  source: "依据",
  star: "星",
  minScore: "分数线",
  minStars: "最少星数",
  noVeto: "无负面情形",
  requirements: "须达到的要求",
  noFlags: "无预警",
  expect: "期望",
  grade: "等次",
  data: "填报数据",
  disable: "停用的上级规则",
  required: "必填/必选",
  enum: "可选项",
  enumNames: "选项名称",
  status: "状态",
  reason: "理由",
  note: "说明",
};

/**
 * Where a change is, in words: a param, rule, grade, indicator or case by its title where the document names it,
 * then each key by its Chinese name (a key without one is shown as it is), list positions as 第 N 项.
 */
export function changePlace(path: string[], document: unknown, paramTitles: Record<string, string> = {}): string {
  const parts: string[] = [];
  let node: unknown = document;
  for (const [i, key] of path.entries()) {
    let next: unknown;
    if (i === 1 && path[0] === "params") {
      next = isPlainObject(node) ? node[key] : undefined;
      const own = isPlainObject(next) && typeof next.title === "string" ? next.title : undefined;
      const title = own ?? (Object.hasOwn(paramTitles, key) ? paramTitles[key] : undefined);
      parts.push(title ? `「${title}」` : key);
    } else if (key.startsWith("#") && Array.isArray(node)) {
      next = node.find((x) => isPlainObject(x) && x.id === key.slice(1));
      const named = isPlainObject(next) ? (next.name ?? next.title) : undefined;
      parts.push(`「${typeof named === "string" ? named : key.slice(1)}」`);
    } else if (/^\d+$/.test(key) && Array.isArray(node)) {
      next = node[Number(key)];
      const named = isPlainObject(next) ? (next.name ?? next.title) : undefined;
      parts.push(typeof named === "string" ? `「${named}」` : `第 ${Number(key) + 1} 项`);
    } else {
      next = isPlainObject(node) ? node[key] : undefined;
      const title =
        isPlainObject(next) && typeof next.title === "string" && !KEY_TITLES[key] ? `「${next.title}」` : undefined;
      parts.push(title ?? (Object.hasOwn(KEY_TITLES, key) ? KEY_TITLES[key] : key));
    }
    node = next;
  }
  return parts.join(" › ") || "整体";
}

/** A changed value in a cell: text as it is, 是/否, numbers, and a short JSON for anything bigger. */
export function changeValue(value: unknown): string {
  if (value === undefined) return "（无）";
  if (value === null) return "（空）";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (typeof value === "string" || typeof value === "number") return String(value);
  const json = JSON.stringify(value);
  return json.length > 200 ? `${json.slice(0, 200)}…` : json;
}
