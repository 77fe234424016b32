import { isForbiddenKey, type PathSegment } from "./path";
import { isPlainObject } from "./json";
import type { FormSchema, JsonObject } from "./types";

type Schema = Record<string, unknown>;

function deref(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return schema;
  let target: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    if (!isPlainObject(target) || isForbiddenKey(part)) return schema;
    target = target[part];
  }
  return isPlainObject(target) ? deref(target, root) : schema;
}

/** The schema itself and the alternatives a value may also match (allOf, anyOf, oneOf, if/then/else, dependencies). */
function variants(schema: Schema, root: Schema): Schema[] {
  const out: Schema[] = [];
  const visit = (s: unknown) => {
    if (!isPlainObject(s)) return;
    const d = deref(s, root);
    if (out.includes(d)) return;
    out.push(d);
    for (const key of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(d[key])) (d[key] as unknown[]).forEach(visit);
    visit(d.then);
    visit(d.else);
    if (isPlainObject(d.dependencies)) Object.values(d.dependencies).forEach(visit);
  };
  visit(schema);
  return out;
}

/** The sub-schema at a path, or undefined when the form has no such field. */
export function fieldAt(schema: FormSchema, segments: readonly PathSegment[]): Schema | undefined {
  const root = schema as Schema;
  let candidates: Schema[] = [root];
  for (const segment of segments) {
    const next: Schema[] = [];
    for (const candidate of candidates) {
      for (const v of variants(candidate, root)) {
        if (typeof segment === "number") {
          if (isPlainObject(v.items)) next.push(deref(v.items, root));
          else if (Array.isArray(v.items) && isPlainObject(v.items[segment]))
            next.push(deref(v.items[segment] as Schema, root));
        } else if (isPlainObject(v.properties) && Object.prototype.hasOwnProperty.call(v.properties, segment)) {
          const child = v.properties[segment];
          if (isPlainObject(child)) next.push(deref(child, root));
        }
      }
    }
    if (!next.length) return undefined;
    candidates = next;
  }
  return candidates[0];
}

export type FormField = {
  path: string;
  title: string;
  type: string;
  unit?: string;
  enum?: unknown[];
  enumNames?: unknown[];
};

/** Every field of a form, depth first: objects, arrays (their items as `[]`) and leaves. */
export function listFields(schema: FormSchema): FormField[] {
  const root = schema as Schema;
  const fields: FormField[] = [];
  const seen = new Set<string>();
  const walk = (node: Schema, path: string, titles: string[]) => {
    for (const v of variants(node, root)) {
      if (isPlainObject(v.properties)) {
        for (const [key, child] of Object.entries(v.properties)) {
          if (!isPlainObject(child)) continue;
          const c = deref(child, root);
          const childPath = `${path}.${key}`;
          const title = typeof c.title === "string" ? c.title : key;
          if (!seen.has(childPath)) {
            seen.add(childPath);
            fields.push({
              path: childPath,
              title: [...titles, title].join(" / "),
              type: Array.isArray(c.type) ? c.type.join("|") : String(c.type ?? (c.enum ? "string" : "object")),
              ...(typeof c.unit === "string" ? { unit: c.unit } : {}),
              ...(Array.isArray(c.enum) ? { enum: c.enum } : {}),
              ...(Array.isArray(c.enumNames) ? { enumNames: c.enumNames } : {}),
            });
          }
          walk(c, childPath, [...titles, title]);
        }
      }
      if (isPlainObject(v.items)) walk(deref(v.items, root), `${path}[]`, titles);
    }
  };
  walk(root, "$", []);
  return fields;
}

export type FormExtendError = { path: string; message: string };

/**
 * Adds a child region's fields to an inherited form. Only new properties may be added; an existing field
 * may gain sub-fields when both are objects (and mark those new sub-fields required), but is never replaced
 * or removed.
 */
export function extendSchema(
  base: FormSchema,
  extension: JsonObject,
): { schema: FormSchema; errors: FormExtendError[] } {
  const errors: FormExtendError[] = [];
  const merge = (target: Schema, additions: JsonObject, path: string): Schema => {
    const properties: Schema = { ...(isPlainObject(target.properties) ? target.properties : {}) };
    for (const [key, addition] of Object.entries(additions)) {
      const at = `${path}.${key}`;
      if (isForbiddenKey(key)) {
        errors.push({ path: at, message: `字段名 ${key} 不允许使用` });
        continue;
      }
      if (!isPlainObject(addition)) {
        errors.push({ path: at, message: "新增字段必须是 JSON Schema 对象" });
        continue;
      }
      const existing = properties[key];
      if (existing === undefined) {
        properties[key] = addition;
      } else if (isPlainObject(existing) && existing.type === "object" && isPlainObject(addition.properties)) {
        const merged = merge(existing, addition.properties as JsonObject, at);
        const required = Array.isArray(addition.required) ? addition.required : [];
        for (const name of required) {
          if (
            typeof name !== "string" ||
            !Object.hasOwn(addition.properties, name) ||
            Object.hasOwn(existing.properties ?? {}, name)
          ) {
            errors.push({ path: `${at}.required`, message: `只能把本级新增的字段设为必填：${JSON.stringify(name)}` });
          }
        }
        const inherited = Array.isArray(existing.required) ? existing.required : [];
        properties[key] = required.length ? { ...merged, required: [...new Set([...inherited, ...required])] } : merged;
      } else {
        errors.push({ path: at, message: `字段 ${key} 已由上级表单定义，下级只能新增字段，不能修改或替换` });
      }
    }
    return { ...target, properties };
  };
  return { schema: merge(base as Schema, extension, "$") as FormSchema, errors };
}

/** A deep merge of uiSchema objects; the later one wins, forbidden keys are dropped. */
export function mergeUi(base: JsonObject, extra: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (isForbiddenKey(key)) continue;
    const current = out[key];
    out[key] =
      isPlainObject(current) && isPlainObject(value) ? mergeUi(current as JsonObject, value as JsonObject) : value;
  }
  return out;
}
