import fs from "node:fs";
import path from "node:path";
import { parseJson } from "../../engine/json";
import type { Library, LoadedRuleset } from "../../engine/resolve";
import type { Form, JsonObject, LintError } from "../../engine/types";

export type JsonFile = { ok: true; value: unknown } | { ok: false; error: LintError };

export function readJsonFile(file: string): JsonFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    return {
      ok: false,
      error: { file, path: "$", message: `无法读取文件：${(error as NodeJS.ErrnoException).code ?? String(error)}` },
    };
  }
  const parsed = parseJson(text.replace(/^\uFEFF/, ""));
  if (parsed.ok) return { ok: true, value: parsed.value };
  return {
    ok: false,
    error: {
      file,
      path: "$",
      line: parsed.line,
      column: parsed.column,
      message: `${parsed.message}（第 ${parsed.line} 行第 ${parsed.column} 列）`,
    },
  };
}

export type FileLibrary = Library & {
  rulesetsDir: string;
  schemasDir: string;
  rulesetIds(): string[];
  formErrors(id: string): LintError[];
};

/** Rule sets from `<rulesetsDir>/<region>/<domain>.json`, forms from `<schemasDir>/forms/<id>.schema.json` (+ `.ui.json`). */
export function fileLibrary(rulesetsDir: string, schemasDir: string): FileLibrary {
  const rulesets = new Map<string, LoadedRuleset | undefined>();
  const forms = new Map<string, { form?: Form; errors: LintError[] }>();

  const loadForm = (id: string) => {
    if (!forms.has(id)) {
      const schemaFile = path.join(schemasDir, "forms", `${id}.schema.json`);
      const uiFile = path.join(schemasDir, "forms", `${id}.ui.json`);
      if (!fs.existsSync(schemaFile)) forms.set(id, { errors: [] });
      else {
        const schema = readJsonFile(schemaFile);
        const ui = fs.existsSync(uiFile) ? readJsonFile(uiFile) : ({ ok: true, value: {} } as JsonFile);
        const errors = [schema, ui].flatMap((f) => (f.ok ? [] : [f.error]));
        forms.set(
          id,
          errors.length
            ? { errors }
            : {
                form: {
                  id,
                  schema: (schema as { value: JsonObject }).value,
                  uiSchema: (ui as { value: JsonObject }).value,
                },
                errors,
              },
        );
      }
    }
    return forms.get(id)!;
  };

  return {
    rulesetsDir,
    schemasDir,
    ruleset(id) {
      if (!rulesets.has(id)) {
        const file = path.join(rulesetsDir, `${id}.json`);
        if (!/^[0-9]{6}\/[a-z][a-z0-9-]*$/.test(id) || !fs.existsSync(file)) rulesets.set(id, undefined);
        else {
          const json = readJsonFile(file);
          rulesets.set(id, json.ok ? { file, content: json.value } : { file, errors: [json.error] });
        }
      }
      return rulesets.get(id);
    },
    form: (id) => loadForm(id).form,
    formErrors: (id) => loadForm(id).errors,
    rulesetIds() {
      if (!fs.existsSync(rulesetsDir)) return [];
      return fs
        .readdirSync(rulesetsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && /^[0-9]{6}$/.test(d.name))
        .flatMap((d) =>
          fs
            .readdirSync(path.join(rulesetsDir, d.name))
            .filter((f) => f.endsWith(".json"))
            .map((f) => `${d.name}/${f.slice(0, -5)}`),
        )
        .sort();
    },
  };
}
