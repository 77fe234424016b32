/** json-rules-engine's default operators and operator decorators (`not:equal`, `someFact:in` …). */
export const OPERATORS = [
  "equal",
  "notEqual",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
] as const;

export const OPERATOR_DECORATORS = ["someFact", "someValue", "everyFact", "everyValue", "swap", "not"] as const;

const operators = new Set<string>(OPERATORS);
const decorators = new Set<string>(OPERATOR_DECORATORS);

export function isKnownOperator(operator: string): boolean {
  if (typeof operator !== "string") return false;
  const parts = operator.split(":");
  const base = parts.pop()!;
  return operators.has(base) && parts.every((d) => decorators.has(d));
}

export const OPERATOR_LABELS: Record<string, string> = {
  equal: "等于",
  notEqual: "不等于",
  lessThan: "<",
  lessThanInclusive: "≤",
  greaterThan: ">",
  greaterThanInclusive: "≥",
  in: "属于",
  notIn: "不属于",
  contains: "包含",
  doesNotContain: "不包含",
};

const DECORATOR_LABELS: Record<string, string> = {
  someFact: "任一项",
  someValue: "任一值",
  everyFact: "每一项",
  everyValue: "每个值",
  swap: "反向",
  not: "非",
};

export function operatorLabel(operator: string): string {
  const parts = operator.split(":");
  const base = parts.pop()!;
  return [...parts.map((d) => DECORATOR_LABELS[d] ?? d), OPERATOR_LABELS[base] ?? base].join(" ");
}
