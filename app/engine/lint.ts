import { checkNearestAncestor } from "./ancestry";
import { COMPUTED_OPERATIONS, inspectLogic, LOGIC_LIMITS } from "./computed";
import { fieldAt } from "./forms";
import { isPlainObject } from "./json";
import { isKnownOperator } from "./operators";
import { checkParamUse } from "./param-use";
import { parsePath } from "./path";
import { refusedPatterns } from "./pattern";
import { checkFile, resolveRuleset, type Library, type LoadedRuleset } from "./resolve";
import { unknownSourceFiles } from "../utils/sources";
import { EVENT_TYPES, type LintError, type ResolvedRuleset, type RuleEvent, type RulesetFile } from "./types";

export const FACTS = ["form", "params", "computed", "context", "materials"] as const;
/** What the platform (or the caller of the CLI/API) supplies under `context`. */
export const CONTEXT_KEYS = ["year", "region", "domain", "branch", "history"] as const;

const LEAF_KEYS = new Set(["fact", "path", "operator", "value", "params", "name", "priority"]);
const GROUP_KEYS = new Set(["all", "any", "not", "condition"]);

type Report = (path: string, message: string) => void;

/** Checks that a fact reference (`fact` + `path`) names something that exists. */
function checkFactRef(
  fact: unknown,
  path: unknown,
  at: string,
  rs: ResolvedRuleset,
  report: Report,
  computedBefore?: Set<string>,
  inCheck = false,
) {
  if (inCheck && (fact === "computed" || fact === "materials")) {
    report(
      `${at}.fact`,
      `一致性检查只能读填报内容（form）、参数（params）和上下文（context），不能读${fact === "computed" ? "计算项" : "佐证材料"}`,
    );
    return;
  }
  if (computedBefore && fact === "materials") {
    report(`${at}.fact`, "计算项不能读佐证材料（materials）；请在规则中直接引用");
    return;
  }
  if (typeof fact !== "string" || !(FACTS as readonly string[]).includes(fact)) {
    report(`${at}.fact`, `未知的事实 ${JSON.stringify(fact)}，只能是 ${FACTS.join("、")}`);
    return;
  }
  if (path === undefined) {
    if (fact !== "context") report(`${at}.path`, `引用事实 ${fact} 时需要 path`);
    return;
  }
  const parsed = parsePath(path as string);
  if (!parsed.ok) {
    report(`${at}.path`, parsed.message);
    return;
  }
  const [head, ...rest] = parsed.segments;
  if (fact === "form") {
    if (!rs.form) return;
    if (!fieldAt(rs.form.schema, parsed.segments)) report(`${at}.path`, `表单 ${rs.form.id} 中没有字段 ${path}`);
  } else if (fact === "params") {
    if (typeof head !== "string" || !(head in rs.params)) report(`${at}.path`, `参数 ${String(head)} 不存在`);
    else if (rest.length) report(`${at}.path`, `参数 ${head} 是单个取值，不能再取 ${path}`);
  } else if (fact === "computed") {
    const known = computedBefore ?? new Set(Object.keys(rs.computed));
    if (typeof head !== "string" || !known.has(head))
      report(`${at}.path`, `计算项 ${String(head)} 不存在${computedBefore ? "或定义在其后" : ""}`);
  } else if (fact === "materials") {
    if (typeof head !== "string" || !(rs.materials ?? []).some((m) => m.id === head))
      report(`${at}.path`, `佐证材料目录中没有 ${String(head)}`);
    else if (rest.length > 1 || (rest.length === 1 && !["uploaded", "accepted", "rejected"].includes(String(rest[0]))))
      report(`${at}.path`, "佐证材料只提供 uploaded（已上传）、accepted（合格）、rejected（不合格）三个份数");
  } else if (inCheck && head === "today") {
    if (rest.length) report(`${at}.path`, "today 是今天的日期（如 2026-11-30），不能再取下一级");
  } else if (typeof head !== "string" || !(CONTEXT_KEYS as readonly string[]).includes(head)) {
    report(
      `${at}.path`,
      `上下文只提供 ${CONTEXT_KEYS.join("、")}${inCheck ? "、today（一致性检查中）" : ""}，没有 ${String(head)}`,
    );
  }
}

function checkCondition(node: unknown, at: string, rs: ResolvedRuleset, report: Report, inCheck = false): void {
  if (!isPlainObject(node)) {
    report(at, "条件必须是对象");
    return;
  }
  const groups = Object.keys(node).filter((k) => GROUP_KEYS.has(k));
  if (groups.length > 1) {
    report(at, `条件只能有 all、any、not、condition 之一，这里有 ${groups.join("、")}`);
    return;
  }
  if (groups.length === 1) {
    const key = groups[0];
    for (const k of Object.keys(node))
      if (k !== key && k !== "name" && k !== "priority") report(`${at}.${k}`, `不认识的属性 ${k}`);
    const value = node[key];
    if (key === "all" || key === "any") {
      if (!Array.isArray(value)) report(`${at}.${key}`, `${key} 必须是条件数组`);
      else value.forEach((c, i) => checkCondition(c, `${at}.${key}[${i}]`, rs, report, inCheck));
    } else if (key === "not") {
      checkCondition(value, `${at}.not`, rs, report, inCheck);
    } else if (typeof value !== "string" || !(value in rs.conditions)) {
      report(`${at}.condition`, `共享条件 ${JSON.stringify(value)} 不存在`);
    }
    return;
  }
  for (const k of Object.keys(node)) if (!LEAF_KEYS.has(k)) report(`${at}.${k}`, `不认识的属性 ${k}`);
  for (const k of ["fact", "operator"]) if (!(k in node)) report(at, `缺少 ${k}`);
  if (!("value" in node)) report(at, "缺少 value");
  if ("operator" in node && !isKnownOperator(node.operator as string)) {
    report(`${at}.operator`, `未知的运算符 ${JSON.stringify(node.operator)}`);
  }
  if ("fact" in node) checkFactRef(node.fact, node.path, at, rs, report, undefined, inCheck);
  if (isPlainObject(node.value) && "fact" in node.value)
    checkFactRef(node.value.fact, node.value.path, `${at}.value`, rs, report, undefined, inCheck);
}

function checkEvent(event: RuleEvent, at: string, rs: ResolvedRuleset, report: Report) {
  if (!(EVENT_TYPES as readonly string[]).includes(event.type)) {
    report(`${at}.type`, `未知的事件类型 ${JSON.stringify(event.type)}，只能是 ${EVENT_TYPES.join("、")}`);
    return;
  }
  const params = event.params ?? {};
  if (event.type === "score" || event.type === "deduct") {
    if (typeof params.indicator !== "string" || !rs.indicators.some((i) => i.id === params.indicator)) {
      report(`${at}.params.indicator`, `指标 ${JSON.stringify(params.indicator)} 不存在`);
    }
    if (typeof params.points !== "number") report(`${at}.params.points`, "score / deduct 需要数值 points");
  } else if (event.type === "star") {
    if (typeof params.star !== "string" || !params.star)
      report(`${at}.params.star`, "star 需要 params.star 写明星的名称");
  } else if (typeof params.message !== "string" || !params.message) {
    report(`${at}.params.message`, `${event.type} 需要 params.message 写明给人看的说明`);
  }
  if (typeof params.source === "string") checkCitation(params.source, `${at}.params.source`, report);
}

/** A citation names its document by a file the library's table of sources knows, so pages can show its title. */
function checkCitation(citation: string, at: string, report: Report): void {
  for (const file of unknownSourceFiles(citation))
    report(at, `依据中的文件 ${file} 不在标准库的来源文件表（rulesets/sources.json）中，页面无法显示它的标题`);
}

/** Reference checks on one file's own content, against the resolved rule set it belongs to. */
function checkReferences(file: string, content: RulesetFile, rs: ResolvedRuleset): LintError[] {
  const errors: LintError[] = [];
  const report: Report = (path, message) => errors.push({ file, path, message });
  const ruleType = new Map(rs.rules.map((r) => [r.id, r.event.type]));

  for (const [i, rule] of (content.rules ?? []).entries()) {
    if (isPlainObject(rule.conditions) && !Object.keys(rule.conditions).some((k) => GROUP_KEYS.has(k))) {
      report(
        `$.rules[${i}].conditions`,
        "规则的条件最外层必须是 all、any、not 或 condition 之一（json-rules-engine 的要求）",
      );
    }
    checkCondition(rule.conditions, `$.rules[${i}].conditions`, rs, report);
    checkEvent(rule.event, `$.rules[${i}].event`, rs, report);
  }
  for (const [name, condition] of Object.entries(content.conditions ?? {}))
    checkCondition(condition, `$.conditions.${name}`, rs, report);

  for (const [i, check] of (content.checks ?? []).entries()) {
    const at = `$.checks[${i}]`;
    if (isPlainObject(check.conditions) && !Object.keys(check.conditions).some((k) => GROUP_KEYS.has(k)))
      report(`${at}.conditions`, "检查的条件最外层必须是 all、any、not 或 condition 之一");
    checkCondition(check.conditions, `${at}.conditions`, rs, report, true);
    const field = parsePath(check.field);
    if (!field.ok) report(`${at}.field`, field.message);
    else if (rs.form && !fieldAt(rs.form.schema, field.segments))
      report(`${at}.field`, `表单 ${rs.form.id} 中没有字段 ${check.field}，不通过时无处提示`);
    if (typeof check.source === "string") checkCitation(check.source, `${at}.source`, report);
  }
  const gradeIdsAll = new Set(rs.grades.map((g) => g.id));
  for (const [i, material] of (content.materials ?? []).entries()) {
    const at = `$.materials[${i}]`;
    for (const [j, field] of (material.fields ?? []).entries()) {
      const parsed = parsePath(field);
      if (!parsed.ok) report(`${at}.fields[${j}]`, parsed.message);
      else if (rs.form && !fieldAt(rs.form.schema, parsed.segments))
        report(`${at}.fields[${j}]`, `表单 ${rs.form.id} 中没有字段 ${field}`);
    }
    if (Array.isArray(material.required))
      material.required.forEach((g, j) => gradeIdsAll.has(g) || report(`${at}.required[${j}]`, `等次 ${g} 不存在`));
    if (typeof material.source === "string") checkCitation(material.source, `${at}.source`, report);
  }
  if (typeof content.source === "string") checkCitation(content.source, "$.source", report);
  const extension = isPlainObject(content.form) ? content.form.extend : undefined;
  for (const problem of refusedPatterns(extension, "$.form.extend")) report(problem.path, problem.message);

  const names = Object.keys(rs.computed);
  for (const [name, expression] of Object.entries(content.computed ?? {})) {
    const before = new Set(names.slice(0, names.indexOf(name)));
    const { operations, vars, computedNames, nodes, depth, iterationDepth } = inspectLogic(expression);
    if (nodes > LOGIC_LIMITS.nodes)
      report(`$.computed.${name}`, `计算式过大：最多 ${LOGIC_LIMITS.nodes} 个节点，请拆成几个计算值`);
    if (depth > LOGIC_LIMITS.depth) report(`$.computed.${name}`, `计算式嵌套过深：最多 ${LOGIC_LIMITS.depth} 层`);
    if (iterationDepth > LOGIC_LIMITS.iterationDepth)
      report(
        `$.computed.${name}`,
        `map、filter、reduce、all、none、some 最多互相嵌套 ${LOGIC_LIMITS.iterationDepth} 层（这里有 ${iterationDepth} 层）`,
      );
    if (computedNames)
      report(`$.computed.${name}`, 'var 的名称必须直接写出（如 "form.basic.memberCount"），不能由表达式计算');
    for (const op of operations)
      if (!COMPUTED_OPERATIONS.has(op)) report(`$.computed.${name}`, `不支持的 JSON Logic 运算 ${op}`);
    for (const v of vars) {
      const [fact, ...rest] = v.split(".");
      checkFactRef(fact, rest.length ? "$." + rest.join(".") : undefined, `$.computed.${name}`, rs, report, before);
    }
  }

  const grades = content.grades ?? [];
  const starNames = new Set(rs.rules.filter((r) => r.event.type === "star").map((r) => r.event.params?.star));
  const seenGrades = new Set<string>();
  for (const [i, grade] of grades.entries()) {
    const at = `$.grades[${i}]`;
    if (seenGrades.has(grade.id)) report(`${at}.id`, `等次 ${grade.id} 重复`);
    seenGrades.add(grade.id);
    for (const key of ["minScore", "minStars"] as const) {
      const ref = grade[key];
      if (isPlainObject(ref)) {
        const param = rs.params[ref.param];
        if (!param) report(`${at}.${key}.param`, `参数 ${ref.param} 不存在`);
        else if (typeof param.value !== "number") report(`${at}.${key}.param`, `参数 ${ref.param} 不是数值`);
      }
    }
    if (Array.isArray(grade.requirements)) {
      grade.requirements.forEach((id, j) => {
        if (ruleType.get(id) !== "require") report(`${at}.requirements[${j}]`, `${id} 不是 require 规则`);
      });
    }
    if (Array.isArray(grade.noFlags)) {
      grade.noFlags.forEach((id, j) => {
        if (ruleType.get(id) !== "flag") report(`${at}.noFlags[${j}]`, `${id} 不是 flag 规则`);
      });
    }
    (grade.stars ?? []).forEach((star, j) => {
      if (!starNames.has(star)) report(`${at}.stars[${j}]`, `没有规则授予“${star}”`);
    });
  }
  if (grades.length) {
    const fallback = grades[grades.length - 1];
    const conditional = ["minScore", "minStars", "stars", "noVeto", "requirements", "noFlags"].filter(
      (k) => k in fallback,
    );
    if (conditional.length)
      report(`$.grades[${grades.length - 1}]`, `最后一个等次须不设条件作为兜底，这里有 ${conditional.join("、")}`);
  }

  const gradeIds = new Set(rs.grades.map((g) => g.id));
  for (const [i, c] of (content.cases ?? []).entries()) {
    const at = `$.cases[${i}].expect`;
    if (c.expect.grade !== undefined && !gradeIds.has(c.expect.grade))
      report(`${at}.grade`, `等次 ${c.expect.grade} 不存在`);
    (c.expect.notGrade ?? []).forEach((g, j) => gradeIds.has(g) || report(`${at}.notGrade[${j}]`, `等次 ${g} 不存在`));
    for (const [key, type] of [
      ["vetoes", "veto"],
      ["unmet", "require"],
      ["flags", "flag"],
    ] as const) {
      (c.expect[key] ?? []).forEach((id, j) => {
        if (ruleType.get(id) !== type) report(`${at}.${key}[${j}]`, `${id} 不是 ${type} 规则`);
      });
    }
  }
  return errors;
}

/**
 * Lints one rule set: its file, its resolution with its parents, every reference it makes, and whether its params
 * are read. `warnings` never block saving or publishing.
 */
export function lintRuleset(
  id: string,
  library: Library,
): { errors: LintError[]; warnings?: LintError[]; ruleset?: ResolvedRuleset } {
  const loaded: LoadedRuleset | undefined = library.ruleset(id);
  if (!loaded) return { errors: [{ file: id, path: "$", message: `规则集 ${id} 不存在` }] };
  const fileErrors = checkFile(loaded, id);
  if (fileErrors.length) return { errors: fileErrors };
  const ancestry = checkNearestAncestor(id, loaded, library);
  if (ancestry.length) return { errors: ancestry };
  const { ruleset, errors } = resolveRuleset(id, library);
  if (!ruleset) return { errors };
  const content = loaded.content as RulesetFile;
  const use = checkParamUse(loaded.file, content, ruleset);
  return {
    errors: [...checkReferences(loaded.file, content, ruleset), ...use.errors],
    warnings: use.warnings,
    ruleset,
  };
}
