import { listFields, type FormField } from "~/engine/forms";
import type { Form, FormSchema, JsonObject } from "~/engine/types";
import { reviewerSections } from "~/engine/validate";

const fieldsBySchema = new WeakMap<object, FormField[]>();
const titlesBySchema = new WeakMap<object, Record<string, string>>();

/**
 * `listFields`, worked out once per form schema, which the pages of every branch under one standard share
 * (`parseShared`) and the form page draws its section index from on every key press. Nothing may change the list.
 */
export function formFieldsOf(schema: FormSchema): FormField[] {
  let fields = fieldsBySchema.get(schema);
  if (!fields) fieldsBySchema.set(schema, (fields = listFields(schema)));
  return fields;
}

/**
 * Each field's title by its path, a section's title and the field's joined by "›" — worked out once per form schema,
 * which the pages of every branch under one standard share (`parseShared`).
 */
export function fieldTitlesOf(schema: FormSchema): Record<string, string> {
  let titles = titlesBySchema.get(schema);
  if (!titles) {
    titles = Object.fromEntries(formFieldsOf(schema).map((f) => [f.path, f.title.replaceAll(" / ", " › ")]));
    titlesBySchema.set(schema, titles);
  }
  return titles;
}

/** The form as one audience sees it: without the reviewer's sections for a branch, or only them for a reviewer. */
export function formFor(form: Form, audience: "branch" | "reviewer"): { schema: JsonObject; uiSchema: JsonObject } {
  const reviewer = new Set(reviewerSections(form.uiSchema));
  const keep = (key: string) => (audience === "reviewer" ? reviewer.has(key) : !reviewer.has(key));
  const properties = form.schema.properties as JsonObject;
  const order = (form.uiSchema["ui:order"] as string[] | undefined) ?? Object.keys(properties);
  return {
    schema: {
      ...form.schema,
      properties: Object.fromEntries(Object.entries(properties).filter(([k]) => keep(k))),
      required: ((form.schema.required as string[] | undefined) ?? []).filter(keep),
    },
    uiSchema: {
      ...Object.fromEntries(Object.entries(form.uiSchema).filter(([k]) => k.startsWith("ui:") || keep(k))),
      "ui:order": order.filter(keep),
    },
  };
}

/** Only the top-level sections of `data` that a form has. */
export function pickSections(data: JsonObject, schema: JsonObject): JsonObject {
  const properties = schema.properties as JsonObject;
  return Object.fromEntries(Object.entries(data).filter(([k]) => k in properties));
}

/**
 * A form field's condition for being shown (`"ui:options": { "showWhen": { "field": "<sibling>", "equals": true } }`):
 * a 说明 asked for only when the answer beside it claims something. The answer typed into a hidden field stays in the
 * data; only the box is not shown.
 */
export type ShowWhen = { field: string; equals: string | number | boolean };

export function showWhenOf(uiField: unknown): ShowWhen | undefined {
  const options = (uiField as { "ui:options"?: { showWhen?: unknown } } | undefined)?.["ui:options"];
  const when = options?.showWhen as Partial<ShowWhen> | undefined;
  return when && typeof when.field === "string" && when.equals !== undefined ? (when as ShowWhen) : undefined;
}

/** Whether a field with this ui is shown, given the answers of its section. */
export function isShown(uiField: unknown, section: unknown): boolean {
  const when = showWhenOf(uiField);
  if (!when) return true;
  return (section as Record<string, unknown> | undefined)?.[when.field] === when.equals;
}
