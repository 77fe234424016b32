import Ajv, { type ErrorObject } from "ajv";
import rulesetSchema from "../../schemas/ruleset.schema.json";
import { pointerToPath } from "./path";

export type FormatError = { path: string; message: string };

let validator: ReturnType<Ajv["compile"]> | undefined;

function validate() {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(rulesetSchema);
  return validator;
}

function describe(error: ErrorObject): { path: string; message: string } {
  const path = pointerToPath(error.instancePath);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path, message: `缺少必填属性 ${p.missingProperty}` };
    case "additionalProperties":
      return { path: `${path}.${p.additionalProperty}`, message: `不认识的属性 ${p.additionalProperty}` };
    case "type":
      return { path, message: `类型应为 ${p.type}` };
    case "enum":
      return {
        path,
        message: `取值应为 ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join("、")} 之一`,
      };
    case "const":
      return { path, message: `取值应为 ${JSON.stringify(p.allowedValue)}` };
    case "pattern":
      return { path, message: `格式不正确（应匹配 ${p.pattern}）` };
    case "propertyNames":
      return { path, message: `属性名 ${p.propertyName} 格式不正确` };
    case "minItems":
      return { path, message: `至少需要 ${p.limit} 项` };
    case "minLength":
      return { path, message: "不能为空" };
    case "minProperties":
      return { path, message: `至少需要 ${p.limit} 个属性` };
    case "uniqueItems":
      return { path, message: `第 ${p.j} 项与第 ${p.i} 项重复` };
    case "minimum":
    case "exclusiveMinimum":
      return { path, message: `应${error.keyword === "minimum" ? "不小于" : "大于"} ${p.limit}` };
    case "oneOf":
    case "anyOf":
      return { path, message: "不符合任何一种允许的写法" };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

/**
 * Checks a rule set against schemas/ruleset.schema.json. Conditions are checked by lint's own walker,
 * which can say precisely what is wrong; for other one-of choices only the choice itself is reported.
 */
export function validateFormat(content: unknown): FormatError[] {
  const check = validate();
  if (check(content)) return [];
  const errors = (check.errors ?? []).filter((e) => !e.schemaPath.startsWith("#/definitions/condition"));
  const choices = errors.filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf");
  const kept = errors.filter((e) =>
    e.keyword === "if"
      ? false
      : !choices.some((c) => c !== e && e.schemaPath.startsWith(c.schemaPath.replace(/\/(oneOf|anyOf)$/, "/$1/"))),
  );
  const seen = new Set<string>();
  return kept.map(describe).filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
