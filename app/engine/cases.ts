import type { Evaluator } from "./types";
import type { CaseExpectation, Result, RulesetCase } from "./types";

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");
const list = (ids: string[]) => (ids.length ? ids.join("、") : "无");

/** What in the result contradicts the expectation, in Chinese; empty when the case passes. */
export function checkExpectation(expect: CaseExpectation, result: Result): string[] {
  const failures: string[] = [];
  if (expect.grade !== undefined && result.grade.id !== expect.grade) {
    failures.push(`等次应为 ${expect.grade}，实际为 ${result.grade.id}（${result.grade.title}）`);
  }
  if (expect.notGrade?.includes(result.grade.id))
    failures.push(`等次不应为 ${result.grade.id}（${result.grade.title}）`);
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
    const result = await evaluator.score({ data: c.data, context: c.context });
    outcomes.push({ name: c.name, failures: checkExpectation(c.expect, result), result });
  }
  return outcomes;
}
