import { validateFormat } from "./format";
import { canonicalJson, forbiddenKeyPaths, isPlainObject } from "./json";
import { applyForm } from "./resolve-form";
import { emptyResolving, reporter, type Level, type Resolving } from "./resolve-level";
import { applyMaterials } from "./resolve-materials";
import { applyParams } from "./resolve-params";
import { materialRequirements } from "./materials";
import { applyChecks, applyDefinitions, applyGrades, applyIndicators, applyRules } from "./resolve-rules";
import { sha256Hex } from "./sha256";
import type { Form, LintError, ParamOrigin, ResolvedParam, ResolvedRuleset, RulesetFile } from "./types";

/** Where rule sets and forms come from: files for the CLI, the database for the server. The engine does no I/O. */
export type LoadedRuleset = { file: string; content?: unknown; errors?: LintError[] };
export type Library = {
  ruleset(id: string): LoadedRuleset | undefined;
  form(id: string): Form | undefined;
  /** The regions above a region, nearest first; without it, administrative codes say (ancestry.ts). */
  ancestors?(regionCode: string): string[];
};

export type Resolution = { ruleset?: ResolvedRuleset; errors: LintError[] };

/** Checks one file's own content: JSON validity (done by the library), forbidden keys, the format schema, its id. */
export function checkFile(loaded: LoadedRuleset, expectedId?: string): LintError[] {
  if (loaded.errors?.length) return loaded.errors;
  const { file, content } = loaded;
  const errors: LintError[] = forbiddenKeyPaths(content).map((path) => ({
    file,
    path,
    message: "不允许使用 __proto__、constructor、prototype 作为属性名",
  }));
  errors.push(...validateFormat(content).map((e) => ({ file, ...e })));
  if (isPlainObject(content) && expectedId && typeof content.id === "string" && content.id !== expectedId) {
    errors.push({ file, path: "$.id", message: `id 为 ${content.id}，但文件位置对应 ${expectedId}` });
  }
  if (isPlainObject(content) && typeof content.id === "string") {
    const [region, domain] = content.id.split("/");
    if (typeof content.region === "string" && content.region !== region) {
      errors.push({ file, path: "$.region", message: `region ${content.region} 与 id ${content.id} 不一致` });
    }
    if (typeof content.domain === "string" && content.domain !== domain) {
      errors.push({ file, path: "$.domain", message: `domain ${content.domain} 与 id ${content.id} 不一致` });
    }
  }
  return errors;
}

/** The chain of files from the root down to `id`, or the errors that prevent building it. */
function loadChain(
  id: string,
  library: Library,
): { chain: { id: string; file: string; content: RulesetFile }[]; errors: LintError[] } {
  const chain: { id: string; file: string; content: RulesetFile }[] = [];
  const errors: LintError[] = [];
  const visited: string[] = [];
  let current: string | undefined = id;
  let referrer: { file: string } | undefined;
  while (current) {
    if (visited.includes(current)) {
      errors.push({
        file: referrer!.file,
        path: "$.extends",
        message: `extends 形成循环：${[...visited, current].join(" → ")}`,
      });
      break;
    }
    visited.push(current);
    const loaded = library.ruleset(current);
    if (!loaded) {
      errors.push(
        referrer
          ? { file: referrer.file, path: "$.extends", message: `上级规则集 ${current} 不存在` }
          : { file: current, path: "$", message: `规则集 ${current} 不存在` },
      );
      break;
    }
    const fileErrors = checkFile(loaded, current);
    if (fileErrors.length) {
      errors.push(...fileErrors);
      break;
    }
    const content = loaded.content as RulesetFile;
    chain.unshift({ id: current, file: loaded.file, content });
    referrer = loaded;
    current = content.extends;
  }
  return { chain, errors };
}

/**
 * Resolves a rule set: walks `extends` to the root, then applies each child in order — params, computed facts and
 * shared conditions, indicators, rules, grades, form — enforcing the guardrails (locked params, min/max and bounds,
 * required rules, no removal of form fields). Every violation names the file, the JSON path, and the rule set and
 * param or rule that forbids it.
 */
export function resolveRuleset(id: string, library: Library): Resolution {
  const { chain, errors } = loadChain(id, library);
  if (errors.length) return { errors };
  const state = emptyResolving();
  for (const [index, { id: rulesetId, file, content }] of chain.entries()) {
    const level: Level = { rulesetId, content, parentId: chain[index - 1]?.id, report: reporter(errors, file) };
    applyParams(state.params, level);
    applyDefinitions(state, level);
    applyIndicators(state, level);
    applyRules(state, level);
    applyGrades(state, level);
    applyChecks(state, level);
    applyMaterials(state, level);
    state.form = applyForm(state.form, library, level);
  }
  if (errors.length) return { errors };
  return { errors, ruleset: assemble(id, chain, state) };
}

/** The resolved rule set: what scoring needs (and its hash), plus the title, form and cases of the last file. */
function assemble(id: string, chain: { id: string; content: RulesetFile }[], state: Resolving): ResolvedRuleset {
  const last = chain[chain.length - 1].content;
  const effective = [...chain].reverse().find((c) => c.content.effective)?.content.effective;
  const [region, domain] = id.split("/");
  const params: Record<string, ResolvedParam> = {};
  const paramOrigins: Record<string, ParamOrigin> = {};
  for (const [name, { definedBy, boundsBy, lockedBy, values, ...param }] of Object.entries(state.params)) {
    params[name] = param;
    paramOrigins[name] = { definedBy, values, ...(boundsBy ? { boundsBy } : {}), ...(lockedBy ? { lockedBy } : {}) };
  }
  // A required evidence entry scores as a requirement: its rule and the grades it holds back are part of the hash.
  const { rules, grades } = materialRequirements(state.materials, state.rules, state.grades);
  const scoring = {
    id,
    chain: chain.map((c) => c.id),
    params,
    computed: state.computed,
    conditions: state.conditions,
    indicators: state.indicators,
    rules,
    grades,
  };
  return {
    ...scoring,
    title: last.title,
    region: last.region ?? region,
    domain: last.domain ?? domain,
    ...(last.source ? { source: last.source } : {}),
    ...(effective ? { effective } : {}),
    hash: "sha256:" + sha256Hex(canonicalJson(scoring)),
    paramOrigins,
    form: state.form,
    checks: state.checks,
    ...(state.materials.length ? { materials: state.materials } : {}),
    cases: last.cases ?? [],
  };
}
