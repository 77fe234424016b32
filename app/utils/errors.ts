import type { ErrorSchema } from "@rjsf/utils";

/** Field problems (`$.a.b` paths) as rjsf's ErrorSchema, so each shows under its field. */
export function toErrorSchema(problems: { path: string; message: string }[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const { path, message } of problems) {
    let node = root;
    for (const key of path
      .replace(/^\$\.?/, "")
      .split(".")
      .filter(Boolean))
      node = (node[key] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(message.replace(/^.*：/, ""));
  }
  return root as ErrorSchema;
}

/** Field problems (`$.name` paths) as antd Form's `setFields` entries, so each shows under its form item. */
export function toFormFields(problems: { path: string; message: string }[]) {
  return problems.map((p) => ({ name: p.path.replace(/^\$\./, ""), errors: [p.message] }));
}
