import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import localizeZh from "ajv-i18n/localize/zh";
import { fieldAt } from "./forms";
import { isPlainObject } from "./json";
import { parsePath, pointerToPath } from "./path";
import { linearRegExp } from "./pattern";
import type { FormSchema, JsonObject } from "./types";

export type FieldProblem = { path: string; message: string };

const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: FormSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false, code: { regExp: linearRegExp } });
    addFormats(ajv);
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** The Chinese title of the field at a path, for messages a branch secretary can act on. */
export function fieldTitle(schema: FormSchema, path: string): string {
  const parsed = parsePath(path);
  const titles: string[] = [];
  if (parsed.ok) {
    for (let i = 1; i <= parsed.segments.length; i++) {
      const field = fieldAt(schema, parsed.segments.slice(0, i));
      if (field && typeof field.title === "string") titles.push(field.title);
    }
  }
  return titles.join(" / ") || path;
}

function unknownFields(schema: FormSchema, data: unknown, segments: (string | number)[] = []): string[] {
  if (!isPlainObject(data)) return [];
  return Object.keys(data).flatMap((key) => {
    const at = [...segments, key];
    const path = "$" + at.map((s) => `.${s}`).join("");
    const field = fieldAt(schema, at);
    if (!field) return [path];
    return field.type === "object" ? unknownFields(schema, data[key], at) : [];
  });
}

/** Top-level sections the reviewer fills (`"ui:options": { "filledBy": "reviewer" }`). */
export function reviewerSections(uiSchema: JsonObject): string[] {
  return Object.entries(uiSchema).flatMap(([key, ui]) =>
    isPlainObject(ui) && isPlainObject(ui["ui:options"]) && ui["ui:options"].filledBy === "reviewer" ? [key] : [],
  );
}

const TYPE_NAMES: Record<string, string> = {
  integer: "整数",
  number: "数字",
  boolean: "“是”或“否”",
  string: "文字",
  object: "一组字段",
  array: "列表",
};

/** The common problems in words a branch secretary can act on; others in ajv-i18n's Chinese. */
function phrase(e: ErrorObject): string | undefined {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return "必填";
    case "type":
      return `应为${TYPE_NAMES[String(p.type)] ?? p.type}`;
    case "minimum":
      return `不能小于 ${p.limit}`;
    case "maximum":
      return `不能大于 ${p.limit}`;
    case "maxLength":
      return `不能超过 ${p.limit} 个字`;
    case "format":
      return p.format === "date" ? "应为日期，如 2025-01-31" : undefined;
    case "enum":
      return `应为以下之一：${(p.allowedValues as unknown[]).join("、")}`;
    case "uniqueItems":
      return "有重复的选项";
  }
  return undefined;
}

/**
 * Validates submitted form data against the form: JSON Schema (with Chinese messages naming the field),
 * no fields the form does not have, and — for a branch — nothing in the sections the reviewer fills.
 */
export function validateFormData(
  form: { schema: FormSchema; uiSchema: JsonObject },
  data: unknown,
  options: { forbidSections?: string[] } = {},
): FieldProblem[] {
  if (!isPlainObject(data)) return [{ path: "$", message: "填报数据必须是 JSON 对象" }];
  const problems: FieldProblem[] = [];
  for (const section of options.forbidSections ?? []) {
    if (section in data)
      problems.push({
        path: `$.${section}`,
        message: `“${fieldTitle(form.schema, `$.${section}`)}”由评定人填写，党支部不能提交`,
      });
  }
  for (const path of unknownFields(form.schema, data)) problems.push({ path, message: "表单中没有这个字段" });
  const validate = validatorFor(form.schema);
  if (!validate(data)) {
    // A boolean's 是/否 choice is a oneOf of consts: its type error says all there is to say.
    const errors = (validate.errors ?? []).filter(
      (e) => e.keyword !== "oneOf" && e.keyword !== "if" && !e.schemaPath.includes("/oneOf/"),
    );
    localizeZh(errors as ErrorObject[]);
    for (const e of errors) {
      const missing = e.keyword === "required" ? (e.params as { missingProperty: string }).missingProperty : undefined;
      const path = pointerToPath(e.instancePath) + (missing ? `.${missing}` : "");
      const title = fieldTitle(form.schema, path);
      const message = phrase(e) ?? e.message ?? e.keyword;
      if (!problems.some((p) => p.path === path)) problems.push({ path, message: `${title}：${message}` });
    }
  }
  return problems;
}
