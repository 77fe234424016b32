import { isPlainObject } from "~/engine/json";
import { isRatioParam, subjectOf, valueText, type Subject } from "~/engine/subject";
import type { EventType, Json, ResolvedRuleset } from "~/engine/types";

/**
 * The sentence builder: a rule's evaluated conditions (the trace, in json-rules-engine's shape) as sentences a
 * clerk reads — the field's title, the answer with its unit, what the standard asks and where that threshold was
 * set — e.g. “本年度主题党日次数填报 11 次，标准要求不少于 12 次（呼和浩特市设定，内蒙古自治区要求不少于 12 次）”.
 * Paths and ids appear only in `detail`, which pages show to admins in a tooltip.
 */
export type ExplainedLine = { depth: number; text: string; result?: boolean; detail?: string };

export type ExplainSetting = {
  ruleset: ResolvedRuleset;
  /** The rule's effect: a veto's, deduction's or warning's conditions describe what must not happen. */
  type?: EventType;
  /** Region names by code, to say which region set a threshold; a code without a name reads 上级. */
  regionNames?: Record<string, string>;
};

type Leaf = {
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
};

/** What an operator asks of the fact, with the value already worded: 不少于 12 次, 为“是”, 为 A、B 之一. */
function demand(operator: string, value: string, list: boolean): string {
  const parts = operator.split(":");
  const base = parts.pop()!;
  // A number follows its word after a space (不少于 12 次); a quoted answer or a title directly (为“是”).
  const w = (word: string) => (/^[\d-]/.test(value) ? `${word} ${value}` : `${word}${value}`);
  const phrases: Record<string, string> = {
    equal: w("为"),
    notEqual: w("不为"),
    lessThan: w("少于"),
    lessThanInclusive: w("不超过"),
    greaterThan: w("多于"),
    greaterThanInclusive: w("不少于"),
    in: list ? (value.startsWith("“") ? `为${value}之一` : `为 ${value} 之一`) : w("属于"),
    notIn: list ? (value.startsWith("“") ? `不为${value}中的任何一项` : `不为 ${value} 中的任何一项`) : w("不属于"),
    contains: w("包含"),
    doesNotContain: w("不包含"),
  };

  let phrase = Object.hasOwn(phrases, base) ? phrases[base] : `满足“${base}”比较 ${value}`;
  for (const decorator of parts.reverse()) {
    if (decorator === "not") phrase = `并非${phrase}`;
    else if (decorator === "someFact") phrase = `其中任一项${phrase}`;
    else if (decorator === "everyFact") phrase = `其中每一项都${phrase}`;
    else if (decorator === "someValue") phrase = `${phrase}（其中任一个即可）`;
    else if (decorator === "everyValue") phrase = `${phrase}（其中每一个都须满足）`;
    else if (decorator === "swap") phrase = `（反向比较）${phrase}`;
  }
  return phrase;
}

const regionOf = (rulesetId: string, names: Record<string, string> | undefined) => {
  const code = rulesetId.split("/")[0];
  return (names && Object.hasOwn(names, code) ? names[code] : undefined) ?? "上级";
};

/**
 * Where a param's value came from, worded against the same operator: the region that set it, and what the region
 * above asks (its bound in the operator's direction, or else the value it had set).
 */
export function thresholdOrigin(
  name: string,
  operator: string,
  { ruleset, regionNames }: ExplainSetting,
  subject: Subject,
): string {
  const param = Object.hasOwn(ruleset.params, name) ? ruleset.params[name] : undefined;
  const origin = ruleset.paramOrigins?.[name];
  if (!param || !origin) return "";
  const setBy = regionOf(param.setBy, regionNames);
  const locked = origin.lockedBy ? "，下级不可调整" : "";
  const above = origin.values.slice(0, -1).reverse()[0];
  if (!above || above.by === param.setBy) return `（${setBy}标准${locked}）`;
  const base = operator.split(":").pop()!;
  const bound = base.startsWith("greater")
    ? param.bounds?.min
    : base.startsWith("less")
      ? param.bounds?.max
      : undefined;
  const shown = (v: Json) => valueText(v, { ...subject, ratio: subject.ratio || isRatioParam(param) });
  if (bound !== undefined && origin.boundsBy && origin.boundsBy !== param.setBy)
    return `（${setBy}设定，${regionOf(origin.boundsBy, regionNames)}要求${demand(base, shown(bound), false)}${locked}）`;
  return `（${setBy}设定，${regionOf(above.by, regionNames)}标准为 ${shown(above.value)}${locked}）`;
}

/** A veto's, deduction's or warning's conditions describe what must not happen: “少于 4 次时预警”. */
const ADVERSE: Partial<Record<EventType, string>> = { veto: "认定为负面情形", deduct: "扣分", flag: "预警" };

const isFactRef = (v: unknown): v is { fact: string; path?: string } => isPlainObject(v) && typeof v.fact === "string";

/** One comparison as a sentence: what was answered and what the standard asks, with the threshold's origin. */
export function leafSentence(leaf: Leaf, setting: ExplainSetting): string {
  const { ruleset } = setting;
  const subject = subjectOf(leaf.fact, leaf.path, ruleset);
  const evaluated = "result" in leaf;
  if (!evaluated) return `${subject.title}：未判断（前面的条件已经决定了结果）`;
  const answered =
    leaf.fact === "form"
      ? leaf.factResult === undefined || leaf.factResult === null || leaf.factResult === ""
        ? `${subject.title}未填写`
        : `${subject.title}填报 ${valueText(leaf.factResult, subject)}`
      : `${subject.title}为 ${valueText(leaf.factResult, subject, "无")}`;
  let wanted: string;
  let origin = "";
  if (isFactRef(leaf.value)) {
    const other = subjectOf(leaf.value.fact, leaf.value.path, ruleset);
    const shownAs =
      leaf.value.fact === "params"
        ? { ...other, unit: subject.unit ?? other.unit, ratio: subject.ratio || other.ratio }
        : other;
    const amount = valueText(leaf.valueResult, shownAs, "无");
    wanted = leaf.value.fact === "params" ? amount : `${other.title}（${amount}）`;
    if (leaf.value.fact === "params")
      origin = thresholdOrigin((leaf.value.path ?? "").replace(/^\$\./, ""), leaf.operator, setting, subject);
  } else wanted = valueText(leaf.value, subject, "空");
  const list = Array.isArray(isFactRef(leaf.value) ? leaf.valueResult : leaf.value);
  const phrase = demand(leaf.operator, wanted, list);
  const adverse = setting.type && Object.hasOwn(ADVERSE, setting.type) ? ADVERSE[setting.type] : undefined;
  return adverse ? `${answered}，${phrase}时${adverse}${origin}` : `${answered}，标准要求${phrase}${origin}`;
}

/** The technical reading of a comparison, for admins' tooltips. */
const leafDetail = (leaf: Leaf) =>
  `${leaf.fact} ${leaf.path ?? ""} ${leaf.operator} ${JSON.stringify(isFactRef(leaf.value) ? leaf.value : leaf.value)}`;

const GROUPS = [
  ["all", "同时满足以下各项"],
  ["any", "满足以下任意一项"],
] as const;

/** A rule's evaluated condition tree as indented sentences; groups say how their parts combine. */
export function explainConditions(node: unknown, setting: ExplainSetting, depth = 0): ExplainedLine[] {
  if (!isPlainObject(node)) return [];
  const result = typeof node.result === "boolean" ? node.result : undefined;
  for (const [key, text] of GROUPS)
    if (Array.isArray(node[key])) {
      const parts = node[key].flatMap((c) => explainConditions(c, setting, depth + 1));
      // json-rules-engine gives the outermost group no result of its own: it is its parts' combination.
      const own = parts.filter((p) => p.depth === depth + 1).map((p) => p.result);
      const combined =
        result ??
        (own.every((r) => r !== undefined) ? (key === "all" ? own.every(Boolean) : own.some(Boolean)) : undefined);
      return [{ depth, text, result: combined }, ...parts];
    }
  if (node.not !== undefined)
    return [{ depth, text: "以下条件不成立", result }, ...explainConditions(node.not, setting, depth + 1)];
  if (typeof node.condition === "string") return [{ depth, text: "一组共用条件（未判断）", result }];
  if (typeof node.fact !== "string" || typeof node.operator !== "string") return [];
  const leaf = node as unknown as Leaf;
  return [{ depth, text: leafSentence(leaf, setting), result, detail: leafDetail(leaf) }];
}

/** What a rule's outcome means for the branch, in words: 已达到 / 未达到, 成立 / 不成立, +2 分. */
export function outcomeText(type: EventType, fired: boolean, points?: number): string {
  if (type === "require") return fired ? "未达到" : "已达到";
  if (!fired) return type === "veto" ? "未出现" : "不成立";
  if (type === "score") return `+${points ?? 0} 分`;
  if (type === "deduct") return `−${points ?? 0} 分`;
  if (type === "veto") return "出现（一票否决）";
  if (type === "star") return "得星";
  return "触发预警";
}
