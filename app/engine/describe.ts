import { fieldAt } from "./forms";
import { isPlainObject } from "./json";
import { operatorLabel } from "./operators";
import { parsePath } from "./path";
import { eventTypeTitle } from "../utils/labels";
import type { Condition, Form, Json, ResolvedRuleset, Rule } from "./types";

const FACT_TITLES: Record<string, string> = { form: "填报", params: "参数", computed: "计算项", context: "上下文" };

function factLabel(fact: string, path: string | undefined, form: Form | null, ruleset?: ResolvedRuleset): string {
  if (fact === "params" && path && ruleset) {
    const name = path.replace(/^\$\./, "");
    const param = ruleset.params[name];
    if (param) return `${param.title ?? name}（参数 ${name} = ${JSON.stringify(param.value)}${param.unit ?? ""}）`;
  }
  if (fact === "form" && path && form) {
    const parsed = parsePath(path);
    const field = parsed.ok ? fieldAt(form.schema, parsed.segments) : undefined;
    if (field && typeof field.title === "string") return `${field.title}（${path}）`;
  }
  return `${FACT_TITLES[fact] ?? fact}${path ? " " + path : ""}`;
}

function valueLabel(
  value: Json | { fact: string; path?: string },
  form: Form | null,
  ruleset?: ResolvedRuleset,
): string {
  if (isPlainObject(value) && typeof value.fact === "string")
    return factLabel(value.fact, value.path as string | undefined, form, ruleset);
  return JSON.stringify(value);
}

/** A condition tree as one line of Chinese, e.g. `全部满足：党员大会次数（$.life.memberMeetings） ≥ 4`. */
export function describeCondition(condition: Condition, form: Form | null = null, ruleset?: ResolvedRuleset): string {
  if ("all" in condition)
    return `全部满足：${condition.all.map((c) => describeCondition(c, form, ruleset)).join("；")}`;
  if ("any" in condition)
    return `任一满足：${condition.any.map((c) => describeCondition(c, form, ruleset)).join("；")}`;
  if ("not" in condition) return `不满足（${describeCondition(condition.not, form, ruleset)}）`;
  if ("condition" in condition) return `共享条件 ${condition.condition}`;
  return `${factLabel(condition.fact, condition.path, form, ruleset)} ${operatorLabel(condition.operator)} ${valueLabel(condition.value as Json, form, ruleset)}`;
}

export function describeEvent(rule: Rule): string {
  const p = rule.event.params ?? {};
  switch (rule.event.type) {
    case "score":
    case "deduct":
      return `${eventTypeTitle(rule.event.type)} ${p.points} 分（${p.indicator}）`;
    case "star":
      return `得“${p.star}”`;
    default:
      return `${eventTypeTitle(rule.event.type)}：${p.message ?? ""}`;
  }
}
