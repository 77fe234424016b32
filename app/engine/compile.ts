/**
 * A rule set compiled into plain closures, with the semantics of json-rules-engine 7 (the reference): its ten
 * operators and six decorators, nested all / any / not, shared condition references, values that are facts,
 * path lookup, undefined facts, and condition priorities — conditions are evaluated in priority sets, every
 * condition of a set is evaluated, and later sets are skipped once the outcome is known. No code is ever built
 * from rule text: each condition becomes a closure over the parts it was written with.
 */
import { compileComputed, evaluateComputed } from "./computed";
import type { Evaluator } from "./evaluate";
import { getAtSegments, parsePath } from "./path";
import { createAssembler, type RuleOutcome } from "./result";
import { factsFor } from "./submission";
import type { Condition, ResolvedRuleset } from "./types";

type Facts = Record<string, unknown>;
type Test = (facts: Facts) => boolean;
type Evaluate = (factValue: unknown, jsonValue: unknown) => boolean;
type Node = Record<string, unknown>;

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
// json-rules-engine writes `parseFloat(a).toString() !== "NaN"`: the same test without building a string.
const numberValidator = (a: unknown) => !Number.isNaN(Number.parseFloat(a as string));
const anything = () => true;

/* eslint-disable @typescript-eslint/no-explicit-any -- the operators take whatever the facts hold, as the reference does */
const OPERATORS: Record<string, { validator: (a: unknown) => boolean; cb: (a: any, b: any) => boolean }> = {
  equal: { validator: anything, cb: (a, b) => a === b },
  notEqual: { validator: anything, cb: (a, b) => a !== b },
  in: { validator: anything, cb: (a, b) => b.indexOf(a) > -1 },
  notIn: { validator: anything, cb: (a, b) => b.indexOf(a) === -1 },
  contains: { validator: Array.isArray, cb: (a, b) => a.indexOf(b) > -1 },
  doesNotContain: { validator: Array.isArray, cb: (a, b) => a.indexOf(b) === -1 },
  lessThan: { validator: numberValidator, cb: (a, b) => a < b },
  lessThanInclusive: { validator: numberValidator, cb: (a, b) => a <= b },
  greaterThan: { validator: numberValidator, cb: (a, b) => a > b },
  greaterThanInclusive: { validator: numberValidator, cb: (a, b) => a >= b },
};

const DECORATORS: Record<string, { validator: (a: unknown) => boolean; cb: (f: any, j: any, next: Evaluate) => boolean }> = {
  someFact: { validator: Array.isArray, cb: (f, j, next) => f.some((fv: unknown) => next(fv, j)) },
  someValue: { validator: anything, cb: (f, j, next) => j.some((jv: unknown) => next(f, jv)) },
  everyFact: { validator: Array.isArray, cb: (f, j, next) => f.every((fv: unknown) => next(fv, j)) },
  everyValue: { validator: anything, cb: (f, j, next) => j.every((jv: unknown) => next(f, jv)) },
  swap: { validator: anything, cb: (f, j, next) => next(j, f) },
  not: { validator: anything, cb: (f, j, next) => !next(f, j) },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** `not:someFact:equal`: the leftmost decorator wraps the others, as json-rules-engine's operator map builds it. */
export function compileOperator(name: string): Evaluate {
  const parts = name.split(":");
  const baseName = parts.pop()!;
  if (!hasOwn(OPERATORS, baseName)) throw new Error(`Unknown operator: ${name}`);
  const base = OPERATORS[baseName];
  let evaluate: Evaluate = (f, j) => base.validator(f) && base.cb(f, j);
  for (const decoratorName of parts.reverse()) {
    const decorator = hasOwn(DECORATORS, decoratorName) ? DECORATORS[decoratorName] : undefined;
    if (!decorator) throw new Error(`Unknown operator: ${name}`);
    const next = evaluate;
    evaluate = (f, j) => decorator.validator(f) && decorator.cb(f, j, next);
  }
  return evaluate;
}

const FACTS = new Set(["form", "params", "computed", "context"]);

/** The fact's value at its path; the path is parsed once, and applies only to an object, as in the reference. */
function factGetter(fact: string, path: unknown): (facts: Facts) => unknown {
  if (!FACTS.has(fact)) return () => undefined;
  if (!path) return (facts) => facts[fact];
  const parsed = parsePath(path as string);
  const segments = parsed.ok ? parsed.segments : null;
  if (!segments) return (facts) => (facts[fact] == null || typeof facts[fact] !== "object" ? facts[fact] : undefined);
  // getAtSegments unrolled for the usual `$.section.field`: own properties only, never into an array by name.
  if (segments.length === 2 && typeof segments[0] === "string" && typeof segments[1] === "string") {
    const [a, b] = segments as [string, string];
    return (facts) => {
      const value = facts[fact] as Record<string, unknown> | null | undefined;
      if (value == null || typeof value !== "object") return value;
      if (Array.isArray(value) || !hasOwn(value, a)) return undefined;
      const inner = value[a] as Record<string, unknown> | null | undefined;
      if (inner === null || typeof inner !== "object" || Array.isArray(inner) || !hasOwn(inner, b)) return undefined;
      return inner[b];
    };
  }
  return (facts) => {
    const value = facts[fact];
    if (value == null || typeof value !== "object") return value;
    return getAtSegments(value, segments);
  };
}

function valueGetter(value: unknown): (facts: Facts) => unknown {
  if (value != null && typeof value === "object" && hasOwn(value, "fact")) {
    const ref = value as { fact: string; path?: string };
    return factGetter(ref.fact, ref.path);
  }
  return () => value;
}

const booleanOperator = (c: Node): "any" | "all" | "not" | undefined => (hasOwn(c, "any") ? "any" : hasOwn(c, "all") ? "all" : hasOwn(c, "not") ? "not" : undefined);

/** The priority a condition is grouped by: boolean conditions default to 1, others take the fact's (1 here). */
function groupPriority(c: Node): number {
  if (booleanOperator(c)) return Number.parseInt(c.priority as string, 10) || 1;
  return (c.priority as number) || 1;
}

/** Conditions in priority sets, highest first, as json-rules-engine's prioritizeConditions orders them. */
function prioritySets<T>(conditions: Node[], make: (c: Node) => T): T[][] {
  const sets: Record<string, T[]> = {};
  for (const c of conditions) (sets[groupPriority(c)] ??= []).push(make(c));
  return Object.keys(sets)
    .sort((a, b) => (Number(a) > Number(b) ? -1 : 1))
    .map((k) => sets[k]);
}

class Compiler {
  private compiled = new Map<string, Test>();
  constructor(private shared: Record<string, Condition>) {}

  reference(name: string): Test {
    let test = this.compiled.get(name);
    if (!test) {
      const condition = this.shared[name];
      if (!condition) throw new Error(`No condition ${name} exists`);
      // Compiled lazily, so that a reference is only looked at when it is reached, as in the reference engine.
      let inner: Test | undefined;
      test = (facts) => (inner ??= this.condition(condition as unknown as Node))(facts);
      this.compiled.set(name, test);
    }
    return test;
  }

  /** A whole condition, as evaluateCondition treats it. */
  condition(c: Node): Test {
    if (!booleanOperator(c) && hasOwn(c, "condition")) return this.reference(c.condition as string);
    const op = booleanOperator(c);
    if (op === "all" || op === "any") return this.group(c[op] as Node[], op);
    if (op === "not") {
      const inner = this.condition(c.not as Node);
      return (facts) => !inner(facts);
    }
    const getValue = valueGetter(c.value);
    const getFact = factGetter(c.fact as string, c.path);
    const evaluate = compileOperator(c.operator as string);
    return (facts) => {
      const right = getValue(facts);
      return evaluate(getFact(facts), right);
    };
  }

  /** prioritizeAndRun: empty is true; one condition runs alone; otherwise priority sets with short-circuit. */
  group(conditions: Node[], op: "all" | "any"): Test {
    if (conditions.length === 0) return () => true;
    if (conditions.length === 1) return this.condition(conditions[0]);
    const sets = prioritySets(conditions, (c) => this.condition(c));
    return (facts) => {
      for (const set of sets) {
        let every = true;
        let some = false;
        for (const test of set) {
          if (test(facts) === true) some = true;
          else every = false;
        }
        if (op === "all" && !every) return false;
        if (op === "any" && some) return true;
      }
      return op === "all";
    };
  }

  /** A rule's root, as Rule.evaluate dispatches it. */
  root(c: Node): Test {
    return this.condition(c);
  }
}

/**
 * The tracing mode: interprets the tree as json-rules-engine does and returns its evaluated condition tree in the
 * shape of RuleResult.toJSON — the same trace as the reference, for one submission at a time.
 */
class Tracer {
  constructor(private shared: Record<string, Condition>, private facts: Facts) {}

  /** toJSON of a condition that was never evaluated. */
  idle(c: Node): Node {
    const out: Node = {};
    const op = booleanOperator(c);
    if (op) {
      out.priority = Number.parseInt(c.priority as string, 10) || 1;
      if (c.name) out.name = c.name;
      out[op] = op === "not" ? this.idle(c.not as Node) : (c[op] as Node[]).map((x) => this.idle(x));
      return out;
    }
    if (c.priority) out.priority = c.priority;
    if (c.name) out.name = c.name;
    if (hasOwn(c, "condition")) {
      out.condition = c.condition;
      return out;
    }
    Object.assign(out, { operator: c.operator, value: c.value, fact: c.fact });
    if (c.params) out.params = c.params;
    if (c.path) out.path = c.path;
    return out;
  }

  /** evaluateCondition, returning the result and the condition's JSON after evaluation. */
  evaluate(c: Node): { result: boolean; json: Node } {
    const op = booleanOperator(c);
    if (!op && hasOwn(c, "condition")) {
      const referenced = this.shared[c.condition as string] as unknown as Node | undefined;
      if (!referenced) throw new Error(`No condition ${c.condition} exists`);
      // json-rules-engine assigns the referenced Condition onto the reference: its priority (always set on a
      // boolean condition) replaces the reference's; a name is kept unless the referenced condition has one.
      const realized: Node = { ...c, ...structuredClone(referenced), priority: referenced.priority };
      delete realized.condition;
      return this.evaluate(realized);
    }
    if (op) {
      const json: Node = { priority: Number.parseInt(c.priority as string, 10) || 1 };
      if (c.name) json.name = c.name;
      if (op === "not") {
        const inner = this.run([c.not as Node], "not");
        json.not = inner.json[0];
        return { result: !inner.result, json };
      }
      const inner = this.run(c[op] as Node[], op);
      json[op] = inner.json;
      return { result: inner.result, json };
    }
    const right = valueGetter(c.value)(this.facts);
    const left = factGetter(c.fact as string, c.path)(this.facts);
    const result = compileOperator(c.operator as string)(left, right);
    const json: Node = {};
    if (c.priority) json.priority = c.priority;
    if (c.name) json.name = c.name;
    Object.assign(json, { operator: c.operator, value: c.value, fact: c.fact });
    if (left !== undefined) json.factResult = left;
    if (right !== undefined) json.valueResult = right;
    json.result = result;
    if (c.params) json.params = c.params;
    if (c.path) json.path = c.path;
    return { result, json };
  }

  /** prioritizeAndRun, keeping each condition's JSON in its original position. */
  run(conditions: Node[], op: "all" | "any" | "not"): { result: boolean; json: Node[] } {
    if (conditions.length === 0) return { result: true, json: [] };
    if (conditions.length === 1) {
      const only = this.evaluate(conditions[0]);
      return { result: only.result === true, json: [only.json] };
    }
    const json = conditions.map((c) => this.idle(c));
    const indexed = conditions.map((c, i) => ({ ...c, __index: i }) as Node);
    const sets = prioritySets(indexed, (c) => c);
    let outcome = op === "all";
    for (const set of sets) {
      if (op === "any" ? outcome : !outcome) break;
      const results = set.map((c) => {
        const { __index, ...condition } = c;
        const evaluated = this.evaluate(condition);
        json[__index as number] = evaluated.json;
        return evaluated.result === true;
      });
      outcome = op === "any" ? results.some(Boolean) : results.every(Boolean);
    }
    return { result: outcome, json };
  }
}

export type CompiledEvaluator = Evaluator & {
  /** Synchronous scoring: the same Result as `score`. */
  scoreSync(submission: Parameters<Evaluator["score"]>[0], options?: Parameters<Evaluator["score"]>[1]): ReturnType<Evaluator["score"]> extends Promise<infer R> ? R : never;
};

/**
 * The fast path reads the submission as it is: every path is an own-property walk over lint-checked keys, and
 * nothing is ever written to it, so the defensive copy the reference makes (and the trace shows) is not needed.
 */
export function createCompiledEvaluator(ruleset: ResolvedRuleset): CompiledEvaluator {
  const compiler = new Compiler(ruleset.conditions);
  const tests = ruleset.rules.map((rule) => compiler.root(rule.conditions as unknown as Node));
  const assemble = createAssembler(ruleset);
  const computeFacts = compileComputed(ruleset.computed);
  const params: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(ruleset.params)) params[name] = p.value;
  const scoreSync: CompiledEvaluator["scoreSync"] = (submission, options = {}) => {
    if (options.trace !== false) {
      const base = factsFor(ruleset, submission);
      const facts: Facts = { ...base, computed: evaluateComputed(ruleset.computed, base) };
      const tracer = new Tracer(ruleset.conditions, facts);
      const outcomes: RuleOutcome[] = ruleset.rules.map((rule) => {
        // A rule's root is evaluated like any condition (a boolean node's JSON never records its own result).
        const { result, json } = tracer.evaluate(rule.conditions as unknown as Node);
        return { passed: result === true, conditions: json };
      });
      return assemble(outcomes, options);
    }
    const form = submission.data ?? {};
    const context = { region: ruleset.region, domain: ruleset.domain, ...(submission.context ?? {}) };
    const facts: Facts = { form, params, context, computed: null };
    facts.computed = computeFacts(facts as { form: unknown; params: unknown; context: unknown });
    const passed: boolean[] = new Array(tests.length);
    for (let n = 0; n < tests.length; n++) passed[n] = tests[n](facts) === true;
    return assemble.fromPassed(passed, options);
  };
  return { ruleset, scoreSync, score: async (submission, options) => scoreSync(submission, options) };
}
