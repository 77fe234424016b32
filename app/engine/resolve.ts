import { extendSchema, listFields, mergeUi } from "./forms";
import { validateFormat } from "./format";
import { canonicalJson, forbiddenKeyPaths, isPlainObject } from "./json";
import { sha256Hex } from "./sha256";
import type {
  Form,
  FormExtension,
  Json,
  LintError,
  ParamBounds,
  ParamDefinition,
  ResolvedParam,
  ResolvedRuleset,
  Rule,
  RulesetFile,
} from "./types";

/** Where rule sets and forms come from: files for the CLI, the database for the server. The engine does no I/O. */
export type LoadedRuleset = { file: string; content?: unknown; errors?: LintError[] };
export type Library = {
  ruleset(id: string): LoadedRuleset | undefined;
  form(id: string): Form | undefined;
};

export type Resolution = { ruleset?: ResolvedRuleset; errors: LintError[] };

type ParamState = ResolvedParam & { boundsBy?: string; lockedBy?: string };
type RuleOrigin = { rulesetId: string };

const isDefinition = (entry: unknown): entry is ParamDefinition =>
  isPlainObject(entry) && "type" in entry && "default" in entry;
const isOverride = (entry: unknown): entry is { value?: Json; bounds?: ParamBounds; locked?: boolean } =>
  isPlainObject(entry) &&
  !("type" in entry) &&
  Object.keys(entry).every((k) => k === "value" || k === "bounds" || k === "locked");

function typeMatches(def: ParamDefinition, value: Json): boolean {
  switch (def.type) {
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "string":
      return typeof value === "string";
  }
}

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
 * Resolves a rule set: walks `extends` to the root, then applies each child in order, enforcing the
 * guardrails (locked params, min/max and bounds, required rules, no removal of form fields). Every
 * violation names the file, the JSON path, and the parent rule set and param or rule that forbids it.
 */
export function resolveRuleset(id: string, library: Library): Resolution {
  const { chain, errors } = loadChain(id, library);
  if (errors.length) return { errors };

  const params: Record<string, ParamState> = {};
  const computed: Record<string, Json> = {};
  const conditions: ResolvedRuleset["conditions"] = {};
  const indicators: ResolvedRuleset["indicators"] = [];
  let rules: Rule[] = [];
  const ruleOrigin = new Map<string, RuleOrigin>();
  let grades: ResolvedRuleset["grades"] = [];
  let form: Form | null = null;

  for (const [level, { id: rulesetId, file, content }] of chain.entries()) {
    const isRoot = level === 0;
    const err = (path: string, message: string, parent?: string, forbiddenBy?: string) =>
      errors.push({ file, path, message, ...(parent ? { parent } : {}), ...(forbiddenBy ? { forbiddenBy } : {}) });

    for (const [name, entry] of Object.entries(content.params ?? {})) {
      const path = `$.params.${name}`;
      const existing = params[name];
      if (!existing) {
        if (!isDefinition(entry)) {
          err(path, `参数 ${name} 在上级规则集中不存在，新参数需要完整定义（type、default）`);
          continue;
        }
        const param: ParamState = { ...entry, id: name, value: entry.default, setBy: rulesetId };
        if (!typeMatches(entry, entry.default))
          err(`${path}.default`, `默认值 ${JSON.stringify(entry.default)} 不是 ${entry.type} 类型`);
        else if (
          typeof entry.default === "number" &&
          ((entry.min !== undefined && entry.default < entry.min) ||
            (entry.max !== undefined && entry.default > entry.max))
        ) {
          err(`${path}.default`, `默认值 ${entry.default} 超出取值范围 [${entry.min ?? "-∞"}, ${entry.max ?? "+∞"}]`);
        }
        if (entry.bounds) param.boundsBy = rulesetId;
        if (entry.locked) param.lockedBy = rulesetId;
        params[name] = param;
        continue;
      }
      if (isDefinition(entry)) {
        err(
          path,
          `参数 ${name} 已由上级规则集 ${existing.setBy} 定义，下级只能设定取值或收紧范围`,
          existing.setBy,
          `${name}`,
        );
        continue;
      }
      const override = isOverride(entry) ? entry : { value: entry as Json };
      if (existing.locked) {
        err(
          path,
          `参数 ${name} 已被上级规则集 ${existing.lockedBy} 锁定，不能修改`,
          existing.lockedBy,
          `${name}.locked`,
        );
        continue;
      }
      if (override.value !== undefined) {
        const value = override.value;
        const valuePath = isOverride(entry) ? `${path}.value` : path;
        if (!typeMatches(existing, value)) {
          err(
            valuePath,
            `参数 ${name} 的取值 ${JSON.stringify(value)} 不是 ${existing.type} 类型`,
            existing.setBy,
            name,
          );
          continue;
        }
        if (typeof value === "number") {
          if (existing.min !== undefined && value < existing.min) {
            err(
              valuePath,
              `参数 ${name} 的取值 ${value} 低于下限 ${existing.min}`,
              chain[0].id,
              `${name}.min = ${existing.min}`,
            );
            continue;
          }
          if (existing.max !== undefined && value > existing.max) {
            err(
              valuePath,
              `参数 ${name} 的取值 ${value} 高于上限 ${existing.max}`,
              chain[0].id,
              `${name}.max = ${existing.max}`,
            );
            continue;
          }
          const bounds = existing.bounds ?? {};
          if (bounds.min !== undefined && value < bounds.min) {
            err(
              valuePath,
              `参数 ${name} 的取值 ${value} 低于上级规则集 ${existing.boundsBy} 允许的下限 ${bounds.min}`,
              existing.boundsBy,
              `${name}.bounds.min = ${bounds.min}`,
            );
            continue;
          }
          if (bounds.max !== undefined && value > bounds.max) {
            err(
              valuePath,
              `参数 ${name} 的取值 ${value} 高于上级规则集 ${existing.boundsBy} 允许的上限 ${bounds.max}（不搞层层加码）`,
              existing.boundsBy,
              `${name}.bounds.max = ${bounds.max}`,
            );
            continue;
          }
        }
        if (existing.enum && !existing.enum.some((v) => canonicalJson(v) === canonicalJson(value))) {
          err(valuePath, `参数 ${name} 的取值 ${JSON.stringify(value)} 不在可选值之内`, existing.setBy, `${name}.enum`);
          continue;
        }
        existing.value = value;
        existing.setBy = rulesetId;
      }
      if (override.bounds) {
        const outer = existing.bounds ?? {};
        const inner = override.bounds;
        if (
          (outer.min !== undefined && (inner.min === undefined || inner.min < outer.min)) ||
          (outer.max !== undefined && (inner.max === undefined || inner.max > outer.max))
        ) {
          err(
            `${path}.bounds`,
            `参数 ${name} 的范围只能收紧，不能放宽上级规则集 ${existing.boundsBy} 设定的 ${JSON.stringify(outer)}`,
            existing.boundsBy,
            `${name}.bounds`,
          );
        } else {
          existing.bounds = inner;
          existing.boundsBy = rulesetId;
        }
      }
      if (override.locked) {
        existing.locked = true;
        existing.lockedBy = rulesetId;
      }
    }

    for (const [name, expression] of Object.entries(content.computed ?? {})) {
      if (name in computed) err(`$.computed.${name}`, `计算项 ${name} 已由上级规则集定义，不能覆盖`);
      else computed[name] = expression;
    }
    for (const [name, condition] of Object.entries(content.conditions ?? {})) {
      if (name in conditions) err(`$.conditions.${name}`, `共享条件 ${name} 已由上级规则集定义，不能覆盖`);
      else conditions[name] = condition;
    }
    for (const [i, indicator] of (content.indicators ?? []).entries()) {
      if (indicators.some((x) => x.id === indicator.id)) {
        err(
          `$.indicators[${i}]`,
          isRoot ? `指标 ${indicator.id} 重复` : `指标 ${indicator.id} 已由上级规则集定义，下级只能新增指标`,
        );
      } else indicators.push(indicator);
    }

    const own = new Set<string>();
    for (const [i, rule] of (content.rules ?? []).entries()) {
      const path = `$.rules[${i}]`;
      if (own.has(rule.id)) {
        err(`${path}.id`, `规则 ${rule.id} 在本文件中重复`);
        continue;
      }
      own.add(rule.id);
      const at = rules.findIndex((r) => r.id === rule.id);
      if (at >= 0) {
        const parentRule = rules[at];
        const origin = ruleOrigin.get(rule.id)!;
        if (parentRule.required) {
          err(
            path,
            `规则 ${rule.id} 是上级规则集 ${origin.rulesetId} 的必选规则，不能替换`,
            origin.rulesetId,
            `rule ${rule.id} (required)`,
          );
          continue;
        }
        rules[at] = rule;
      } else {
        rules.push(rule);
      }
      ruleOrigin.set(rule.id, { rulesetId });
    }
    for (const [i, ruleId] of (content.disable ?? []).entries()) {
      const path = `$.disable[${i}]`;
      const rule = rules.find((r) => r.id === ruleId);
      if (!rule || own.has(ruleId)) {
        err(path, `要停用的规则 ${ruleId} 在上级规则集中不存在`);
        continue;
      }
      const origin = ruleOrigin.get(ruleId)!;
      if (rule.required) {
        err(
          path,
          `规则 ${ruleId} 是上级规则集 ${origin.rulesetId} 的必选规则，不能停用`,
          origin.rulesetId,
          `rule ${ruleId} (required)`,
        );
        continue;
      }
      rules = rules.filter((r) => r.id !== ruleId);
    }

    if (content.grades) {
      if (isRoot) grades = content.grades;
      else err("$.grades", "下级规则集不能修改等次，只能通过参数调整分数线等阈值", chain[level - 1].id, "grades");
    }

    if (content.form !== undefined) {
      const spec: FormExtension = typeof content.form === "string" ? { base: content.form } : content.form;
      let next: Form | null = form;
      if (spec.base !== undefined) {
        const base = library.form(spec.base);
        if (!base) {
          err(typeof content.form === "string" ? "$.form" : "$.form.base", `表单 ${spec.base} 不存在`);
        } else {
          next = base;
          if (form) {
            const kept = new Set(listFields(base.schema).map((f) => f.path));
            for (const field of listFields(form.schema)) {
              if (!kept.has(field.path)) {
                err(
                  typeof content.form === "string" ? "$.form" : "$.form.base",
                  `表单 ${spec.base} 缺少上级表单的字段 ${field.path}（${field.title}），下级不能删除字段`,
                  chain[level - 1].id,
                  `form field ${field.path}`,
                );
              }
            }
          }
        }
      }
      if (next && spec.extend) {
        const extended = extendSchema(next.schema, spec.extend);
        for (const e of extended.errors) err(`$.form.extend${e.path.slice(1)}`, e.message, chain[level - 1]?.id);
        next = { id: next.id, schema: extended.schema, uiSchema: next.uiSchema };
      } else if (!next && spec.extend) {
        err("$.form.extend", "没有可扩展的表单：请先用 form 或 form.base 指定表单");
      }
      if (next && spec.ui) next = { ...next, uiSchema: mergeUi(next.uiSchema, spec.ui) };
      form = next;
    }
  }

  if (errors.length) return { errors };
  const last = chain[chain.length - 1].content;
  const effective = [...chain].reverse().find((c) => c.content.effective)?.content.effective;
  const [region, domain] = id.split("/");
  const resolvedParams: Record<string, ResolvedParam> = {};
  for (const [name, { boundsBy: _b, lockedBy: _l, ...param }] of Object.entries(params)) resolvedParams[name] = param;
  const scoring = {
    id,
    chain: chain.map((c) => c.id),
    params: resolvedParams,
    computed,
    conditions,
    indicators,
    rules,
    grades,
  };
  return {
    errors,
    ruleset: {
      ...scoring,
      title: last.title,
      region: last.region ?? region,
      domain: last.domain ?? domain,
      ...(last.source ? { source: last.source } : {}),
      ...(effective ? { effective } : {}),
      hash: "sha256:" + sha256Hex(canonicalJson(scoring)),
      form,
      cases: last.cases ?? [],
    },
  };
}
