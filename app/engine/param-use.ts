import { inspectLogic } from "./computed";
import { isPlainObject } from "./json";
import { parsePath } from "./path";
import type { LintError, ResolvedRuleset, RulesetFile } from "./types";

const paramOf = (ref: unknown): string | undefined => {
  if (!isPlainObject(ref) || ref.fact !== "params" || typeof ref.path !== "string") return undefined;
  const parsed = parsePath(ref.path);
  return parsed.ok && typeof parsed.segments[0] === "string" ? parsed.segments[0] : undefined;
};

/** Every condition leaf below `node` (all / any / not / condition groups), with where it is. */
function* leaves(node: unknown, at: string): Generator<[Record<string, unknown>, string]> {
  if (!isPlainObject(node)) return;
  if ("fact" in node) yield [node, at];
  for (const key of ["all", "any"] as const)
    if (Array.isArray(node[key]))
      for (const [i, child] of node[key].entries()) yield* leaves(child, `${at}.${key}[${i}]`);
  if (node.not !== undefined) yield* leaves(node.not, `${at}.not`);
}

/** The params a resolved rule set reads: either side of a rule's, check's or shared condition, a computed value, a grade. */
export function paramsRead(rs: ResolvedRuleset): Set<string> {
  const read = new Set<string>();
  const add = (name: string | undefined) => name && read.add(name);
  const conditions = [
    ...rs.rules.map((r) => r.conditions),
    ...(rs.checks ?? []).map((c) => c.conditions),
    ...Object.values(rs.conditions ?? {}),
  ];
  for (const condition of conditions)
    for (const [leaf] of leaves(condition, "$")) {
      add(paramOf(leaf));
      add(paramOf(leaf.value));
    }
  for (const expression of Object.values(rs.computed ?? {}))
    for (const v of inspectLogic(expression).vars) if (v.startsWith("params.")) add(v.split(".")[1]);
  for (const grade of rs.grades)
    for (const bound of [grade.minScore, grade.minStars]) if (isPlainObject(bound)) add(String(bound.param));
  return read;
}

/**
 * A param this file defines that nothing reads is a threshold an admin can edit to no effect: an error. A rule of
 * this file comparing with a constant that equals a param's value probably meant the param: a warning.
 */
export function checkParamUse(
  file: string,
  content: RulesetFile,
  rs: ResolvedRuleset,
): { errors: LintError[]; warnings: LintError[] } {
  const read = paramsRead(rs);
  const errors: LintError[] = [];
  for (const [name, entry] of Object.entries(content.params ?? {})) {
    if (!isPlainObject(entry) || !("type" in entry) || read.has(name)) continue;
    const title = typeof entry.title === "string" ? ` ${entry.title}（${name}）` : ` ${name} `;
    errors.push({
      file,
      path: `$.params.${name}`,
      message: `参数${title}没有被任何规则、等次或计算值读取，修改它不会改变任何结果：请在规则中引用它（"value": { "fact": "params", "path": "$.${name}" }），或删除它`,
    });
  }
  const warnings: LintError[] = [];
  const numeric = Object.values(rs.params).filter((p) => typeof p.value === "number");
  for (const [i, rule] of (content.rules ?? []).entries())
    for (const [leaf, at] of leaves(rule.conditions, `$.rules[${i}].conditions`)) {
      // 0 and 1 (none, at least one) are what a rule naturally says; any other number a param holds is suspect.
      if (typeof leaf.value !== "number" || leaf.value === 0 || leaf.value === 1) continue;
      const same = numeric.find((p) => p.value === leaf.value);
      if (same)
        warnings.push({
          file,
          path: `${at}.value`,
          message: `规则与常数 ${leaf.value} 比较，它正好是参数 ${same.title ?? same.id}（${same.id}）的取值：若本意是这个参数，请改为 { "fact": "params", "path": "$.${same.id}" }，否则参数改动后这里不会跟着变`,
        });
    }
  return { errors, warnings };
}
