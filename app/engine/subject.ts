import { fieldAt } from "./forms";
import { isPlainObject } from "./json";
import { parsePath } from "./path";
import { CONTEXT_FIELDS } from "../utils/labels";
import type { ResolvedRuleset } from "./types";

/** What a condition reads, as people call it: its title, unit, and whether it is a share shown as a percentage. */
export type Subject = { title: string; unit?: string; ratio?: boolean; enum?: unknown[]; enumNames?: unknown[] };

const fieldSchema = (ruleset: ResolvedRuleset, path: string | undefined) => {
  if (!ruleset.form || !path) return undefined;
  const parsed = parsePath(path);
  return parsed.ok ? fieldAt(ruleset.form.schema, parsed.segments) : undefined;
};

const formSubject = (ruleset: ResolvedRuleset, path: string | undefined): Subject => {
  const field = fieldSchema(ruleset, path);
  return {
    title: typeof field?.title === "string" ? field.title : "表单中的一项",
    ...(typeof field?.unit === "string" ? { unit: field.unit } : {}),
    ...(Array.isArray(field?.enum) ? { enum: field.enum } : {}),
    ...(Array.isArray(field?.enumNames) ? { enumNames: field.enumNames } : {}),
  };
};

export const isRatioParam = (param: ResolvedRuleset["params"][string]) =>
  param.type === "number" && !param.unit && param.max === 1;

const paramSubject = (ruleset: ResolvedRuleset, path: string | undefined): Subject => {
  const name = (path ?? "").replace(/^\$\./, "");
  const param = Object.hasOwn(ruleset.params, name) ? ruleset.params[name] : undefined;
  if (!param) return { title: "一项参数" };
  return { title: param.title ?? "一项参数", ...(param.unit ? { unit: param.unit } : {}), ratio: isRatioParam(param) };
};

/** A computed value named by what it computes: `{"/": [a, b]}` is a's share of b. */
const COMPUTED_PHRASES: Record<string, (a: string, b: string) => string> = {
  "/": (a, b) => `${a}占${b}的比例`,
  "-": (a, b) => `${a}与${b}之差`,
  "+": (a, b) => `${a}与${b}之和`,
  "*": (a, b) => `${a}与${b}之积`,
};

const varTitle = (ruleset: ResolvedRuleset, operand: unknown): string | undefined => {
  if (!isPlainObject(operand) || typeof operand.var !== "string") return undefined;
  const [fact, ...rest] = operand.var.split(".");
  if (fact === "form") return formSubject(ruleset, "$." + rest.join(".")).title;
  if (fact === "params") return paramSubject(ruleset, "$." + rest.join(".")).title;
  return undefined;
};

const computedSubject = (ruleset: ResolvedRuleset, path: string | undefined): Subject => {
  const name = (path ?? "").replace(/^\$\./, "").split(".")[0];
  const expression = Object.hasOwn(ruleset.computed, name) ? ruleset.computed[name] : undefined;
  if (isPlainObject(expression)) {
    const [op] = Object.keys(expression);
    const operands = expression[op];
    if (Object.keys(expression).length === 1 && Object.hasOwn(COMPUTED_PHRASES, op) && Array.isArray(operands)) {
      const [a, b] = operands.map((x) => varTitle(ruleset, x));
      if (operands.length === 2 && a && b) return { title: COMPUTED_PHRASES[op](a, b), ratio: op === "/" };
    }
  }
  return { title: "按填报内容计算的一项数值" };
};

const contextSubject = (path: string | undefined, ruleset: ResolvedRuleset): Subject => {
  const known = path && Object.hasOwn(CONTEXT_FIELDS, path) ? CONTEXT_FIELDS[path] : undefined;
  if (!known) return { title: "平台提供的支部信息" };
  return path === "$.history.lastGrade"
    ? { ...known, enum: ruleset.grades.map((g) => g.id), enumNames: ruleset.grades.map((g) => g.title) }
    : known;
};

export function subjectOf(fact: string, path: string | undefined, ruleset: ResolvedRuleset): Subject {
  switch (fact) {
    case "form":
      return formSubject(ruleset, path);
    case "params":
      return paramSubject(ruleset, path);
    case "computed":
      return computedSubject(ruleset, path);
    case "context":
      return contextSubject(path, ruleset);
    default:
      return { title: "一项信息" };
  }
}

const trimNumber = (n: number) => String(Math.round(n * 1e4) / 1e4);

/** A value as a person reads it, in the subject's unit: 是/否, an option's name, 11 次, 85%, 未填. */
export function valueText(value: unknown, subject: Subject, empty = "未填"): string {
  if (value === undefined || value === null || value === "") return empty;
  if (typeof value === "boolean") return value ? "“是”" : "“否”";
  if (subject.enum) {
    const i = subject.enum.findIndex((option) => option === value);
    if (i >= 0 && subject.enumNames?.[i] !== undefined) return `“${String(subject.enumNames[i])}”`;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "无法计算";
    if (subject.ratio) return `${trimNumber(value * 100)}%`;
    return subject.unit ? `${trimNumber(value)} ${subject.unit.replace(/\/年$/, "")}` : trimNumber(value);
  }
  if (typeof value === "string") return `“${value}”`;
  if (Array.isArray(value))
    return value.length ? value.map((v) => valueText(v, { ...subject, unit: undefined }, "空")).join("、") : "无";
  return "（一组数据）";
}
