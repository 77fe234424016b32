import type { Form, JsonObject } from "~/engine/types";
import { reviewerSections } from "~/engine/validate";

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
