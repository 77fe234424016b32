import { isShown } from "~/utils/form";
import { escapeHtml } from "~/utils/html";
import { isPlainObject } from "~/engine/json";
import type { Json } from "~/engine/types";

/**
 * The standard's form as plain HTML, drawn by the server so that a branch can start filling before the page's
 * scripts arrive (on a slow phone network they take seconds). It looks like the form the scripts then draw, and every
 * control is a native one that works without them. Once the page is hydrated, `typedAnswers` (./typed-answers.ts)
 * reads what was typed into it and the real form takes its place.
 */

type Schema = { [key: string]: unknown };
type Option = { value: Json; label: string };
type Kind = "text" | "textarea" | "date" | "number" | "select" | "radio" | "checkbox" | "checkboxes" | "later";

const YES_NO: Option[] = [
  { value: true, label: "是" },
  { value: false, label: "否" },
];

/** Property keys in the order rjsf draws them: `ui:order`, its `*` standing for the keys it does not name. */
function ordered(keys: string[], order: unknown): string[] {
  if (!Array.isArray(order)) return keys;
  const named = order.filter((key): key is string => typeof key === "string" && keys.includes(key));
  const rest = keys.filter((key) => !named.includes(key));
  const at = order.indexOf("*");
  return at < 0 ? [...named, ...rest] : [...named.slice(0, at), ...rest, ...named.slice(at)];
}

/** A field's choices: its `enum` (named by `ui:enumNames`), or its `oneOf`/`anyOf` of `const`s with their titles. */
function optionsOf(schema: Schema, ui: Schema): Option[] | null {
  if (Array.isArray(schema.enum)) {
    const names = (ui["ui:enumNames"] ?? schema.enumNames) as unknown[] | undefined;
    return (schema.enum as Json[]).map((value, i) => ({ value, label: String(names?.[i] ?? value) }));
  }
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (!Array.isArray(alternatives) || !alternatives.every((a) => isPlainObject(a) && "const" in a)) return null;
  return (alternatives as Schema[]).map((a) => ({ value: a.const as Json, label: String(a.title ?? a.const) }));
}

function kindOf(schema: Schema, ui: Schema): Kind {
  const widget = ui["ui:widget"];
  const items = schema.items;
  if (schema.type === "array" && isPlainObject(items) && optionsOf(items, {}) && widget === "checkboxes")
    return "checkboxes";
  if (ui["ui:field"] !== undefined || (widget !== undefined && typeof widget !== "string")) return "later";
  if (schema.type === "boolean") return widget === "select" ? "select" : widget === "radio" ? "radio" : "checkbox";
  if (optionsOf(schema, ui)) return widget === "radio" ? "radio" : "select";
  // Anything whose value another keyword shapes is drawn by rjsf alone.
  if (["oneOf", "anyOf", "allOf", "$ref", "if", "const"].some((keyword) => keyword in schema)) return "later";
  if (schema.type === "integer" || schema.type === "number") return "number";
  if (schema.type === "string") {
    if (widget === "textarea") return "textarea";
    if (schema.format === "date" || widget === "date") return "date";
    return widget === undefined || widget === "text" ? "text" : "later";
  }
  return "later";
}

const attr = (name: string, value: unknown) =>
  value === undefined || value === null || value === false
    ? ""
    : value === true
      ? ` ${name}`
      : ` ${name}="${escapeHtml(value)}"`;
const same = (a: unknown, b: unknown) =>
  a === b || (typeof a === "object" && a !== null && JSON.stringify(a) === JSON.stringify(b));

/** A field drawn with its answer; `off` is the disabled attribute, when the whole form is locked. */
type Draw = (value: unknown, off: string) => string;

/** Radio buttons or checkboxes, one per option, each value as JSON: checked by `isChecked(option value, answer)`. */
function choices(
  type: "radio" | "checkbox",
  id: string,
  options: Option[],
  isChecked: (o: Json, v: unknown) => boolean,
) {
  const role = `${type === "radio" ? ` role="radiogroup"` : ""} aria-labelledby="${escapeHtml(id)}-label"`;
  const name = type === "radio" ? attr("name", id) : "";
  const boxes = options.map((o) => ({
    value: o.value,
    open: `<label><input type="${type}"${name}${attr("value", JSON.stringify(o.value))}`,
    close: `>${escapeHtml(o.label)}</label>`,
  }));
  const draw: Draw = (value, off) =>
    `<div class="g"${role}>${boxes.map((b) => b.open + attr("checked", isChecked(b.value, value)) + off + b.close).join("")}</div>`;
  return draw;
}

/** The control of one field, everything but its answer worked out once per form. */
function control(kind: Kind, id: string, schema: Schema, ui: Schema): Draw {
  const options = isPlainObject(ui["ui:options"]) ? ui["ui:options"] : {};
  const common = `${attr("id", id)}${attr("placeholder", ui["ui:placeholder"])}`;
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  switch (kind) {
    case "text":
    case "date": {
      const open = `<input type="${kind}"${common}${attr("maxlength", schema.maxLength)}`;
      return (value, off) => `${open}${off}${attr("value", text(value))}>`;
    }
    case "textarea": {
      const open = `<textarea${common}${attr("maxlength", schema.maxLength)}${attr("rows", options.rows ?? 3)}`;
      return (value, off) => `${open}${off}>${escapeHtml(text(value) ?? "")}</textarea>`;
    }
    case "number": {
      const unit = options.unit ?? schema.unit;
      const integer = schema.type === "integer";
      const open =
        (typeof unit === "string" ? `<span class="u">` : "") +
        `<input type="number"${common}${attr("inputmode", integer ? "numeric" : "decimal")}` +
        `${attr("step", integer ? 1 : "any")}${attr("min", schema.minimum)}${attr("max", schema.maximum)}`;
      const close = typeof unit === "string" ? `><span>${escapeHtml(unit)}</span></span>` : ">";
      return (value, off) => `${open}${off}${attr("value", typeof value === "number" ? value : undefined)}${close}`;
    }
    case "select": {
      const list = schema.type === "boolean" ? YES_NO : optionsOf(schema, ui)!;
      const picks = list.map((o) => ({
        value: o.value,
        open: `<option${attr("value", JSON.stringify(o.value))}`,
        close: `>${escapeHtml(o.label)}</option>`,
      }));
      return (value, off) =>
        `<select${attr("id", id)}${off}><option value="">请选择</option>` +
        `${picks.map((o) => o.open + attr("selected", same(o.value, value)) + o.close).join("")}</select>`;
    }
    case "radio":
      return choices("radio", id, schema.type === "boolean" ? YES_NO : optionsOf(schema, ui)!, same);
    case "checkbox": {
      const open = `<label class="one"><input type="checkbox"${attr("id", id)} value="true"`;
      const close = `>${escapeHtml(schema.title ?? "")}</label>`;
      return (value, off) => `${open}${attr("checked", value === true)}${off}${close}`;
    }
    case "checkboxes":
      return choices("checkbox", id, optionsOf(schema.items as Schema, {})!, (option, value) =>
        Array.isArray(value) ? value.some((picked) => same(picked, option)) : false,
      );
    case "later":
      return () => `<p>页面载入完成后即可填写此项</p>`;
  }
}

type FieldTemplate = { key: string; ui: Schema; draw: Draw };
type SectionTemplate = { key: string; open: string; fields: FieldTemplate[] | null };

function fieldTemplate(section: string, key: string, schema: Schema, ui: Schema, required: boolean): FieldTemplate {
  const id = `root_${section}_${key}`;
  const kind = kindOf(schema, ui);
  const title = escapeHtml(schema.title ?? key);
  // A group of choices has no one control to name: the group is labelled by the title, each choice by its text.
  const labelled = kind === "radio" || kind === "checkboxes" || kind === "later" ? undefined : id;
  const group = kind === "radio" || kind === "checkboxes" ? `${id}-label` : undefined;
  const label =
    kind === "checkbox"
      ? ""
      : `<label${attr("for", labelled)}${attr("id", group)}${required ? ` class="r"` : ""}>${title}</label>`;
  const open = `<div${attr("data-s", section)}${attr("data-f", key)}${attr("data-k", kind)}>${label}`;
  const close = `${typeof schema.description === "string" ? `<p>${escapeHtml(schema.description)}</p>` : ""}</div>`;
  const drawControl = control(kind, id, schema, ui);
  // A field the live form will not let be changed cannot be changed before it either.
  const locked = ui["ui:readonly"] === true || ui["ui:disabled"] === true || schema.readOnly === true;
  return { key, ui, draw: (value, off) => open + drawControl(value, locked ? " disabled" : off) + close };
}

function sectionTemplates(schema: Schema, uiSchema: Schema): SectionTemplate[] {
  const sections = isPlainObject(schema.properties) ? schema.properties : {};
  return ordered(Object.keys(sections), uiSchema["ui:order"]).map((section) => {
    const sectionSchema = isPlainObject(sections[section]) ? sections[section] : {};
    const sectionUi = isPlainObject(uiSchema[section]) ? uiSchema[section] : {};
    const properties = isPlainObject(sectionSchema.properties) ? sectionSchema.properties : null;
    const required = Array.isArray(sectionSchema.required) ? sectionSchema.required : [];
    const fields = properties
      ? ordered(Object.keys(properties), sectionUi["ui:order"]).flatMap((key) => {
          const ui = isPlainObject(sectionUi[key]) ? sectionUi[key] : {};
          if (!isPlainObject(properties[key]) || ui["ui:widget"] === "hidden") return [];
          return [fieldTemplate(section, key, properties[key], ui, required.includes(key))];
        })
      : null;
    return { key: section, open: `<section><h3>${escapeHtml(sectionSchema.title ?? section)}</h3><div>`, fields };
  });
}

// Worked out once per form: the pages of every branch under one standard share its parsed schema (`parseShared`).
const templates = new WeakMap<Schema, WeakMap<Schema, SectionTemplate[]>>();

/**
 * The form's sections, open, each field a native control holding the answer already given — in short tags and
 * classes (shell.css styles them with antd's design tokens as antd draws its collapse and form): the page is rendered
 * and compressed for every visit.
 */
export function plainFormHtml(schema: Schema, uiSchema: Schema, formData: unknown, disabled = false): string {
  let byUi = templates.get(schema);
  if (!byUi) templates.set(schema, (byUi = new WeakMap()));
  let sections = byUi.get(uiSchema);
  if (!sections) byUi.set(uiSchema, (sections = sectionTemplates(schema, uiSchema)));
  const data = isPlainObject(formData) ? formData : {};
  const off = disabled ? " disabled" : "";
  return sections
    .map(({ key, open, fields }) => {
      const answers = isPlainObject(data[key]) ? data[key] : {};
      const body = fields
        ? fields.map((f) => (isShown(f.ui, answers) ? f.draw(answers[f.key], off) : "")).join("")
        : `<p>页面载入完成后即可填写此部分</p>`;
      return `${open}${body}</div></section>`;
    })
    .join("");
}
