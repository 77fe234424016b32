import type { CaseExpectation, Evaluator, ResolvedRuleset, Result, RulesetCase } from "./types";

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");

/**
 * What in the result contradicts the expectation, in Chinese; empty when the case passes. With the rule set,
 * grades and rules are named by their titles (a failed publish says 「集体经济达标」, not `local-rule-2`).
 */
export function checkExpectation(expect: CaseExpectation, result: Result, ruleset?: ResolvedRuleset): string[] {
  const grade = (id: string) => {
    const title = ruleset?.grades.find((g) => g.id === id)?.title;
    return title ? `“${title}”` : id;
  };
  const rule = (id: string) => {
    const name = ruleset?.rules.find((r) => r.id === id)?.name;
    return name ? `「${name}」` : id;
  };
  const list = (ids: string[]) => (ids.length ? ids.map(rule).join("、") : "无");
  const failures: string[] = [];
  if (expect.grade !== undefined && result.grade.id !== expect.grade) {
    failures.push(`等次应为 ${grade(expect.grade)}，实际为 ${grade(result.grade.id)}`);
  }
  if (expect.notGrade?.includes(result.grade.id)) failures.push(`等次不应为 ${grade(result.grade.id)}`);
  if (expect.score !== undefined && Math.abs(result.score - expect.score) > 1e-6) {
    failures.push(`总分应为 ${expect.score}，实际为 ${result.score}`);
  }
  if (expect.minScore !== undefined && result.score < expect.minScore) {
    failures.push(`总分应不低于 ${expect.minScore}，实际为 ${result.score}`);
  }
  if (expect.stars !== undefined && result.stars !== expect.stars)
    failures.push(`星数应为 ${expect.stars}，实际为 ${result.stars}`);
  for (const [key, title] of [
    ["vetoes", "负面情形"],
    ["unmet", "未达要求"],
    ["flags", "预警"],
  ] as const) {
    const expected = expect[key];
    const actual = result[key].map((x) => x.rule);
    if (expected && !sameSet(expected, actual)) failures.push(`${title}应为 ${list(expected)}，实际为 ${list(actual)}`);
  }
  return failures;
}

export type CaseOutcome = { name: string; failures: string[]; result: Result };

/** Runs a rule set's cases with its evaluator, yielding to the event loop between them. */
export async function runCases(
  evaluator: Evaluator,
  cases: RulesetCase[] = evaluator.ruleset.cases,
): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  for (const c of cases) {
    // A macrotask between cases: on the server, other requests are answered while a long list of cases runs.
    if (outcomes.length) await new Promise((resolve) => setTimeout(resolve, 0));
    const result = await evaluator.score({ data: c.data, context: c.context, materials: c.materials });
    outcomes.push({ name: c.name, failures: checkExpectation(c.expect, result, evaluator.ruleset), result });
  }
  return outcomes;
}
