import jsonLogic from "json-logic-js";
import { isForbiddenKey } from "./path";
import type { Json } from "./types";

/** The JSON Logic operations a rule set may use in `computed`; `method` (calls functions) and `log` are not among them. */
export const COMPUTED_OPERATIONS = new Set([
  "var",
  "missing",
  "missing_some",
  "if",
  "?:",
  "==",
  "===",
  "!=",
  "!==",
  "!",
  "!!",
  "or",
  "and",
  ">",
  ">=",
  "<",
  "<=",
  "max",
  "min",
  "+",
  "-",
  "*",
  "/",
  "%",
  "in",
  "cat",
  "substr",
  "merge",
  "map",
  "filter",
  "reduce",
  "all",
  "none",
  "some",
]);

type Operation = (...args: unknown[]) => unknown;
const logic = jsonLogic as unknown as {
  apply(rule: unknown, data: unknown): unknown;
  add_operation(name: string, fn: Operation): void;
  rm_operation(name: string): void;
};

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);
const absent = (v: unknown) => v === null || v === undefined;
const missing = (values: unknown[]) => values.some(absent);

// Arithmetic on a missing value is unknown (`null`), not 0 as JavaScript would have it, so an unanswered
// question never passes a comparison; a division by zero is `null`, never Infinity or NaN.
const ARITHMETIC: Record<string, Operation> = {
  "+": (...values) =>
    missing(values) ? null : finiteOrNull(values.reduce<number>((sum, v) => sum + Number.parseFloat(String(v)), 0)),
  "*": (...values) =>
    missing(values)
      ? null
      : finiteOrNull(values.reduce<number>((product, v) => product * Number.parseFloat(String(v)), 1)),
  "-": (a, b) =>
    b === undefined
      ? absent(a)
        ? null
        : finiteOrNull(-Number(a))
      : absent(a) || absent(b)
        ? null
        : finiteOrNull(Number(a) - Number(b)),
  "/": (a, b) => (absent(a) || absent(b) ? null : finiteOrNull(Number(a) / Number(b))),
  "%": (a, b) => (absent(a) || absent(b) ? null : finiteOrNull(Number(a) % Number(b))),
};
for (const [name, fn] of Object.entries(ARITHMETIC)) logic.add_operation(name, fn);
// `method` calls functions: removed so that rule content never runs code.
logic.rm_operation("method");

/**
 * What one scoring's `computed` facts may cost: one step per JSON Logic node evaluated (json-logic-js's `apply`,
 * which `map`, `reduce` and the others call for every element) plus one per element `merge` makes and per character
 * `cat` makes, so no expression can loop or grow for long on any data. Past it, the facts still to be computed are
 * `null`, the same in the compiled evaluator and in json-logic-js, which count alike.
 */
export const COMPUTED_BUDGET = 200_000;
class OverBudget extends Error {}
let budget = Infinity;
const spend = (steps: number) => {
  budget -= steps;
  if (budget < 0) throw new OverBudget("计算式超出运算预算");
};
const applyLogic = logic.apply;
logic.apply = (rule, data) => {
  spend(1);
  return applyLogic(rule, data);
};
logic.add_operation("merge", (...values) => {
  const merged = values.reduce<unknown[]>((list, value) => list.concat(value), []);
  spend(merged.length);
  return merged;
});
logic.add_operation("cat", (...values) => {
  const text = values.join("");
  spend(text.length);
  return text;
});

/** Runs one scoring's computed facts within the budget. */
function withinBudget<T>(run: () => T): T {
  budget = COMPUTED_BUDGET;
  try {
    return run();
  } finally {
    budget = Infinity;
  }
}

/** json-logic-js's `var`, as written there: a plain property walk with `null` (or the default) when missing. */
function readVar(data: unknown, name: unknown, fallback: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  if (name === undefined || name === "" || name === null) return data;
  let current = data as Record<string, unknown> | null | undefined;
  for (const key of String(name).split(".")) {
    if (current === null || current === undefined) return notFound;
    current = current[key] as Record<string, unknown> | undefined;
    if (current === undefined) return notFound;
  }
  return current;
}

type Compiled = (data: unknown) => unknown;
/** Set when an expression reads data in a way that could see a `__proto__`, `constructor` or `prototype` key. */
type Exactness = { needsCopiedData: boolean };
const isLogic = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x) && Object.keys(x).length === 1;

/**
 * JSON Logic as closures for what `computed` is made of — `var` and arithmetic — with json-logic-js's own
 * semantics; any other operation is handed to json-logic-js itself, so the result is the same either way.
 */
function compileLogic(expression: unknown, exactness: Exactness): Compiled {
  // Each closure spends what json-logic-js's `apply` would for the same node, so both stop at the same point.
  if (Array.isArray(expression)) {
    const items = expression.map((item) => compileLogic(item, exactness));
    return (data) => {
      spend(1);
      return items.map((item) => item(data));
    };
  }
  if (!isLogic(expression)) {
    return () => {
      spend(1);
      return expression;
    };
  }
  const op = Object.keys(expression)[0];
  const raw = expression[op];
  const args = (Array.isArray(raw) ? raw : [raw]).map((arg) => compileLogic(arg, exactness));
  if (op === "var") {
    const [name, fallback] = args;
    const constant = (Array.isArray(raw) ? raw[0] : raw) as unknown;
    if (typeof constant === "string" && constant !== "" && !fallback && !constant.split(".").some(isForbiddenKey)) {
      // The common case, `{ "var": "form.a.b" }`: the same walk with the name split once.
      const keys = constant.split(".");
      return (data) => {
        spend(2);
        let current = data as Record<string, unknown> | null | undefined;
        for (let i = 0; i < keys.length; i++) {
          if (current === null || current === undefined) return null;
          current = current[keys[i]] as Record<string, unknown> | undefined;
          if (current === undefined) return null;
        }
        return current;
      };
    }
    exactness.needsCopiedData = true;
    return (data) => {
      spend(1);
      return readVar(data, name(data), fallback?.(data));
    };
  }
  if (Object.prototype.hasOwnProperty.call(ARITHMETIC, op)) {
    const fn = ARITHMETIC[op];
    if (args.length === 2) {
      const [a, b] = args;
      return (data) => {
        spend(1);
        return fn(a(data), b(data));
      };
    }
    return (data) => {
      spend(1);
      return fn(...args.map((arg) => arg(data)));
    };
  }
  exactness.needsCopiedData = true;
  return (data) => logic.apply(expression, data);
}

type ComputedFacts = { form: unknown; params: unknown; context: unknown; materials?: unknown };
export type ComputeFacts = ((facts: ComputedFacts) => Record<string, Json>) & Exactness;

/**
 * The `computed` facts as closures, evaluated in order like evaluateComputed. Plain `var` paths read the same from
 * user data and from the reference's copy of it without forbidden keys; where an expression may not
 * (`needsCopiedData`), the caller gives it that copy.
 */
export function compileComputed(computed: Record<string, Json>): ComputeFacts {
  const exactness: Exactness = { needsCopiedData: false };
  const steps = Object.entries(computed).map(
    ([name, expression]) => [name, compileLogic(expression, exactness)] as const,
  );
  const compute = (facts: ComputedFacts) =>
    withinBudget(() => {
      const values: Record<string, Json> = {};
      const data = { form: facts.form, params: facts.params, context: facts.context, computed: values };
      for (const [name, run] of steps) {
        let value: unknown;
        try {
          value = run(data);
        } catch {
          value = null;
        }
        values[name] = toJson(value);
      }
      return values;
    });
  return Object.assign(compute, exactness);
}

function toJson(value: unknown): Json {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint")
    return null;
  return value as Json;
}

/** Evaluates the `computed` facts in order; each sees the form, params, context and the computed facts before it. */
export function evaluateComputed(
  computed: Record<string, Json>,
  facts: { form: unknown; params: unknown; context: unknown },
): Record<string, Json> {
  return withinBudget(() => {
    const values: Record<string, Json> = {};
    const data = { ...facts, computed: values };
    for (const [name, expression] of Object.entries(computed)) {
      let value: unknown;
      try {
        value = logic.apply(expression, data);
      } catch {
        value = null;
      }
      values[name] = toJson(value);
    }
    return values;
  });
}

const SCOPED = new Set(["map", "filter", "reduce", "all", "none", "some"]);

/**
 * How big a `computed` expression may be (lint refuses more): its nodes, its nesting, and how many `map`, `filter`,
 * `reduce`, `all`, `none` or `some` may run inside one another (each multiplies the work by an array's length).
 */
export const LOGIC_LIMITS = { nodes: 1_000, depth: 24, iterationDepth: 2 };

export type LogicShape = {
  operations: string[];
  vars: string[];
  computedNames: number;
  nodes: number;
  depth: number;
  iterationDepth: number;
};

/**
 * Every operation name and every root-level `var` path in a JSON Logic expression, for lint. Inside the
 * body of `map`, `filter`, `reduce`, `all`, `none` and `some`, `var` names the current element, so it is not listed.
 * `computedNames` counts the `var`s whose name is itself an expression: lint cannot know what they read (one could
 * build "constructor.prototype"), so they are refused.
 */
export function inspectLogic(expression: unknown): LogicShape {
  const operations: string[] = [];
  const vars: string[] = [];
  let computedNames = 0;
  let nodes = 0;
  let depth = 0;
  let iterationDepth = 0;
  let level = 0;
  let iterating = 0;
  const walk = (node: unknown, scoped = false): void => {
    nodes++;
    if (nodes > LOGIC_LIMITS.nodes || level > LOGIC_LIMITS.depth) return;
    level++;
    depth = Math.max(depth, level);
    try {
      visit(node, scoped);
    } finally {
      level--;
    }
  };
  const visit = (node: unknown, scoped: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, scoped));
    if (node === null || typeof node !== "object") return;
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      operations.push(keys.length ? keys.join("+") : "{}");
      return;
    }
    const op = keys[0];
    operations.push(op);
    const args = (node as Record<string, unknown>)[op];
    if (op === "var") {
      const name = Array.isArray(args) ? args[0] : args;
      if (name !== null && typeof name === "object") computedNames++;
      if (!scoped && (typeof name === "string" || typeof name === "number")) vars.push(String(name));
      if (Array.isArray(args)) args.slice(1).forEach((n) => walk(n, scoped));
      return;
    }
    if (SCOPED.has(op) && Array.isArray(args)) {
      walk(args[0], scoped);
      iterating++;
      iterationDepth = Math.max(iterationDepth, iterating);
      args.slice(1).forEach((n) => walk(n, true));
      iterating--;
      return;
    }
    walk(args, scoped);
  };
  walk(expression);
  return { operations, vars, computedNames, nodes, depth, iterationDepth };
}
