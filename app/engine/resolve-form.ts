import { extendSchema, listFields, mergeUi } from "./forms";
import type { Library } from "./resolve";
import type { Level } from "./resolve-level";
import type { Form, FormExtension } from "./types";

/**
 * The form after one rule set: `form: "id"` or `form.base` switches to another form (which must keep every
 * inherited field), `form.extend` adds fields, `form.ui` adds display hints.
 */
export function applyForm(form: Form | null, library: Library, { content, parentId, report }: Level): Form | null {
  if (content.form === undefined) return form;
  const spec: FormExtension = typeof content.form === "string" ? { base: content.form } : content.form;
  const basePath = typeof content.form === "string" ? "$.form" : "$.form.base";
  let next = form;
  if (spec.base !== undefined) {
    const base = library.form(spec.base);
    if (!base) report(basePath, `表单 ${spec.base} 不存在`);
    else {
      next = base;
      if (form) {
        const kept = new Set(listFields(base.schema).map((f) => f.path));
        for (const field of listFields(form.schema)) {
          if (!kept.has(field.path)) {
            report(
              basePath,
              `表单 ${spec.base} 缺少上级表单的字段 ${field.path}（${field.title}），下级不能删除字段`,
              parentId,
              `form field ${field.path}`,
            );
          }
        }
      }
    }
  }
  if (next && spec.extend) {
    const extended = extendSchema(next.schema, spec.extend);
    for (const e of extended.errors) report(`$.form.extend${e.path.slice(1)}`, e.message, parentId);
    next = { id: next.id, schema: extended.schema, uiSchema: next.uiSchema };
  } else if (!next && spec.extend) {
    report("$.form.extend", "没有可扩展的表单：请先用 form 或 form.base 指定表单");
  }
  if (next && spec.ui) next = { ...next, uiSchema: mergeUi(next.uiSchema, spec.ui) };
  return next;
}
