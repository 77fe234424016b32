/**
 * Conditions compiled into closures with json-rules-engine 7's semantics: nested all / any / not, shared condition
 * references, values that are facts, and priorities — conditions are evaluated in priority sets, every condition of
 * a set is evaluated (so an error in any of them surfaces, as in the reference), and later sets are skipped once the
 * outcome is known. No code is ever built from rule text: each condition becomes a closure over its parts.
 */
import type { FactReader, Facts } from "./fact";
import { compileConstantTest, compileOperator } from "./operators";
import { hasOwn } from "./path";
import type { Condition } from "./types";

export type Test = (facts: Facts) => boolean;
export type ConditionNode = Record<string, unknown>;

export const booleanOperator = (c: ConditionNode): "any" | "all" | "not" | undefined =>
  hasOwn(c, "any") ? "any" : hasOwn(c, "all") ? "all" : hasOwn(c, "not") ? "not" : undefined;

/** The priority a condition is grouped by: boolean conditions default to 1, others take the fact's (1 here). */
function groupPriority(c: ConditionNode): number {
  if (booleanOperator(c)) return Number.parseInt(c.priority as string, 10) || 1;
  return (c.priority as number) || 1;
}

/** Conditions in priority sets, highest first, as json-rules-engine's prioritizeConditions orders them. */
export function prioritySets<T>(conditions: ConditionNode[], make: (c: ConditionNode, index: number) => T): T[][] {
  const sets: Record<string, T[]> = {};
  conditions.forEach((c, index) => (sets[groupPriority(c)] ??= []).push(make(c, index)));
  return Object.keys(sets)
    .sort((a, b) => (Number(a) > Number(b) ? -1 : 1))
    .map((k) => sets[k]);
}

/** A leaf condition: the fact at its path compared with the value. */
function compileLeaf(c: ConditionNode, facts: FactReader): Test {
  const read = facts.read(c.fact as string, c.path);
  const value = facts.value(c.value);
  if (value.constant) {
    const fused = compileConstantTest(c.operator as string, read, value.value);
    if (fused) return fused;
    const compare = compileOperator(c.operator as string);
    const right = value.value;
    return (facts) => compare(read(facts), right);
  }
  const compare = compileOperator(c.operator as string);
  const readRight = value.read;
  return (facts) => {
    const right = readRight(facts);
    return compare(read(facts), right);
  };
}

/** The fast path: each rule's conditions as one test. */
export class ConditionCompiler {
  private references = new Map<string, Test>();
  constructor(
    private shared: Record<string, Condition>,
    private facts: FactReader,
  ) {}

  reference(name: string): Test {
    let test = this.references.get(name);
    if (!test) {
      // Compiled lazily, so that a reference is only looked at when it is reached, as in the reference engine.
      let inner: Test | undefined;
      test = (facts) => {
        if (!inner) {
          const condition = hasOwn(this.shared, name) ? this.shared[name] : undefined;
          if (!condition) throw new Error(`No condition ${name} exists`);
          inner = this.condition(condition as unknown as ConditionNode);
        }
        return inner(facts);
      };
      this.references.set(name, test);
    }
    return test;
  }

  /** A whole condition, as evaluateCondition treats it. */
  condition(c: ConditionNode): Test {
    const op = booleanOperator(c);
    if (!op && hasOwn(c, "condition")) return this.reference(c.condition as string);
    if (op === "all" || op === "any") return this.group(c[op] as ConditionNode[], op);
    if (op === "not") {
      const inner = this.condition(c.not as ConditionNode);
      return (facts) => !inner(facts);
    }
    return compileLeaf(c, this.facts);
  }

  /** prioritizeAndRun: empty is true; one condition runs alone; otherwise priority sets, each evaluated whole. */
  group(conditions: ConditionNode[], op: "all" | "any"): Test {
    if (conditions.length === 0) return () => true;
    if (conditions.length === 1) return this.condition(conditions[0]);
    const sets = prioritySets(conditions, (c) => this.condition(c));
    if (sets.length === 1) {
      const set = sets[0];
      return op === "all"
        ? (facts) => {
            let every = true;
            for (let i = 0; i < set.length; i++) if (set[i](facts) !== true) every = false;
            return every;
          }
        : (facts) => {
            let some = false;
            for (let i = 0; i < set.length; i++) if (set[i](facts) === true) some = true;
            return some;
          };
    }
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
}
