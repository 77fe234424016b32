import { compileGradeFor } from "./grade";
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
 * fires, where its points go, the indicators' maxima and the grades' thresholds.
 */
export type Assembler = ((outcomes: RuleOutcome[], meta?: { revision?: number | null }) => Result) & {
  /** Without a trace: only whether each rule's conditions passed. */
  fromPassed(passed: ArrayLike<boolean>, meta?: { revision?: number | null }): Result;
};

/**
 * What a rule puts in `vetoes`, `unmet` or `flags` depends on the rule alone, so every Result shares one frozen
 * item per rule (and one grade object per grade) instead of building them again.
 */
const resultItem = (rule: string, message: string, source: string | undefined): ResultItem =>
  Object.freeze(source ? { rule, message, source } : { rule, message });

const SCORE = 0;
const VETO = 1;
const REQUIRE = 2;
const FLAG = 3;
const STAR = 4;
const NOTHING = 5;

export function createAssembler(ruleset: ResolvedRuleset): Assembler {
  const indicatorIndex = new Map(ruleset.indicators.map((i, n) => [i.id, n]));
  const effects = ruleset.rules.map((rule) => {
    const { type, params = {} } = rule.event;
    const scored = type === "score" || type === "deduct";
    const kind = scored ? SCORE : type === "veto" ? VETO : type === "require" ? REQUIRE : type === "flag" ? FLAG : type === "star" ? STAR : NOTHING;
    return {
      rule,
      type,
      kind,
      index: scored && indicatorIndex.has(String(params.indicator)) ? indicatorIndex.get(String(params.indicator))! : -1,
      points: (type === "deduct" ? -1 : 1) * (Number(params.points) || 0),
      tracePoints: Number(params.points) || 0,
      name: rule.name ?? rule.id,
      indicator: String(params.indicator),
      star: params.star ? String(params.star) : undefined,
      item: resultItem(rule.id, String(params.message ?? rule.name ?? rule.id), params.source ? String(params.source) : undefined),
    };
  });
  const indicatorsDefined = ruleset.indicators;
  const maxScore = roundScore(indicatorsDefined.reduce((sum, i) => sum + i.max, 0));
  const gradeFor = compileGradeFor(ruleset);
  const gradeRefs = new Map(ruleset.grades.map((g) => [g, Object.freeze({ id: g.id, title: g.title })]));
  const rulesetRef = { id: ruleset.id, hash: ruleset.hash };
  // Assembly is synchronous, so one array of raw indicator points serves every call.
  const scratch = new Float64Array(indicatorsDefined.length);

  const assemble = (outcomes: RuleOutcome[] | null, passedOnly: ArrayLike<boolean> | null, meta: { revision?: number | null } = {}): Result => {
    const raw = scratch.fill(0);
    const vetoes: ResultItem[] = [];
    const unmet: ResultItem[] = [];
    const flags: ResultItem[] = [];
    const starNames: string[] = [];
    const trace: TraceEntry[] = [];
    for (let n = 0; n < effects.length; n++) {
      const e = effects[n];
      const outcome = outcomes ? outcomes[n] : null;
      const passed = outcome ? outcome.passed : passedOnly![n];
      const fired = e.kind === REQUIRE ? !passed : passed;
      if (fired) {
        if (e.kind === SCORE) {
          if (e.index >= 0) raw[e.index] += e.points;
        } else if (e.kind === VETO || e.kind === REQUIRE || e.kind === FLAG) {
          (e.kind === VETO ? vetoes : e.kind === REQUIRE ? unmet : flags).push(e.item);
        } else if (e.kind === STAR && e.star && !starNames.includes(e.star)) starNames.push(e.star);
      }
      if (outcome && outcome.conditions !== undefined) {
        trace.push(
          e.kind === SCORE
            ? { rule: e.rule.id, name: e.name, type: e.type, fired, points: e.tracePoints, indicator: e.indicator, conditions: outcome.conditions }
            : { rule: e.rule.id, name: e.name, type: e.type, fired, conditions: outcome.conditions },
        );
      }
    }
    const indicators: Result["indicators"] = new Array(indicatorsDefined.length);
    let total = 0;
    for (let n = 0; n < indicatorsDefined.length; n++) {
      const i = indicatorsDefined[n];
      const score = roundScore(Math.min(i.max, Math.max(0, raw[n])));
      indicators[n] = { id: i.id, title: i.title, score, max: i.max };
      total += score;
    }
    const score = roundScore(total);
    const grade = gradeFor({ score, starNames, vetoes, unmet, flags });
    return {
      ruleset: { id: rulesetRef.id, revision: meta.revision ?? null, hash: rulesetRef.hash },
      grade: gradeRefs.get(grade)!,
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
    fromPassed: (passed: ArrayLike<boolean>, meta?: { revision?: number | null }) => assemble(null, passed, meta),
  });
}
