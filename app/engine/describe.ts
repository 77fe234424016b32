import { fieldAt } from "./forms";
import { isPlainObject } from "./json";
import { operatorLabel } from "./operators";
import { parsePath } from "./path";
import { subjectOf, valueText, type Subject } from "./subject";
import { eventTypeTitle } from "../utils/labels";
import type { Condition, Form, Json, ResolvedRuleset, Rule } from "./types";

const FACT_TITLES: Record<string, string> = { form: "填报", params: "参数", computed: "计算项", context: "上下文" };

/** What a condition reads, by its title: a param with its value, never a path (those are for the JSON tab). */
function factLabel(fact: string, path: string | undefined, form: Form | null, ruleset?: ResolvedRuleset): string {
  if (ruleset) {
    const subject = subjectOf(fact, path, ruleset);
    const name = (path ?? "").replace(/^\$\./, "");
    const param = fact === "params" && Object.hasOwn(ruleset.params, name) ? ruleset.params[name] : undefined;
    return param ? `${subject.title}（${valueText(param.value, subject)}）` : subject.title;
  }
  if (fact === "form" && path && form) {
    const parsed = parsePath(path);
    const field = parsed.ok ? fieldAt(form.schema, parsed.segments) : undefined;
    if (field && typeof field.title === "string") return `${field.title}（${path}）`;
  }
  return `${FACT_TITLES[fact] ?? fact}${path ? " " + path : ""}`;
}

/** The compared value: another fact by its title, or a constant in the unit of the fact it is compared with. */
function valueLabel(
  value: Json | { fact: string; path?: string },
  compared: Subject | undefined,
  form: Form | null,
  ruleset?: ResolvedRuleset,
): string {
  if (isPlainObject(value) && typeof value.fact === "string")
    return factLabel(value.fact, value.path as string | undefined, form, ruleset);
  return compared ? valueText(value, compared, "空") : JSON.stringify(value);
}

/** A condition tree as one line of Chinese, e.g. `全部满足：本年度党员大会次数 ≥ 4 次`. */
export function describeCondition(condition: Condition, form: Form | null = null, ruleset?: ResolvedRuleset): string {
  if ("all" in condition)
    return `全部满足：${condition.all.map((c) => describeCondition(c, form, ruleset)).join("；")}`;
  if ("any" in condition)
    return `任一满足：${condition.any.map((c) => describeCondition(c, form, ruleset)).join("；")}`;
  if ("not" in condition) return `不满足（${describeCondition(condition.not, form, ruleset)}）`;
  if ("condition" in condition) return `共享条件 ${condition.condition}`;
  const compared = ruleset ? subjectOf(condition.fact, condition.path, ruleset) : undefined;
  return `${factLabel(condition.fact, condition.path, form, ruleset)} ${operatorLabel(condition.operator)} ${valueLabel(condition.value as Json, compared, form, ruleset)}`;
}

/** A rule's effect in words; with its rule set, the indicator by its title. */
export function describeEvent(rule: Rule, ruleset?: ResolvedRuleset): string {
  const p = rule.event.params ?? {};
  switch (rule.event.type) {
    case "score":
    case "deduct": {
      const indicator = ruleset?.indicators.find((i) => i.id === p.indicator)?.title ?? p.indicator;
      return `${eventTypeTitle(rule.event.type)} ${p.points} 分（${indicator}）`;
    }
    case "star":
      return `得“${p.star}”`;
    default:
      return `${eventTypeTitle(rule.event.type)}：${p.message ?? ""}`;
  }
}
