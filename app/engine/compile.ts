/**
 * A rule set compiled into plain closures with the semantics of json-rules-engine 7 (the reference), for the app,
 * the browser's live score and the CLI: conditions (condition.ts), facts (fact.ts), operators (operators.ts), the
 * tracing mode (trace.ts) and the Result (result.ts). No code is ever built from rule text.
 */
import { compileComputed } from "./computed";
import { ConditionCompiler, type ConditionNode } from "./condition";
import { FactReader, type Facts } from "./fact";
import { materialCounts } from "./materials";
import { containsForbiddenKey, withoutForbiddenKeys } from "./json";
import { createAssembler, type RuleOutcome } from "./result";
import { TraceCompiler, type Traced } from "./trace";
import type { Evaluator, ResolvedRuleset, Result, ScoreOptions, Submission } from "./types";

export type CompiledEvaluator = Evaluator & {
  /** Synchronous scoring: the same Result as `score`. */
  scoreSync(submission: Submission, options?: ScoreOptions): Result;
};

/**
 * Both modes read the submission as it is: every path is an own-property walk over lint-checked keys, and nothing
 * is ever written to it, so the defensive copy the reference makes matters only where a trace shows user data.
 */
export function createCompiledEvaluator(ruleset: ResolvedRuleset): CompiledEvaluator {
  const params: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(ruleset.params)) params[name] = p.value;
  const reader = new FactReader(params);
  const compiler = new ConditionCompiler(ruleset.conditions, reader);
  const tests = ruleset.rules.map((rule) => compiler.condition(rule.conditions as unknown as ConditionNode));
  // Scoring is synchronous, so one array of outcomes and two of form sections serve every call.
  const passed: boolean[] = new Array(tests.length).fill(false);
  const sections: unknown[] = [];
  const lists: unknown[] = [];
  let traced: Traced[] | undefined;
  const assemble = createAssembler(ruleset);
  const computeFacts = compileComputed(ruleset.computed);
  const { region, domain } = ruleset;

  const factsOf = (form: unknown, context: object | undefined, given: unknown): Facts => {
    const materials = materialCounts(ruleset.materials, given);
    const facts: Facts = {
      form,
      params,
      context: { region, domain, ...context },
      computed: null,
      materials,
      sections,
      lists,
    };
    reader.prepare(facts);
    const copy = computeFacts.needsCopiedData && (containsForbiddenKey(form) || containsForbiddenKey(facts.context));
    facts.computed = computeFacts(
      copy
        ? { form: withoutForbiddenKeys(form), params, context: withoutForbiddenKeys(facts.context), materials }
        : facts,
    );
    return facts;
  };

  const scoreSync: CompiledEvaluator["scoreSync"] = (submission, options = {}) => {
    if (options.trace !== false) {
      if (!traced) {
        const tracer = new TraceCompiler(ruleset.conditions, reader);
        traced = ruleset.rules.map((rule) => tracer.condition(rule.conditions as unknown as ConditionNode));
      }
      const facts = factsOf(submission.data ?? {}, submission.context, submission.materials);
      const outcomes: RuleOutcome[] = new Array(traced.length);
      for (let n = 0; n < traced.length; n++) {
        // A rule's root is evaluated like any condition (a boolean node's JSON never records its own result).
        const { result, json } = traced[n](facts);
        outcomes[n] = { passed: result === true, conditions: json };
      }
      return assemble(outcomes, options);
    }
    const facts = factsOf(submission.data ?? {}, submission.context, submission.materials);
    for (let n = 0; n < tests.length; n++) passed[n] = tests[n](facts);
    return assemble.fromPassed(passed, options);
  };
  return { ruleset, scoreSync, score: async (submission, options) => scoreSync(submission, options) };
}
