import { Engine, type RuleProperties, type RuleResult } from "json-rules-engine";
import { createCompiledEvaluator } from "./compile";
import { evaluateComputed } from "./computed";
import { getPath } from "./path";
import { createAssembler } from "./result";
import { factsFor } from "./submission";
import type { Evaluator, ResolvedRuleset } from "./types";

export { roundScore } from "./result";

export type EngineKind = "compiled" | "reference";

function buildEngine(ruleset: ResolvedRuleset): Engine {
  const engine = new Engine([], {
    allowUndefinedFacts: true,
    // Only `$.a.b[0].c` paths, own properties only: no JSONPath filters or scripts ever run.
    pathResolver: (value: unknown, path: string) => getPath(value, path),
  } as ConstructorParameters<typeof Engine>[1]);
  for (const [name, condition] of Object.entries(ruleset.conditions)) {
    engine.setCondition(name, condition as Parameters<Engine["setCondition"]>[1]);
  }
  for (const rule of ruleset.rules) {
    engine.addRule({
      name: rule.id,
      priority: rule.priority ?? 1,
      conditions: rule.conditions,
      event: rule.event,
    } as RuleProperties);
  }
  return engine;
}

/** The reference: json-rules-engine itself, per the semantics of DESIGN.md §3. */
export function createReferenceEvaluator(ruleset: ResolvedRuleset): Evaluator {
  const engine = buildEngine(ruleset);
  const assemble = createAssembler(ruleset);
  return {
    ruleset,
    async score(submission, options = {}) {
      const facts = factsFor(ruleset, submission);
      const computed = evaluateComputed(ruleset.computed, facts);
      const { results, failureResults } = await engine.run({ ...facts, computed });
      const byName = new Map<string, RuleResult>();
      for (const r of [...results, ...failureResults]) byName.set(r.name as string, r);
      const outcomes = ruleset.rules.map((rule) => {
        const r = byName.get(rule.id)!;
        return {
          passed: r.result === true,
          ...(options.trace === false ? {} : { conditions: (r.toJSON(false) as { conditions: unknown }).conditions }),
        };
      });
      return assemble(outcomes, options);
    },
  };
}

/** The evaluator the app, the browser and the CLI use: compiled closures unless the reference is asked for. */
export function createEvaluator(ruleset: ResolvedRuleset, engine: EngineKind = "compiled"): Evaluator {
  return engine === "reference" ? createReferenceEvaluator(ruleset) : createCompiledEvaluator(ruleset);
}
