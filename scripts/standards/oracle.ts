/**
 * An independent, deliberately small reading of the evaluation semantics (DESIGN.md §3) for the kinds of
 * conditions the library uses. It decides what each generated case must expect; the engine under test is
 * json-rules-engine, so the two agreeing is evidence, not a tautology.
 */
import type { Cond, GradeSpec, MaterialCountSpec, MaterialSpec, ParamSpec, RuleSpec } from "./model";

export type CaseState = {
  data: Record<string, unknown>;
  context: Record<string, unknown>;
  materials?: Record<string, MaterialCountSpec>;
};

export function getAt(root: unknown, path: string): unknown {
  let current = root;
  for (const key of path.replace(/^\$\./, "").split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function setAt(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.replace(/^\$\./, "").split(".");
  let current = root;
  for (const key of keys.slice(0, -1)) current = (current[key] ??= {}) as Record<string, unknown>;
  current[keys[keys.length - 1]] = value;
}

function computeValue(expression: unknown, state: CaseState): unknown {
  const [op] = Object.keys(expression as object);
  const [a, b] = (expression as Record<string, { var: string }[]>)[op].map((v) =>
    Number(getAt(state, "$." + v.var.replace(/^form\./, "data."))),
  );
  if (op === "/") return b === 0 || !Number.isFinite(a / b) ? null : a / b;
  if (op === "-") return Number.isFinite(a - b) ? a - b : null;
  throw new Error(`the oracle does not know ${op}`);
}

const isNumber = (x: unknown) => !Number.isNaN(Number.parseFloat(x as string));

export function holds(
  cond: Cond,
  state: CaseState,
  params: Record<string, ParamSpec>,
  computed: Record<string, unknown>,
): boolean {
  const fact = cond.fact ?? "form";
  const left =
    fact === "form"
      ? getAt(state.data, cond.path)
      : fact === "context"
        ? getAt(state.context, cond.path)
        : computeValue(computed[cond.path.replace(/^\$\./, "")], state);
  const right = cond.param ? params[cond.param].default : cond.value;
  switch (cond.op) {
    case "equal":
      return left === right;
    case "notEqual":
      return left !== right;
    case "greaterThanInclusive":
      return isNumber(left) && (left as number) >= (right as number);
    case "lessThanInclusive":
      return isNumber(left) && (left as number) <= (right as number);
    case "lessThan":
      return isNumber(left) && (left as number) < (right as number);
    case "contains":
      return Array.isArray(left) && left.includes(right);
    case "in":
      return (right as unknown[]).includes(left);
  }
}

export function ruleHolds(
  rule: RuleSpec,
  state: CaseState,
  params: Record<string, ParamSpec>,
  computed: Record<string, unknown>,
): boolean {
  if (rule.all) return rule.all.every((c) => holds(c, state, params, computed));
  return rule.any!.some((c) => holds(c, state, params, computed));
}

export type Outcome = { grade: string; score: number; vetoes: string[]; unmet: string[]; flags: string[] };

export function outcome(
  rules: RuleSpec[],
  grades: GradeSpec[],
  params: Record<string, ParamSpec>,
  computed: Record<string, unknown>,
  state: CaseState,
  materials: MaterialSpec[] = [],
): Outcome {
  let score = 0;
  const vetoes: string[] = [];
  const unmet: string[] = [];
  const flags: string[] = [];
  for (const rule of rules) {
    const ok = ruleHolds(rule, state, params, computed);
    if (rule.type === "score" && ok) score += rule.points!;
    if (rule.type === "veto" && ok) vetoes.push(rule.id);
    if (rule.type === "flag" && ok) flags.push(rule.id);
    if (rule.type === "require" && !ok) unmet.push(rule.id);
  }
  // A required evidence entry is met when at least one of its files is not rejected; one required for some grades
  // holds back only those.
  const onlyFor = new Map<string, string[]>();
  for (const m of materials) {
    if (!m.required || (Array.isArray(m.required) && !m.required.length)) continue;
    const given = state.materials?.[m.id];
    if (!((given?.uploaded ?? 0) > (given?.rejected ?? 0))) unmet.push(`material-${m.id}`);
    if (Array.isArray(m.required)) onlyFor.set(`material-${m.id}`, m.required);
  }
  const applies = (ruleId: string, grade: string) => !onlyFor.has(ruleId) || onlyFor.get(ruleId)!.includes(grade);
  const value = (x: GradeSpec["minScore"]) => (typeof x === "object" ? params[x.param].default : x);
  const grade = grades.find(
    (g) =>
      (g.minScore === undefined || score >= value(g.minScore)!) &&
      (!g.noVeto || !vetoes.length) &&
      (g.requirements !== "all" || !unmet.some((r) => applies(r, g.id))) &&
      (!Array.isArray(g.requirements) ||
        !unmet.some((r) => g.requirements!.includes(r) || (onlyFor.has(r) && applies(r, g.id)))),
  )!;
  return { grade: grade.id, score, vetoes, unmet, flags };
}
