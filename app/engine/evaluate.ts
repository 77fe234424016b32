import { Engine, type RuleProperties, type RuleResult } from "json-rules-engine";
import { evaluateComputed } from "./computed";
import { gradeFor } from "./grade";
import { getPath } from "./path";
import { factsFor } from "./submission";
import type { ResolvedRuleset, Result, ResultItem, Submission, TraceEntry } from "./types";

export const roundScore = (x: number): number => Math.round(x * 1e6) / 1e6;

export type Evaluator = {
  ruleset: ResolvedRuleset;
  score(submission: Submission, meta?: { revision?: number | null }): Promise<Result>;
};

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

/** Scores submissions under one resolved rule set with json-rules-engine, per the semantics of DESIGN.md §3. */
export function createEvaluator(ruleset: ResolvedRuleset): Evaluator {
  const engine = buildEngine(ruleset);
  const indicatorIds = new Set(ruleset.indicators.map((i) => i.id));

  return {
    ruleset,
    async score(submission, meta = {}) {
      const facts = factsFor(ruleset, submission);
      const computed = evaluateComputed(ruleset.computed, facts);
      const { results, failureResults } = await engine.run({ ...facts, computed });
      const outcome = new Map<string, RuleResult>();
      for (const r of [...results, ...failureResults]) outcome.set(r.name as string, r);

      const raw = new Map<string, number>(ruleset.indicators.map((i) => [i.id, 0]));
      const vetoes: ResultItem[] = [];
      const unmet: ResultItem[] = [];
      const flags: ResultItem[] = [];
      const starNames: string[] = [];
      const trace: TraceEntry[] = [];

      for (const rule of ruleset.rules) {
        const ruleResult = outcome.get(rule.id);
        const passed = ruleResult?.result === true;
        const { type, params = {} } = rule.event;
        const fired = type === "require" ? !passed : passed;
        const item = (): ResultItem => ({
          rule: rule.id,
          message: String(params.message ?? rule.name ?? rule.id),
          ...(params.source ? { source: String(params.source) } : {}),
        });
        if (fired) {
          if ((type === "score" || type === "deduct") && indicatorIds.has(String(params.indicator))) {
            const points = Number(params.points) || 0;
            raw.set(String(params.indicator), raw.get(String(params.indicator))! + (type === "score" ? points : -points));
          } else if (type === "veto") vetoes.push(item());
          else if (type === "require") unmet.push(item());
          else if (type === "flag") flags.push(item());
          else if (type === "star" && params.star && !starNames.includes(String(params.star))) starNames.push(String(params.star));
        }
        trace.push({
          rule: rule.id,
          name: rule.name ?? rule.id,
          type,
          fired,
          ...(type === "score" || type === "deduct" ? { points: Number(params.points) || 0, indicator: String(params.indicator) } : {}),
          conditions: ruleResult ? (ruleResult.toJSON(false) as { conditions: unknown }).conditions : rule.conditions,
        });
      }

      const indicators = ruleset.indicators.map((i) => ({
        id: i.id,
        title: i.title,
        score: roundScore(Math.min(i.max, Math.max(0, raw.get(i.id)!))),
        max: i.max,
      }));
      const score = roundScore(indicators.reduce((sum, i) => sum + i.score, 0));
      const grade = gradeFor(ruleset, {
        score,
        starNames,
        vetoes: vetoes.map((v) => v.rule),
        unmet: unmet.map((u) => u.rule),
        flags: flags.map((f) => f.rule),
      });
      return {
        ruleset: { id: ruleset.id, revision: meta.revision ?? null, hash: ruleset.hash },
        grade: { id: grade.id, title: grade.title },
        score,
        maxScore: roundScore(ruleset.indicators.reduce((sum, i) => sum + i.max, 0)),
        stars: starNames.length,
        starNames,
        indicators,
        vetoes,
        unmet,
        flags,
        trace,
      };
    },
  };
}
