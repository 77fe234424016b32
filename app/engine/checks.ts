/**
 * Consistency checks (DESIGN.md §3, `checks`): conditions on the answers that must hold — 预备党员 ≤ 党员, a date
 * not after today — compiled like rule conditions and run while filling, on 申报, on import and on the 四评.
 */
import { ConditionCompiler, type ConditionNode, type Test } from "./condition";
import { FactReader, type Facts } from "./fact";
import { isPlainObject } from "./json";
import { getPath } from "./path";
import type { ConsistencyCheck, JsonObject, ResolvedRuleset } from "./types";

export type CheckProblem = { path: string; message: string; check: string };

/** The form paths a condition tree reads (a shared condition's reference reads nothing itself). */
export function formPathsRead(node: unknown, into = new Set<string>()): Set<string> {
  if (!isPlainObject(node)) return into;
  if (node.fact === "form" && typeof node.path === "string") into.add(node.path);
  if (isPlainObject(node.value) && node.value.fact === "form" && typeof node.value.path === "string")
    into.add(node.value.path);
  for (const key of ["all", "any"]) if (Array.isArray(node[key])) node[key].forEach((c) => formPathsRead(c, into));
  if (node.not) formPathsRead(node.not, into);
  return into;
}

const unanswered = (value: unknown) => value === undefined || value === null || value === "";

/**
 * The rule set's checks as one function of the answers and the context (`today` as YYYY-MM-DD for date checks):
 * the failed ones, each with its field and message. A check waits until every answer it reads is given — a missing
 * answer is the form's `required`, not an inconsistency.
 */
export function createConsistencyChecker(
  ruleset: ResolvedRuleset,
): (data: JsonObject, context?: JsonObject) => CheckProblem[] {
  const params: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(ruleset.params)) params[name] = p.value;
  const reader = new FactReader(params);
  const compiler = new ConditionCompiler(ruleset.conditions, reader);
  const checks: { check: ConsistencyCheck; test: Test; reads: string[] }[] = (ruleset.checks ?? []).map((check) => ({
    check,
    test: compiler.condition(check.conditions as unknown as ConditionNode),
    reads: [...formPathsRead(check.conditions)],
  }));
  const { region, domain } = ruleset;
  return (data, context = {}) => {
    if (!checks.length) return [];
    const facts: Facts = {
      form: data,
      params,
      context: { region, domain, ...context },
      computed: null,
      materials: null,
      sections: [],
      lists: [],
    };
    reader.prepare(facts);
    const problems: CheckProblem[] = [];
    for (const { check, test, reads } of checks) {
      if (reads.some((path) => unanswered(getPath(data, path)))) continue;
      if (!test(facts)) problems.push({ path: check.field, message: check.message, check: check.id });
    }
    return problems;
  };
}
