import { formPathsRead } from "~/engine/checks";
import { canonicalJson } from "~/engine/json";
import type { FormField } from "~/engine/forms";
import { getPath } from "~/engine/path";
import type { EventType } from "~/engine/types";

/** An answer as a person reads it: 是/否, the option's name, the number with its unit, 未填 when empty. */
export function answerText(field: FormField, value: unknown): string {
  if (value === undefined || value === null || value === "") return "未填";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (field.enum) {
    const i = field.enum.findIndex((option) => option === value);
    if (i >= 0 && field.enumNames?.[i] !== undefined) return String(field.enumNames[i]);
  }
  if (typeof value === "number") return field.unit ? `${value} ${field.unit}` : String(value);
  if (Array.isArray(value))
    return value.every((v) => typeof v !== "object") ? value.map(String).join("、") || "未填" : `${value.length} 项`;
  if (typeof value === "object") return "";
  return String(value);
}

/** The fields a person answers: leaves, not the sections and objects that hold them, nor fields inside lists. */
export const answerFields = (fields: FormField[]) =>
  fields.filter((f) => f.type !== "object" && !f.path.includes("[]"));

export type RuleMark = { rule: string; name: string; good: boolean };

type TraceEntry = { rule: string; name?: string; type: EventType; fired: boolean; conditions?: unknown };

/** Whether a rule taking effect is good for the branch (`fired` for a require rule means it is unmet). */
const GOOD_WHEN_FIRED: Record<EventType, boolean> = {
  score: true,
  star: true,
  require: false,
  deduct: false,
  veto: false,
  flag: false,
};

/** For each form path, the rules whose conditions read it, and whether the outcome is good for the branch. */
export function rulesByField(trace: TraceEntry[]): Map<string, RuleMark[]> {
  const marks = new Map<string, RuleMark[]>();
  for (const entry of trace)
    for (const path of formPathsRead(entry.conditions)) {
      const list = marks.get(path) ?? [];
      list.push({
        rule: entry.rule,
        name: entry.name ?? entry.rule,
        good: entry.fired === GOOD_WHEN_FIRED[entry.type],
      });
      marks.set(path, list);
    }
  return marks;
}

/** The answers the rules read that are still empty: what a 申报 would be scored without. */
export function unansweredForRules(rules: { conditions: unknown }[], fields: FormField[], data: unknown): FormField[] {
  const read = new Set<string>();
  for (const rule of rules) formPathsRead(rule.conditions, read);
  return answerFields(fields).filter((f) => {
    const value = getPath(data, f.path);
    return read.has(f.path) && (value === undefined || value === null || value === "");
  });
}

/** The answered fields whose value differs between two revisions' data. */
export function changedAnswers(fields: FormField[], before: unknown, after: unknown) {
  return answerFields(fields)
    .map((field) => ({ field, before: getPath(before, field.path), after: getPath(after, field.path) }))
    .filter((c) => canonicalJson(c.before ?? null) !== canonicalJson(c.after ?? null));
}
