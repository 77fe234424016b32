import { isPlainObject, withoutForbiddenKeys } from "./json";
import { materialCounts } from "./materials";
import type { EvaluationContext, GivenMaterialCounts, JsonObject, ResolvedRuleset, Submission } from "./types";

/** A data file or JSONL line is the bare form data, or `{ "data": …, "context": …, "materials": … }`. */
export function toSubmission(value: unknown): Submission {
  if (
    isPlainObject(value) &&
    isPlainObject(value.data) &&
    Object.keys(value).every((k) => k === "data" || k === "context" || k === "materials")
  ) {
    return {
      data: value.data as JsonObject,
      ...(isPlainObject(value.context) ? { context: value.context as EvaluationContext } : {}),
      ...(isPlainObject(value.materials) ? { materials: value.materials as GivenMaterialCounts } : {}),
    };
  }
  return { data: (isPlainObject(value) ? value : {}) as JsonObject };
}

/** The facts every rule sees, with user data copied so that no key can reach a prototype. */
export function factsFor(ruleset: ResolvedRuleset, submission: Submission) {
  const params: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(ruleset.params)) params[name] = p.value;
  return {
    form: withoutForbiddenKeys(submission.data ?? {}),
    params,
    context: { region: ruleset.region, domain: ruleset.domain, ...withoutForbiddenKeys(submission.context ?? {}) },
    materials: materialCounts(ruleset.materials, submission.materials),
  };
}
