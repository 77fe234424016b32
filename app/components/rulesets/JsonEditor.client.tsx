import { jsonLanguage, json } from "@codemirror/lang-json";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import type { EditorState } from "@codemirror/state";
import { EditorView, hoverTooltip } from "@codemirror/view";
import CodeMirror from "@uiw/react-codemirror";
import { getJsonPointers, jsonCompletion, jsonSchemaHover, stateExtensions } from "codemirror-json-schema";
import type { JSONSchema7 } from "json-schema";
import { useMemo } from "react";
import { jsonErrorOffset } from "~/engine/json";
import { pathToPointer } from "~/utils/ruleset-editing";

export type JsonProblem = { path: string; message: string };

export type JsonEditorProps = {
  value: string;
  onChange?: (text: string) => void;
  /** Completion and hover (the schema's Chinese descriptions) come from it. */
  schema?: object;
  /** Checks the parsed value; each problem is underlined where its path points, in Chinese. */
  validate?: (value: unknown) => JsonProblem[];
  /** Problems from elsewhere (the server's lint), shown the same way. */
  problems?: JsonProblem[];
  height?: string;
  readOnly?: boolean;
  ariaLabel?: string;
};

function diagnosticsFor(state: EditorState, problems: JsonProblem[]): Diagnostic[] {
  // codemirror-json-schema calls plain JSON mode "json4".
  const pointers = getJsonPointers(state, "json4" as Parameters<typeof getJsonPointers>[1]);
  return problems.map(({ path, message }) => {
    let pointer = pathToPointer(path);
    let at = pointers.get(pointer);
    while (!at && pointer) {
      pointer = pointer.slice(0, pointer.lastIndexOf("/"));
      at = pointers.get(pointer);
    }
    const from = at ? at.keyFrom : 0;
    const to = at ? ("valueTo" in at ? at.valueTo : at.keyTo) : Math.min(1, state.doc.length);
    return { from, to, severity: "error", message: `${path}：${message}`, source: "支部标尺" };
  });
}

/**
 * CodeMirror for JSON: syntax, completion and hover from a JSON Schema, and diagnostics in Chinese — the JSON's
 * own syntax errors with line and column, `validate`'s and the server's problems underlined where they are.
 */
export default function JsonEditor({
  value,
  onChange,
  schema,
  validate,
  problems = [],
  height = "480px",
  readOnly,
  ariaLabel,
}: JsonEditorProps) {
  const extensions = useMemo(() => {
    const check = linter(
      (view) => {
        const text = view.state.doc.toString();
        try {
          const parsed: unknown = JSON.parse(text);
          return diagnosticsFor(view.state, [...(validate ? validate(parsed) : []), ...problems]);
        } catch {
          const offset = Math.min(jsonErrorOffset(text), text.length);
          const line = view.state.doc.lineAt(offset);
          return [
            {
              from: offset,
              to: Math.min(offset + 1, text.length),
              severity: "error",
              message: `JSON 格式错误：第 ${line.number} 行第 ${offset - line.from + 1} 列附近`,
              source: "支部标尺",
            },
          ];
        }
      },
      { delay: 300 },
    );
    return [
      json(),
      check,
      lintGutter(),
      EditorView.lineWrapping,
      ...(schema
        ? [
            jsonLanguage.data.of({ autocomplete: jsonCompletion() }),
            hoverTooltip(jsonSchemaHover()),
            stateExtensions(schema as JSONSchema7),
          ]
        : []),
    ];
  }, [schema, validate, problems]);
  return (
    <CodeMirror
      value={value}
      height={height}
      extensions={extensions}
      onChange={onChange}
      readOnly={readOnly}
      aria-label={ariaLabel}
      basicSetup={{ foldGutter: true, highlightActiveLine: !readOnly }}
      style={{ border: "1px solid #d9d9d9", borderRadius: 6, fontSize: 13 }}
    />
  );
}
