/**
 * The tracing mode: conditions compiled into closures that also give the evaluated condition tree in the shape of
 * json-rules-engine's RuleResult.toJSON — the same trace as the reference, for one submission at a time.
 */
import { booleanOperator, prioritySets, type ConditionNode } from "./condition";
import type { FactReader, Facts } from "./fact";
import { containsForbiddenKey, withoutForbiddenKeys } from "./json";
import { compileOperator } from "./operators";
import { hasOwn } from "./path";
import type { Condition } from "./types";

export type Evaluated = { result: boolean; json: ConditionNode };
export type Traced = (facts: Facts) => Evaluated;
type TracedList = (facts: Facts) => { result: boolean; json: ConditionNode[] };

/** User data as json-rules-engine shows it: its facts are copied without forbidden keys (submission.ts). */
const cleaned = (value: unknown): unknown =>
  value !== null && typeof value === "object" && containsForbiddenKey(value) ? withoutForbiddenKeys(value) : value;

/** toJSON of a condition that was never evaluated. */
function idle(c: ConditionNode): ConditionNode {
  const out: ConditionNode = {};
  const op = booleanOperator(c);
  if (op) {
    out.priority = Number.parseInt(c.priority as string, 10) || 1;
    if (c.name) out.name = c.name;
    out[op] = op === "not" ? idle(c.not as ConditionNode) : (c[op] as ConditionNode[]).map(idle);
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

export class TraceCompiler {
  constructor(
    private shared: Record<string, Condition>,
    private facts: FactReader,
  ) {}

  /** evaluateCondition, returning the result and the condition's JSON after evaluation. */
  condition(c: ConditionNode): Traced {
    const op = booleanOperator(c);
    if (!op && hasOwn(c, "condition")) return this.reference(c);
    if (op) {
      const priority = Number.parseInt(c.priority as string, 10) || 1;
      const name = c.name;
      const inner = this.list(op === "not" ? [c.not as ConditionNode] : (c[op] as ConditionNode[]), op);
      return (facts) => {
        const evaluated = inner(facts);
        const json: ConditionNode = { priority };
        if (name) json.name = name;
        if (op === "not") {
          json.not = evaluated.json[0];
          return { result: !evaluated.result, json };
        }
        json[op] = evaluated.json;
        return { result: evaluated.result, json };
      };
    }
    return this.leaf(c);
  }

  /**
   * json-rules-engine assigns the referenced condition onto the reference: its priority (always set on a boolean
   * condition) replaces the reference's; a name is kept unless the referenced condition has one. Resolved when
   * first reached, as in the reference engine.
   */
  private reference(c: ConditionNode): Traced {
    let realized: Traced | undefined;
    return (facts) => {
      if (!realized) {
        const name = c.condition as string;
        const referenced = hasOwn(this.shared, name) ? (this.shared[name] as unknown as ConditionNode) : undefined;
        if (!referenced) throw new Error(`No condition ${name} exists`);
        const node: ConditionNode = { ...c, ...structuredClone(referenced), priority: referenced.priority };
        delete node.condition;
        realized = this.condition(node);
      }
      return realized(facts);
    };
  }

  private leaf(c: ConditionNode): Traced {
    const read = this.facts.read(c.fact as string, c.path);
    const value = this.facts.value(c.value);
    const compare = compileOperator(c.operator as string);
    return (facts) => {
      const right = value.constant ? value.value : value.read(facts);
      const left = read(facts);
      const result = compare(left, right);
      const json: ConditionNode = {};
      if (c.priority) json.priority = c.priority;
      if (c.name) json.name = c.name;
      json.operator = c.operator;
      json.value = c.value;
      json.fact = c.fact;
      if (left !== undefined) json.factResult = cleaned(left);
      if (right !== undefined) json.valueResult = cleaned(right);
      json.result = result;
      if (c.params) json.params = c.params;
      if (c.path) json.path = c.path;
      return { result, json };
    };
  }

  /** prioritizeAndRun, keeping each condition's JSON in its original position. */
  private list(conditions: ConditionNode[], op: "all" | "any" | "not"): TracedList {
    if (conditions.length === 0) return () => ({ result: true, json: [] });
    if (conditions.length === 1) {
      const only = this.condition(conditions[0]);
      return (facts) => {
        const evaluated = only(facts);
        return { result: evaluated.result === true, json: [evaluated.json] };
      };
    }
    const sets = prioritySets(conditions, (c, index) => ({ index, traced: this.condition(c) }));
    return (facts) => {
      const json: ConditionNode[] = new Array(conditions.length);
      let outcome = op === "all";
      for (const set of sets) {
        if (op === "any" ? outcome : !outcome) break;
        let every = true;
        let some = false;
        for (const { index, traced } of set) {
          const evaluated = traced(facts);
          json[index] = evaluated.json;
          if (evaluated.result === true) some = true;
          else every = false;
        }
        outcome = op === "any" ? some : every;
      }
      for (let i = 0; i < json.length; i++) json[i] ??= idle(conditions[i]);
      return { result: outcome, json };
    };
  }
}
