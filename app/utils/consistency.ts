import { createConsistencyChecker, type CheckProblem } from "~/engine/checks";
import type { JsonObject, ResolvedRuleset } from "~/engine/types";
import { todayInChina } from "./format";

const checkers = new WeakMap<ResolvedRuleset, ReturnType<typeof createConsistencyChecker>>();

/**
 * The standard's consistency checks on a set of answers, with today's date in China for date checks: the same
 * function while filling (in the browser), on 申报, on the 四评 and on import.
 */
export function inconsistentAnswers(
  ruleset: ResolvedRuleset,
  data: JsonObject,
  context: JsonObject = {},
): CheckProblem[] {
  let check = checkers.get(ruleset);
  if (!check) checkers.set(ruleset, (check = createConsistencyChecker(ruleset)));
  return check(data, { ...context, today: todayInChina() });
}
