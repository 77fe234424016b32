import { listFields } from "~/engine/forms";
import { isPlainObject } from "~/engine/json";
import { OPERATOR_LABELS } from "~/engine/operators";
import type { Condition, Form, Json, Material, ResolvedParam } from "~/engine/types";

/**
 * The visual condition builder's model (react-querybuilder's query) and its exact translation to and from
 * json-rules-engine conditions. A condition the builder cannot show without changing it (a shared condition
 * reference, `not` over a single leaf, decorated operators, names or priorities on conditions) is reported as
 * unsupported and stays in the JSON editor, so switching never loses or rewrites a rule.
 */

export type FieldType = "number" | "boolean" | "string" | "enum" | "array";

/** A fact path the builder offers: `form:$.basic.collectiveIncome`, `computed:$.excellentRatio`, `params:$.scoreLine` … */
export type BuilderField = {
  name: string;
  label: string;
  type: FieldType;
  unit?: string;
  values?: { name: string; label: string }[];
  rhsOnly?: boolean;
};

export type QueryRule = {
  id?: string;
  field: string;
  operator: string;
  value: unknown;
  valueSource?: "value" | "field";
};
export type QueryGroup = { id?: string; combinator: string; not?: boolean; rules: (QueryRule | QueryGroup)[] };

export const OPERATORS_BY_TYPE: Record<FieldType, string[]> = {
  number: ["greaterThanInclusive", "greaterThan", "lessThanInclusive", "lessThan", "equal", "notEqual"],
  boolean: ["equal", "notEqual"],
  string: ["equal", "notEqual"],
  enum: ["equal", "notEqual", "in", "notIn"],
  array: ["contains", "doesNotContain"],
};

export const operatorOptions = (type: FieldType) =>
  OPERATORS_BY_TYPE[type].map((name) => ({ name, value: name, label: OPERATOR_LABELS[name] ?? name }));

const CONTEXT_FIELDS: BuilderField[] = [
  { name: "context:$.year", label: "环境 · 评定年度", type: "number" },
  { name: "context:$.branch.ageYears", label: "环境 · 支部组建年限", type: "number", unit: "年" },
  { name: "context:$.branch.memberCount", label: "环境 · 党员人数", type: "number", unit: "名" },
  { name: "context:$.history.weakLastYear", label: "环境 · 上年度为后进（软弱涣散）", type: "boolean" },
  { name: "context:$.history.weakUnresolved", label: "环境 · 软弱涣散整顿尚未销号", type: "boolean" },
  { name: "context:$.history.lastGrade", label: "环境 · 上年度等次", type: "string" },
];

function fieldType(type: string, hasEnum: boolean): FieldType | undefined {
  if (type === "number" || type === "integer") return "number";
  if (type === "boolean") return "boolean";
  if (type === "array") return "array";
  if (type === "string") return hasEnum ? "enum" : "string";
  return undefined;
}

/** What a condition may read: the form's fields, the computed values, the context; and params for the right-hand side. */
export function builderFields(
  form: Form | null,
  computed: string[],
  params: Record<string, Pick<ResolvedParam, "title" | "type" | "unit">>,
  materials: Pick<Material, "id" | "title">[] = [],
): BuilderField[] {
  const fields: BuilderField[] = [];
  for (const f of form ? listFields(form.schema) : []) {
    if (f.path.includes("[]")) continue;
    const type = fieldType(f.type, Array.isArray(f.enum));
    if (!type) continue;
    const values = f.enum?.map((v, i) => ({ name: String(v), label: String(f.enumNames?.[i] ?? v) }));
    fields.push({
      name: `form:${f.path}`,
      label: `表单 · ${f.title}`,
      type,
      ...(f.unit ? { unit: f.unit } : {}),
      ...(values ? { values } : {}),
    });
  }
  for (const name of computed) fields.push({ name: `computed:$.${name}`, label: `计算项 · ${name}`, type: "number" });
  fields.push(...CONTEXT_FIELDS);
  for (const m of materials)
    for (const [count, label] of MATERIAL_COUNTS)
      fields.push({
        name: `materials:$.${m.id}.${count}`,
        label: `佐证材料 · ${m.title} · ${label}`,
        type: "number",
        unit: "份",
      });
  for (const [id, p] of Object.entries(params)) {
    const type = p.type === "integer" ? "number" : p.type;
    fields.push({
      name: `params:$.${id}`,
      label: `参数 · ${p.title ?? id}`,
      type: type as FieldType,
      ...(p.unit ? { unit: p.unit } : {}),
      rhsOnly: true,
    });
  }
  return fields;
}

const splitField = (name: string) => {
  const at = name.indexOf(":");
  return { fact: name.slice(0, at), path: name.slice(at + 1) };
};

const LEAF_KEYS = new Set(["fact", "path", "operator", "value"]);
const BUILDER_FACTS = new Set(["form", "computed", "context", "materials"]);
const MATERIAL_COUNTS = [
  ["uploaded", "上传份数"],
  ["accepted", "合格份数"],
  ["rejected", "不合格份数"],
] as const;

export type ToQuery = { ok: true; query: QueryGroup } | { ok: false; reason: string };

/** A rule's conditions as the builder's query, or why the builder cannot show them exactly. */
export function toQuery(condition: Condition, fields: BuilderField[]): ToQuery {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const fail = (reason: string): never => {
    throw new Unsupported(reason);
  };
  const leaf = (c: Record<string, unknown>): QueryRule => {
    if (Object.keys(c).some((k) => !LEAF_KEYS.has(k))) fail("条件上有名称、优先级或参数");
    if (typeof c.fact !== "string" || !BUILDER_FACTS.has(c.fact) || typeof c.path !== "string")
      fail(`条件读取 ${String(c.fact)}，可视化编辑只支持表单、计算项、环境和佐证材料`);
    const name = `${c.fact}:${c.path}`;
    const field = byName.get(name) ?? fail(`字段 ${c.path as string} 不在表单中`);
    if (field.rhsOnly) fail("参数只能作为比较值");
    const operator = c.operator as string;
    if (!OPERATORS_BY_TYPE[field.type].includes(operator)) fail(`运算符 ${operator} 不适用于该字段`);
    const value = c.value;
    if (isPlainObject(value)) {
      if (
        Object.keys(value).some((k) => k !== "fact" && k !== "path") ||
        typeof value.fact !== "string" ||
        typeof value.path !== "string"
      )
        fail("比较值引用了带参数的事实");
      const ref = `${value.fact}:${value.path}`;
      if (!byName.has(ref)) fail(`比较值 ${ref} 不存在`);
      return { field: name, operator, value: ref, valueSource: "field" };
    }
    if (Array.isArray(value) !== (operator === "in" || operator === "notIn")) fail("比较值的形式与运算符不符");
    if (Array.isArray(value) && value.some((v) => typeof v !== "string")) fail("列表中只能是文本");
    if (!Array.isArray(value) && !isLiteralFor(field.type, value)) fail("比较值的类型与字段不符");
    // The builder's 是/否 choice holds text; fromQuery turns it back into a boolean.
    return { field: name, operator, value: field.type === "boolean" ? String(value) : value, valueSource: "value" };
  };
  const group = (c: Record<string, unknown>, negated = false): QueryGroup => {
    const keys = Object.keys(c);
    if (keys.length !== 1) fail("条件组上有名称或优先级");
    if (Array.isArray(c.all) || Array.isArray(c.any)) {
      const items = (c.all ?? c.any) as Record<string, unknown>[];
      return {
        combinator: c.all ? "and" : "or",
        ...(negated ? { not: true } : {}),
        rules: items.map((x) =>
          isPlainObject(x) && ("all" in x || "any" in x || "not" in x || "condition" in x) ? group(x) : leaf(x),
        ),
      };
    }
    if (isPlainObject(c.not)) {
      if (negated) fail("双重否定");
      if (!("all" in c.not || "any" in c.not)) fail("“非”只能作用于条件组");
      return group(c.not, true);
    }
    return fail("引用了共享条件");
  };
  try {
    if (!isPlainObject(condition)) return { ok: false, reason: "条件不是对象" };
    return { ok: true, query: group(condition) };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.message };
    throw error;
  }
}

class Unsupported extends Error {}

function isLiteralFor(type: FieldType, value: unknown): boolean {
  if (value === null) return type === "number";
  if (type === "number") return typeof value === "number";
  if (type === "boolean") return typeof value === "boolean";
  return typeof value === "string";
}

function literal(type: FieldType | undefined, operator: string, value: unknown): Json {
  if (operator === "in" || operator === "notIn") {
    const list = Array.isArray(value) ? value : typeof value === "string" && value !== "" ? value.split(/[,，]/) : [];
    return list.map((v) => String(v).trim()).filter(Boolean);
  }
  if (type === "number") {
    if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return null;
    const n = typeof value === "number" ? value : Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (type === "boolean") return value === true || value === "true";
  return value === undefined || value === null ? "" : String(value);
}

/** The builder's query as json-rules-engine conditions. */
export function fromQuery(query: QueryGroup, fields: BuilderField[]): Condition {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const node = (q: QueryRule | QueryGroup): Condition => {
    if ("rules" in q) {
      const items = q.rules.map(node);
      const inner: Condition = q.combinator === "or" ? { any: items } : { all: items };
      return q.not ? { not: inner } : inner;
    }
    const { fact, path } = splitField(q.field);
    const value =
      q.valueSource === "field" ? splitField(String(q.value)) : literal(byName.get(q.field)?.type, q.operator, q.value);
    return { fact, path, operator: q.operator, value };
  };
  return node(query);
}

/** A new rule's builder query: one empty condition on the first form field. */
export function emptyQuery(fields: BuilderField[]): QueryGroup {
  const first = fields.find((f) => !f.rhsOnly);
  return {
    combinator: "and",
    rules: first
      ? [
          {
            field: first.name,
            operator: OPERATORS_BY_TYPE[first.type][0],
            value: first.type === "boolean" ? "true" : "",
            valueSource: "value",
          },
        ]
      : [],
  };
}
