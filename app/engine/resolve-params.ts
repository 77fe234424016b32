import { canonicalJson, isPlainObject } from "./json";
import type { Level, ParamState } from "./resolve-level";
import type { Json, ParamBounds, ParamDefinition } from "./types";

type Override = { value?: Json; bounds?: ParamBounds; locked?: boolean };

const isDefinition = (entry: unknown): entry is ParamDefinition =>
  isPlainObject(entry) && "type" in entry && "default" in entry;
const isOverride = (entry: unknown): entry is Override =>
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

/** Applies one rule set's `params`: new definitions, and values, bounds and locks for inherited ones. */
export function applyParams(params: Record<string, ParamState>, level: Level): void {
  for (const [name, entry] of Object.entries(level.content.params ?? {})) {
    const existing = params[name];
    if (existing) overrideParam(existing, name, entry, level);
    else {
      const defined = defineParam(name, entry, level);
      if (defined) params[name] = defined;
    }
  }
}

function defineParam(name: string, entry: unknown, { rulesetId, report }: Level): ParamState | undefined {
  const path = `$.params.${name}`;
  if (!isDefinition(entry)) {
    report(path, `参数 ${name} 在上级规则集中不存在，新参数需要完整定义（type、default）`);
    return undefined;
  }
  if (!typeMatches(entry, entry.default))
    report(`${path}.default`, `默认值 ${JSON.stringify(entry.default)} 不是 ${entry.type} 类型`);
  else if (
    typeof entry.default === "number" &&
    ((entry.min !== undefined && entry.default < entry.min) || (entry.max !== undefined && entry.default > entry.max))
  ) {
    report(`${path}.default`, `默认值 ${entry.default} 超出取值范围 [${entry.min ?? "-∞"}, ${entry.max ?? "+∞"}]`);
  }
  return {
    ...entry,
    id: name,
    value: entry.default,
    setBy: rulesetId,
    definedBy: rulesetId,
    values: [{ by: rulesetId, value: entry.default }],
    ...(entry.bounds ? { boundsBy: rulesetId } : {}),
    ...(entry.locked ? { lockedBy: rulesetId } : {}),
  };
}

function overrideParam(existing: ParamState, name: string, entry: unknown, level: Level): void {
  const path = `$.params.${name}`;
  if (isDefinition(entry)) {
    level.report(
      path,
      `参数 ${name} 已由上级规则集 ${existing.definedBy} 定义，下级只能设定取值或收紧范围`,
      existing.definedBy,
      name,
    );
    return;
  }
  if (existing.locked) {
    level.report(
      path,
      `参数 ${name} 已被上级规则集 ${existing.lockedBy} 锁定，不能修改`,
      existing.lockedBy,
      `${name}.locked`,
    );
    return;
  }
  const override: Override = isOverride(entry) ? entry : { value: entry as Json };
  if (override.value !== undefined) {
    const valuePath = isOverride(entry) ? `${path}.value` : path;
    const refusal = valueRefusal(existing, name, override.value);
    if (refusal) return level.report(valuePath, ...refusal);
    existing.value = override.value;
    existing.setBy = level.rulesetId;
    existing.values = [...existing.values, { by: level.rulesetId, value: override.value }];
  }
  if (override.bounds) tightenBounds(existing, name, override.bounds, level);
  if (override.locked) {
    existing.locked = true;
    existing.lockedBy = level.rulesetId;
  }
}

/**
 * Why a child may not give a param this value, with the rule set that forbids it: the definition's type, range
 * and options belong to the rule set that defined the param; bounds to the one that last tightened them.
 */
function valueRefusal(
  param: ParamState,
  name: string,
  value: Json,
): [message: string, parent?: string, forbiddenBy?: string] | undefined {
  if (!typeMatches(param, value))
    return [`参数 ${name} 的取值 ${JSON.stringify(value)} 不是 ${param.type} 类型`, param.definedBy, name];
  if (typeof value === "number") {
    if (param.min !== undefined && value < param.min)
      return [`参数 ${name} 的取值 ${value} 低于下限 ${param.min}`, param.definedBy, `${name}.min = ${param.min}`];
    if (param.max !== undefined && value > param.max)
      return [`参数 ${name} 的取值 ${value} 高于上限 ${param.max}`, param.definedBy, `${name}.max = ${param.max}`];
    const bounds = param.bounds ?? {};
    if (bounds.min !== undefined && value < bounds.min)
      return [
        `参数 ${name} 的取值 ${value} 低于上级规则集 ${param.boundsBy} 允许的下限 ${bounds.min}`,
        param.boundsBy,
        `${name}.bounds.min = ${bounds.min}`,
      ];
    if (bounds.max !== undefined && value > bounds.max)
      return [
        `参数 ${name} 的取值 ${value} 高于上级规则集 ${param.boundsBy} 允许的上限 ${bounds.max}（不搞层层加码）`,
        param.boundsBy,
        `${name}.bounds.max = ${bounds.max}`,
      ];
  }
  if (param.enum && !param.enum.some((v) => canonicalJson(v) === canonicalJson(value)))
    return [`参数 ${name} 的取值 ${JSON.stringify(value)} 不在可选值之内`, param.definedBy, `${name}.enum`];
  return undefined;
}

/** Bounds may only be tightened, never loosened or dropped. */
function tightenBounds(param: ParamState, name: string, inner: ParamBounds, level: Level): void {
  const outer = param.bounds ?? {};
  if (
    (outer.min !== undefined && (inner.min === undefined || inner.min < outer.min)) ||
    (outer.max !== undefined && (inner.max === undefined || inner.max > outer.max))
  ) {
    level.report(
      `$.params.${name}.bounds`,
      `参数 ${name} 的范围只能收紧，不能放宽上级规则集 ${param.boundsBy} 设定的 ${JSON.stringify(outer)}`,
      param.boundsBy,
      `${name}.bounds`,
    );
    return;
  }
  param.bounds = inner;
  param.boundsBy = level.rulesetId;
}
