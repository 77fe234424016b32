import { compileGradeFor } from "./grade";
import type { ResolvedRuleset, Result, ResultItem, TraceEntry } from "./types";

export const roundScore = (x: number): number => Math.round(x * 1e6) / 1e6;

/** What evaluating one rule's conditions came to, and (when traced) the evaluated condition tree. */
export type RuleOutcome = { passed: boolean; conditions?: unknown };

/**
 * Turns each rule's outcome into the Result of DESIGN.md §3, whichever evaluator produced the outcomes, with
 * everything that depends only on the rule set worked out once: what each rule does when it fires, where its points
 * go, the indicators' maxima and the grades' thresholds.
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

export function createAssembler(ruleset: ResolvedRuleset): Assembler {
  const indicatorIndex = new Map(ruleset.indicators.map((i, n) => [i.id, n]));
  // What each rule does when it fires, sorted by effect and kept in rule order, so that assembling a Result is a
  // few short loops over booleans.
  const scores: { rule: number; indicator: number; points: number }[] = [];
  const listed: { rule: number; item: ResultItem }[][] = [[], [], []];
  const stars: { rule: number; star: string }[] = [];
  const VETO = 0,
    REQUIRE = 1,
    FLAG = 2;
  ruleset.rules.forEach((rule, n) => {
    const { type, params = {} } = rule.event;
    if (type === "score" || type === "deduct") {
      const indicator = indicatorIndex.get(String(params.indicator));
      if (indicator !== undefined)
        scores.push({ rule: n, indicator, points: (type === "deduct" ? -1 : 1) * (Number(params.points) || 0) });
    } else if (type === "veto" || type === "require" || type === "flag") {
      const item = resultItem(
        rule.id,
        String(params.message ?? rule.name ?? rule.id),
        params.source ? String(params.source) : undefined,
      );
      listed[type === "veto" ? VETO : type === "require" ? REQUIRE : FLAG].push({ rule: n, item });
    } else if (type === "star" && params.star) stars.push({ rule: n, star: String(params.star) });
  });
  // A trace entry: whether the rule's event took effect (a requirement: when unmet), and where its points go.
  const traceEntry = (n: number, passed: boolean, conditions: unknown): TraceEntry => {
    const rule = ruleset.rules[n];
    const { type, params = {} } = rule.event;
    const fired = type === "require" ? !passed : passed;
    const name = rule.name ?? rule.id;
    return type === "score" || type === "deduct"
      ? {
          rule: rule.id,
          name,
          type,
          fired,
          points: Number(params.points) || 0,
          indicator: String(params.indicator),
          conditions,
        }
      : { rule: rule.id, name, type, fired, conditions };
  };
  const indicatorsDefined = ruleset.indicators;
  const maxScore = roundScore(indicatorsDefined.reduce((sum, i) => sum + i.max, 0));
  const gradeFor = compileGradeFor(ruleset);
  const gradeRefs = new Map(ruleset.grades.map((g) => [g, Object.freeze({ id: g.id, title: g.title })]));
  const rulesetRef = { id: ruleset.id, hash: ruleset.hash };
  // Assembly is synchronous, so one array of raw indicator points serves every call.
  const raw = new Float64Array(indicatorsDefined.length);

  const items = (
    list: { rule: number; item: ResultItem }[],
    passed: ArrayLike<boolean>,
    when: boolean,
  ): ResultItem[] => {
    const out: ResultItem[] = [];
    for (let i = 0; i < list.length; i++) if (passed[list[i].rule] === when) out.push(list[i].item);
    return out;
  };

  const fromPassed = (passed: ArrayLike<boolean>, meta: { revision?: number | null } = {}): Result => {
    raw.fill(0);
    for (let i = 0; i < scores.length; i++) if (passed[scores[i].rule]) raw[scores[i].indicator] += scores[i].points;
    const vetoes = items(listed[VETO], passed, true);
    // A requirement is unmet when its conditions are false.
    const unmet = items(listed[REQUIRE], passed, false);
    const flags = items(listed[FLAG], passed, true);
    const starNames: string[] = [];
    for (let i = 0; i < stars.length; i++)
      if (passed[stars[i].rule] && !starNames.includes(stars[i].star)) starNames.push(stars[i].star);
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
      trace: [],
    };
  };

  const fromOutcomes = (outcomes: RuleOutcome[], meta?: { revision?: number | null }): Result => {
    const result = fromPassed(
      outcomes.map((o) => o.passed),
      meta,
    );
    for (let n = 0; n < outcomes.length; n++) {
      const { conditions, passed } = outcomes[n];
      if (conditions !== undefined) result.trace.push(traceEntry(n, passed, conditions));
    }
    return result;
  };
  return Object.assign(fromOutcomes, { fromPassed });
}
