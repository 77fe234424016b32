import path from "node:path";
import Ajv from "ajv";
import { isPlainObject } from "../engine/json";
import { refusedPatterns } from "../engine/pattern";
import type { LintError } from "../engine/types";
import { readJsonFile } from "../server/rulesets/files.server";

/**
 * Lints a form file: `<id>.schema.json` must be a JSON Schema that compiles, whose `required` fields exist;
 * `<id>.ui.json` must be an object whose field keys name fields of the schema beside it.
 */
export function lintFormFile(file: string): LintError[] {
  const json = readJsonFile(file);
  if (!json.ok) return [json.error];
  const errors: LintError[] = [];
  if (!isPlainObject(json.value)) return [{ file, path: "$", message: "表单文件必须是 JSON 对象" }];
  if (file.endsWith(".schema.json")) {
    try {
      // Formats (date, email …) are the form renderer's business; here only the schema itself is checked.
      new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(json.value);
    } catch (error) {
      errors.push({
        file,
        path: "$",
        message: `不是有效的 JSON Schema：${error instanceof Error ? error.message : String(error)}`,
      });
    }
    const walk = (node: unknown, at: string) => {
      if (!isPlainObject(node)) return;
      if (Array.isArray(node.required) && isPlainObject(node.properties)) {
        node.required.forEach((name, i) => {
          if (!Object.prototype.hasOwnProperty.call(node.properties, name as string))
            errors.push({ file, path: `${at}.required[${i}]`, message: `必填字段 ${name} 不在 properties 中` });
        });
      }
      if (isPlainObject(node.properties))
        for (const [k, v] of Object.entries(node.properties)) walk(v, `${at}.properties.${k}`);
      if (isPlainObject(node.items)) walk(node.items, `${at}.items`);
      for (const key of ["allOf", "anyOf", "oneOf"])
        if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((s, i) => walk(s, `${at}.${key}[${i}]`));
    };
    walk(json.value, "$");
    for (const problem of refusedPatterns(json.value)) errors.push({ file, ...problem });
    return errors;
  }
  const schemaFile = file.replace(/\.ui\.json$/, ".schema.json");
  const schema = readJsonFile(schemaFile);
  if (!schema.ok) return [{ file, path: "$", message: `找不到对应的表单 ${path.basename(schemaFile)}` }];
  const walk = (ui: Record<string, unknown>, node: unknown, at: string) => {
    if (!isPlainObject(node)) return;
    const properties = isPlainObject(node.properties)
      ? node.properties
      : isPlainObject(node.items) && isPlainObject(node.items.properties)
        ? node.items.properties
        : undefined;
    for (const [key, value] of Object.entries(ui)) {
      if (key.startsWith("ui:") || key === "items" || key === "additionalItems") {
        if (key === "items" && isPlainObject(value) && isPlainObject(node.items))
          walk(value, node.items, `${at}.items`);
        continue;
      }
      if (!properties || !Object.prototype.hasOwnProperty.call(properties, key))
        errors.push({ file, path: `${at}.${key}`, message: `表单中没有字段 ${key}` });
      else if (isPlainObject(value)) walk(value, properties[key], `${at}.${key}`);
    }
  };
  walk(json.value, schema.value, "$");
  return errors;
}
