import { gradeFor } from "./grade";
import type { ResolvedRuleset, Result, ResultItem, TraceEntry } from "./types";

export const roundScore = (x: number): number => Math.round(x * 1e6) / 1e6;

/** What evaluating one rule's conditions came to, and (when traced) the evaluated condition tree. */
export type RuleOutcome = { passed: boolean; conditions?: unknown };

/** Turns each rule's outcome into the Result of DESIGN.md §3, whichever evaluator produced the outcomes. */
export function assembleResult(ruleset: ResolvedRuleset, outcomes: RuleOutcome[], meta: { revision?: number | null } = {}): Result {
  const indicatorIds = new Set(ruleset.indicators.map((i) => i.id));
  const raw = new Map<string, number>(ruleset.indicators.map((i) => [i.id, 0]));
  const vetoes: ResultItem[] = [];
  const unmet: ResultItem[] = [];
  const flags: ResultItem[] = [];
  const starNames: string[] = [];
  const trace: TraceEntry[] = [];

  ruleset.rules.forEach((rule, index) => {
    const outcome = outcomes[index];
    const { type, params = {} } = rule.event;
    const fired = type === "require" ? !outcome.passed : outcome.passed;
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
    if (outcome.conditions !== undefined) {
      trace.push({
        rule: rule.id,
        name: rule.name ?? rule.id,
        type,
        fired,
        ...(type === "score" || type === "deduct" ? { points: Number(params.points) || 0, indicator: String(params.indicator) } : {}),
        conditions: outcome.conditions,
      });
    }
  });

  const indicators = ruleset.indicators.map((i) => ({ id: i.id, title: i.title, score: roundScore(Math.min(i.max, Math.max(0, raw.get(i.id)!))), max: i.max }));
  const score = roundScore(indicators.reduce((sum, i) => sum + i.score, 0));
  const grade = gradeFor(ruleset, { score, starNames, vetoes: vetoes.map((v) => v.rule), unmet: unmet.map((u) => u.rule), flags: flags.map((f) => f.rule) });
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
}
