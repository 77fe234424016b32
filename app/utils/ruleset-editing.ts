import { isPlainObject } from "~/engine/json";
import { showWhenOf, type ShowWhen } from "./form";
import type {
  Form,
  Json,
  JsonObject,
  ParamDefinition,
  ResolvedParam,
  ResolvedRuleset,
  RulesetFile,
} from "~/engine/types";

/**
 * Pure edits of a rule-set file for the editor: each takes the file and returns a new one, touching only what
 * the administrator changed, so the JSON view and the visual editors always show the same content.
 */

export type ParamRow = {
  id: string;
  title: string;
  unit?: string;
  description?: string;
  type: ParamDefinition["type"];
  value: Json;
  /** The value inherited from the parent, or null for a root rule set's own definitions. */
  parentValue: Json | null;
  /** This rule set sets the value (a child's override, or a root's definition). */
  own: boolean;
  min?: number;
  max?: number;
  bounds?: { min?: number; max?: number };
  locked: boolean;
  /** Who set the lock, bounds or value above this rule set. */
  setBy?: string;
};

const isDefinition = (entry: unknown): entry is ParamDefinition =>
  isPlainObject(entry) && "type" in entry && "default" in entry;
const overrideValue = (entry: unknown): Json | undefined =>
  isPlainObject(entry) ? (entry.value as Json | undefined) : (entry as Json);

/** Every param the rule set can use: inherited ones with the parent's value and limits, then its own new ones. */
export function paramRows(content: RulesetFile, parent: ResolvedRuleset | null): ParamRow[] {
  const rows: ParamRow[] = [];
  const own = content.params ?? {};
  for (const p of Object.values(parent?.params ?? {})) {
    const entry = own[p.id];
    const value = entry === undefined ? undefined : overrideValue(entry);
    rows.push({ ...inheritedRow(p), value: value === undefined ? p.value : value, own: value !== undefined });
  }
  for (const [id, entry] of Object.entries(own)) {
    if (parent?.params[id] || !isDefinition(entry)) continue;
    rows.push({
      id,
      title: entry.title ?? id,
      ...(entry.unit ? { unit: entry.unit } : {}),
      ...(entry.description ? { description: entry.description } : {}),
      type: entry.type,
      value: entry.default,
      parentValue: null,
      own: true,
      ...(entry.min !== undefined ? { min: entry.min } : {}),
      ...(entry.max !== undefined ? { max: entry.max } : {}),
      ...(entry.bounds ? { bounds: entry.bounds } : {}),
      locked: Boolean(entry.locked),
    });
  }
  return rows;
}

function inheritedRow(p: ResolvedParam): Omit<ParamRow, "value" | "own"> {
  return {
    id: p.id,
    title: p.title ?? p.id,
    ...(p.unit ? { unit: p.unit } : {}),
    ...(p.description ? { description: p.description } : {}),
    type: p.type,
    parentValue: p.value,
    ...(p.min !== undefined ? { min: p.min } : {}),
    ...(p.max !== undefined ? { max: p.max } : {}),
    ...(p.bounds ? { bounds: p.bounds } : {}),
    locked: Boolean(p.locked),
    setBy: p.setBy,
  };
}

/** What is wrong with a value before it is saved, in the words lint would use; undefined when it is allowed. */
export function paramViolation(row: ParamRow, value: Json): string | undefined {
  if (row.locked && row.parentValue !== null && value !== row.parentValue)
    return `已被上级规则集 ${row.setBy} 锁定，不能修改`;
  if (row.type === "number" || row.type === "integer") {
    if (typeof value !== "number" || !Number.isFinite(value)) return "请填写数值";
    if (row.type === "integer" && !Number.isInteger(value)) return "应为整数";
    if (row.min !== undefined && value < row.min) return `低于下限 ${row.min}`;
    if (row.max !== undefined && value > row.max) return `高于上限 ${row.max}`;
    if (row.parentValue !== null && row.bounds?.min !== undefined && value < row.bounds.min)
      return `低于上级规则集允许的下限 ${row.bounds.min}`;
    if (row.parentValue !== null && row.bounds?.max !== undefined && value > row.bounds.max)
      return `高于上级规则集允许的上限 ${row.bounds.max}（不搞层层加码）`;
  }
  if (row.type === "boolean" && typeof value !== "boolean") return "应为“是”或“否”";
  return undefined;
}

/** Sets a param's value: a child's override (removed when it equals the parent's), or a root's default. */
export function setParamValue(content: RulesetFile, row: ParamRow, value: Json): RulesetFile {
  const params = { ...(content.params ?? {}) };
  const entry = params[row.id];
  if (row.parentValue === null) {
    params[row.id] = { ...(entry as ParamDefinition), default: value };
  } else if (isPlainObject(entry) && ("bounds" in entry || "locked" in entry)) {
    const { value: _old, ...rest } = entry as JsonObject;
    params[row.id] = value === row.parentValue ? rest : { ...rest, value };
  } else if (value === row.parentValue) {
    delete params[row.id];
  } else {
    params[row.id] = value;
  }
  return { ...content, params };
}

/** The editor tab a lint error's path belongs to. */
export function tabForPath(path: string): "params" | "rules" | "form" | "cases" | "json" {
  if (/^\$\.params\b/.test(path)) return "params";
  if (/^\$\.(rules|disable|conditions|computed|indicators)\b/.test(path)) return "rules";
  if (/^\$\.form\b/.test(path)) return "form";
  if (/^\$\.cases\b/.test(path)) return "cases";
  return "json";
}

/** `$.rules[0].conditions` → `/rules/0/conditions`, for finding the text an error is about. */
export function pathToPointer(path: string): string {
  return path
    .replace(/^\$/, "")
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter(Boolean)
    .map((p) => "/" + p.replace(/~/g, "~0").replace(/\//g, "~1"))
    .join("");
}

// ---- form fields -------------------------------------------------------------------------------------------

export const FIELD_KINDS = [
  { value: "number", label: "数值" },
  { value: "integer", label: "整数" },
  { value: "string", label: "文本" },
  { value: "boolean", label: "是/否" },
  { value: "enum", label: "单选" },
  { value: "date", label: "日期" },
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number]["value"];

/** A field this rule set adds to the form it inherits. */
export type OwnField = {
  section: string;
  key: string;
  title: string;
  kind: FieldKind;
  unit?: string;
  required: boolean;
  options?: string[];
  minimum?: number;
  maximum?: number;
  description?: string;
  /** Shown only when a yes/no answer of the same section is this (a 说明 asked for only after a “是”). */
  showWhen?: ShowWhen;
};

/** A section fields can be added to: an inherited one, or one this rule set adds (with its title). */
export type FormSection = { key: string; title: string; inherited: boolean };

const formSpec = (content: RulesetFile) => (isPlainObject(content.form) ? content.form : {});

export function sectionsOf(content: RulesetFile, inheritedForm: Form | null): FormSection[] {
  const inherited = isPlainObject(inheritedForm?.schema.properties)
    ? (inheritedForm!.schema.properties as Record<string, JsonObject>)
    : {};
  const sections: FormSection[] = Object.entries(inherited).map(([key, s]) => ({
    key,
    title: String(s.title ?? key),
    inherited: true,
  }));
  for (const [key, s] of Object.entries(formSpec(content).extend ?? {})) {
    if (!(key in inherited) && isPlainObject(s))
      sections.push({ key, title: String(s.title ?? key), inherited: false });
  }
  return sections;
}

/** The rule set's own ui for one section (`form.ui.<section>`), or nothing. */
function sectionUiOf(content: RulesetFile, section: string): JsonObject {
  const ui = formSpec(content).ui;
  return isPlainObject(ui) && isPlainObject(ui[section]) ? (ui[section] as JsonObject) : {};
}

function kindOf(schema: JsonObject): FieldKind {
  if (Array.isArray(schema.enum)) return "enum";
  if (schema.type === "string" && schema.format === "date") return "date";
  return (["number", "integer", "boolean"].includes(schema.type as string) ? schema.type : "string") as FieldKind;
}

/** The fields in the rule set's `form.extend`, section by section, in their order. */
export function ownFields(content: RulesetFile): OwnField[] {
  const fields: OwnField[] = [];
  for (const [section, s] of Object.entries(formSpec(content).extend ?? {})) {
    if (!isPlainObject(s) || !isPlainObject(s.properties)) continue;
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    const ui = sectionUiOf(content, section);
    for (const [key, f] of Object.entries(s.properties as Record<string, JsonObject>)) {
      if (!isPlainObject(f)) continue;
      const showWhen = showWhenOf(ui[key]);
      fields.push({
        section,
        key,
        title: String(f.title ?? key),
        kind: kindOf(f),
        ...(typeof f.unit === "string" ? { unit: f.unit } : {}),
        required: required.has(key),
        ...(Array.isArray(f.enum) ? { options: f.enum.map(String) } : {}),
        ...(typeof f.minimum === "number" ? { minimum: f.minimum } : {}),
        ...(typeof f.maximum === "number" ? { maximum: f.maximum } : {}),
        ...(typeof f.description === "string" ? { description: f.description } : {}),
        ...(showWhen ? { showWhen } : {}),
      });
    }
  }
  return fields;
}

function fieldSchema(f: OwnField): JsonObject {
  const base: JsonObject =
    f.kind === "enum"
      ? { type: "string", enum: f.options ?? [] }
      : f.kind === "date"
        ? { type: "string", format: "date" }
        : { type: f.kind };
  return {
    ...base,
    title: f.title,
    ...(f.description ? { description: f.description } : {}),
    ...(f.unit && (f.kind === "number" || f.kind === "integer") ? { unit: f.unit } : {}),
    ...(f.minimum !== undefined && (f.kind === "number" || f.kind === "integer") ? { minimum: f.minimum } : {}),
    ...(f.maximum !== undefined && (f.kind === "number" || f.kind === "integer") ? { maximum: f.maximum } : {}),
  };
}

/**
 * Writes the own fields back as `form.extend` (JSON Schema) and `form.ui` (order and units), keeping the sections'
 * inherited order first so the form renders its own fields after the inherited ones.
 */
export function writeOwnFields(
  content: RulesetFile,
  fields: OwnField[],
  newSections: FormSection[],
  inheritedForm: Form | null,
): RulesetFile {
  const spec = formSpec(content);
  const inheritedUi = inheritedForm?.uiSchema ?? {};
  const extend: JsonObject = {};
  const ui: JsonObject = { ...(spec.ui ?? {}) };
  const sections = [...new Set([...fields.map((f) => f.section), ...newSections.map((s) => s.key)])];
  for (const section of sections) {
    const own = fields.filter((f) => f.section === section);
    const added = newSections.find((s) => s.key === section);
    const required = own.filter((f) => f.required).map((f) => f.key);
    const previous = isPlainObject(spec.extend?.[section]) ? (spec.extend[section] as JsonObject) : {};
    const { properties: _properties, required: _required, ...kept } = previous;
    extend[section] = {
      ...kept,
      type: "object",
      ...(added ? { title: added.title } : {}),
      properties: Object.fromEntries(own.map((f) => [f.key, fieldSchema(f)])),
      ...(required.length ? { required } : {}),
    };
    const inheritedOrder =
      isPlainObject(inheritedUi[section]) && Array.isArray((inheritedUi[section] as JsonObject)["ui:order"])
        ? ((inheritedUi[section] as JsonObject)["ui:order"] as string[])
        : null;
    const sectionUi: JsonObject = { ...(isPlainObject(ui[section]) ? (ui[section] as JsonObject) : {}) };
    for (const key of Object.keys(sectionUi))
      if (key !== "ui:order" && !own.some((f) => f.key === key)) delete sectionUi[key];
    if (inheritedOrder || added) {
      const wildcard = inheritedOrder?.includes("*");
      sectionUi["ui:order"] = [
        ...(inheritedOrder ?? []).filter((k) => k !== "*"),
        ...own.map((f) => f.key),
        ...(wildcard ? ["*"] : []),
      ];
    }
    // The unit and the showing condition are the editor's; anything else set in the JSON tab stays.
    for (const f of own) {
      const existing = isPlainObject(sectionUi[f.key]) ? (sectionUi[f.key] as JsonObject) : {};
      const {
        unit: _unit,
        showWhen: _showWhen,
        ...kept
      } = isPlainObject(existing["ui:options"]) ? (existing["ui:options"] as JsonObject) : {};
      const options = {
        ...kept,
        ...(f.unit && (f.kind === "number" || f.kind === "integer") ? { unit: f.unit } : {}),
        ...(f.showWhen ? { showWhen: f.showWhen } : {}),
      };
      const { "ui:options": _options, ...rest } = existing;
      const next = { ...rest, ...(Object.keys(options).length ? { "ui:options": options } : {}) };
      if (Object.keys(next).length) sectionUi[f.key] = next;
      else delete sectionUi[f.key];
    }
    ui[section] = sectionUi;
  }
  for (const key of Object.keys(ui)) if (key !== "ui:order" && !sections.includes(key)) delete ui[key];
  const rootOrder = Array.isArray(inheritedUi["ui:order"]) ? (inheritedUi["ui:order"] as string[]) : null;
  const added = newSections.map((s) => s.key).filter((k) => sections.includes(k));
  if (rootOrder && added.length)
    ui["ui:order"] = [
      ...rootOrder.filter((k) => k !== "*" && !added.includes(k)),
      ...added,
      ...(rootOrder.includes("*") ? ["*"] : []),
    ];
  else delete ui["ui:order"];

  const base = typeof content.form === "string" ? content.form : spec.base;
  const next = {
    ...(base ? { base } : {}),
    ...(sections.length ? { extend } : {}),
    ...(Object.keys(ui).length ? { ui } : {}),
  };
  const result = { ...content };
  if (Object.keys(next).length === 1 && base) result.form = base;
  else if (Object.keys(next).length) result.form = next;
  else delete result.form;
  return result;
}

/** A field key from a title: letters and digits only, unique in its section. */
export function suggestKey(taken: string[]): string {
  let i = taken.length + 1;
  while (taken.includes(`field${i}`)) i++;
  return `field${i}`;
}
