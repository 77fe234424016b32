import { hasOwn } from "./path";

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

/** Compares a fact's value (left) with the condition's value (right). */
export type Comparison = (left: unknown, right: unknown) => boolean;

// json-rules-engine writes `parseFloat(a).toString() !== "NaN"`: the same test, without building a string for a number.
export const isNumeric = (a: unknown): boolean =>
  typeof a === "number" ? a === a : !Number.isNaN(Number.parseFloat(a as string));
const anything = () => true;

/* eslint-disable @typescript-eslint/no-explicit-any -- the operators take whatever the facts hold, as json-rules-engine's do */
const SEMANTICS: Record<string, { validator: (a: unknown) => boolean; cb: (a: any, b: any) => boolean }> = {
  equal: { validator: anything, cb: (a, b) => a === b },
  notEqual: { validator: anything, cb: (a, b) => a !== b },
  in: { validator: anything, cb: (a, b) => b.indexOf(a) > -1 },
  notIn: { validator: anything, cb: (a, b) => b.indexOf(a) === -1 },
  contains: { validator: Array.isArray, cb: (a, b) => a.indexOf(b) > -1 },
  doesNotContain: { validator: Array.isArray, cb: (a, b) => a.indexOf(b) === -1 },
  lessThan: { validator: isNumeric, cb: (a, b) => a < b },
  lessThanInclusive: { validator: isNumeric, cb: (a, b) => a <= b },
  greaterThan: { validator: isNumeric, cb: (a, b) => a > b },
  greaterThanInclusive: { validator: isNumeric, cb: (a, b) => a >= b },
};

const DECORATOR_SEMANTICS: Record<
  string,
  { validator: (a: unknown) => boolean; cb: (f: any, j: any, next: Comparison) => boolean }
> = {
  someFact: { validator: Array.isArray, cb: (f, j, next) => f.some((fv: unknown) => next(fv, j)) },
  someValue: { validator: anything, cb: (f, j, next) => j.some((jv: unknown) => next(f, jv)) },
  everyFact: { validator: Array.isArray, cb: (f, j, next) => f.every((fv: unknown) => next(fv, j)) },
  everyValue: { validator: anything, cb: (f, j, next) => j.every((jv: unknown) => next(f, jv)) },
  swap: { validator: anything, cb: (f, j, next) => next(j, f) },
  not: { validator: anything, cb: (f, j, next) => !next(f, j) },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** `not:someFact:equal`: the leftmost decorator wraps the others, as json-rules-engine's operator map builds it. */
export function compileOperator(name: string): Comparison {
  const parts = name.split(":");
  const baseName = parts.pop()!;
  if (!hasOwn(SEMANTICS, baseName)) throw new Error(`Unknown operator: ${name}`);
  const base = SEMANTICS[baseName];
  let compare: Comparison = (f, j) => base.validator(f) && base.cb(f, j);
  for (const decoratorName of parts.reverse()) {
    const decorator = hasOwn(DECORATOR_SEMANTICS, decoratorName) ? DECORATOR_SEMANTICS[decoratorName] : undefined;
    if (!decorator) throw new Error(`Unknown operator: ${name}`);
    const next = compare;
    compare = (f, j) => decorator.validator(f) && decorator.cb(f, j, next);
  }
  return compare;
}

/**
 * A plain operator against a value known when the rule set is compiled, fused with reading the fact: one closure
 * instead of a getter, a validator and a callback. `null` where the general path must run (decorators, or an
 * `in` whose value is not a list, which throws as json-rules-engine does).
 */
export function compileConstantTest<F>(
  name: string,
  read: (facts: F) => unknown,
  j: unknown,
): ((facts: F) => boolean) | null {
  /* eslint-disable @typescript-eslint/no-explicit-any -- compared as json-rules-engine compares them */
  const v = j as any;
  switch (name) {
    case "equal":
      return (facts) => read(facts) === v;
    case "notEqual":
      return (facts) => read(facts) !== v;
    case "lessThan":
      return (facts) => {
        const f = read(facts) as any;
        return isNumeric(f) && f < v;
      };
    case "lessThanInclusive":
      return (facts) => {
        const f = read(facts) as any;
        return isNumeric(f) && f <= v;
      };
    case "greaterThan":
      return (facts) => {
        const f = read(facts) as any;
        return isNumeric(f) && f > v;
      };
    case "greaterThanInclusive":
      return (facts) => {
        const f = read(facts) as any;
        return isNumeric(f) && f >= v;
      };
    case "in":
      return Array.isArray(v) ? (facts) => v.indexOf(read(facts)) > -1 : null;
    case "notIn":
      return Array.isArray(v) ? (facts) => v.indexOf(read(facts)) === -1 : null;
    case "contains":
      return (facts) => {
        const f = read(facts);
        return Array.isArray(f) && f.indexOf(v) > -1;
      };
    case "doesNotContain":
      return (facts) => {
        const f = read(facts);
        return Array.isArray(f) && f.indexOf(v) === -1;
      };
    default:
      return null;
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
