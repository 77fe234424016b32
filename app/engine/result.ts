import { gradeFor } from "./grade";
import type { ResolvedRuleset, Result, ResultItem, TraceEntry } from "./types";

export const roundScore = (x: number): number => Math.round(x * 1e6) / 1e6;

/** What evaluating one rule's conditions came to, and (when traced) the evaluated condition tree. */
export type RuleOutcome = { passed: boolean; conditions?: unknown };

/** Turns each rule's outcome into the Result of DESIGN.md §3, whichever evaluator produced the outcomes. */
export function assembleResult(ruleset: ResolvedRuleset, outcomes: RuleOutcome[], meta: { revision?: number | null } = {}): Result {
  return createAssembler(ruleset)(outcomes, meta);
}

/**
 * The same assembly with everything that depends only on the rule set worked out once: what each rule does when it
 * fires, where its points go, and the indicators' maxima.
 */
export type Assembler = ((outcomes: RuleOutcome[], meta?: { revision?: number | null }) => Result) & {
  /** Without a trace: only whether each rule's conditions passed. */
  fromPassed(passed: boolean[], meta?: { revision?: number | null }): Result;
};

export function createAssembler(ruleset: ResolvedRuleset): Assembler {
  const indicatorIndex = new Map(ruleset.indicators.map((i, n) => [i.id, n]));
  const effects = ruleset.rules.map((rule) => {
    const { type, params = {} } = rule.event;
    const scored = type === "score" || type === "deduct";
    return {
      rule,
      type,
      index: scored && indicatorIndex.has(String(params.indicator)) ? indicatorIndex.get(String(params.indicator))! : -1,
      points: (type === "deduct" ? -1 : 1) * (Number(params.points) || 0),
      tracePoints: Number(params.points) || 0,
      message: String(params.message ?? rule.name ?? rule.id),
      source: params.source ? String(params.source) : undefined,
      star: params.star ? String(params.star) : undefined,
    };
  });
  const maxScore = roundScore(ruleset.indicators.reduce((sum, i) => sum + i.max, 0));
  const assemble = (outcomes: RuleOutcome[] | null, passedOnly: boolean[] | null, meta: { revision?: number | null } = {}): Result => {
    const raw = ruleset.indicators.map(() => 0);
    const vetoes: ResultItem[] = [];
    const unmet: ResultItem[] = [];
    const flags: ResultItem[] = [];
    const starNames: string[] = [];
    const trace: TraceEntry[] = [];
    for (let n = 0; n < effects.length; n++) {
      const e = effects[n];
      const outcome = outcomes ? outcomes[n] : null;
      const passed = outcome ? outcome.passed : passedOnly![n];
      const fired = e.type === "require" ? !passed : passed;
      if (fired) {
        if (e.index >= 0) raw[e.index] += e.points;
        else if (e.type === "veto" || e.type === "require" || e.type === "flag") {
          const item: ResultItem = e.source ? { rule: e.rule.id, message: e.message, source: e.source } : { rule: e.rule.id, message: e.message };
          (e.type === "veto" ? vetoes : e.type === "require" ? unmet : flags).push(item);
        } else if (e.type === "star" && e.star && !starNames.includes(e.star)) starNames.push(e.star);
      }
      if (outcome && outcome.conditions !== undefined) {
        trace.push({
          rule: e.rule.id,
          name: e.rule.name ?? e.rule.id,
          type: e.type,
          fired,
          ...(e.type === "score" || e.type === "deduct" ? { points: e.tracePoints, indicator: String(e.rule.event.params?.indicator) } : {}),
          conditions: outcome.conditions,
        });
      }
    }
    const indicators = ruleset.indicators.map((i, n) => ({ id: i.id, title: i.title, score: roundScore(Math.min(i.max, Math.max(0, raw[n]))), max: i.max }));
    let total = 0;
    for (const i of indicators) total += i.score;
    const score = roundScore(total);
    const grade = gradeFor(ruleset, { score, starNames, vetoes: vetoes.map((v) => v.rule), unmet: unmet.map((u) => u.rule), flags: flags.map((f) => f.rule) });
    return {
      ruleset: { id: ruleset.id, revision: meta.revision ?? null, hash: ruleset.hash },
      grade: { id: grade.id, title: grade.title },
      score,
      maxScore,
      stars: starNames.length,
      starNames,
      indicators,
      vetoes,
      unmet,
      flags,
      trace,
    };
  };
  return Object.assign((outcomes: RuleOutcome[], meta?: { revision?: number | null }) => assemble(outcomes, null, meta), {
    fromPassed: (passed: boolean[], meta?: { revision?: number | null }) => assemble(null, passed, meta),
  });
}
