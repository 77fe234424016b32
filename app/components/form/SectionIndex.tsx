import { Progress } from "antd";
import { useMemo } from "react";
import { getPath } from "~/engine/path";
import type { FormSchema, JsonObject } from "~/engine/types";
import { answerFields } from "~/utils/answers";
import { formFieldsOf } from "~/utils/form";

/** Answered / total of each form section, in the form's order (a 说明 text counts like any answer). */
function sectionProgress(schema: FormSchema, order: string[] | undefined, data: JsonObject) {
  const properties = ((schema as JsonObject).properties ?? {}) as Record<string, { title?: string }>;
  const keys = (order ?? Object.keys(properties)).filter((k) => k in properties);
  const fields = answerFields(formFieldsOf(schema));
  return keys.map((key) => {
    const own = fields.filter((f) => f.path.startsWith(`$.${key}.`));
    const answered = own.filter((f) => {
      const value = getPath(data, f.path);
      return value !== undefined && value !== null && value !== "";
    }).length;
    return { key, title: properties[key]?.title ?? key, answered, total: own.length };
  });
}

/**
 * The form's sections with how much of each is filled (已填 32/78 overall): a tap scrolls to the section — on a
 * phone, a long form is otherwise one endless column. The sections are plain buttons coloured as antd's tags
 * (shell.css): reachable by keyboard, and ten antd components fewer to render for every visit to the form page.
 */
export function SectionIndex({ schema, order, data }: { schema: FormSchema; order?: string[]; data: JsonObject }) {
  const sections = useMemo(() => sectionProgress(schema, order, data), [schema, order, data]);
  const answered = sections.reduce((n, s) => n + s.answered, 0);
  const total = sections.reduce((n, s) => n + s.total, 0);
  const go = (key: string) =>
    document.querySelector(`[id^="root_${key}_"]`)?.scrollIntoView({ behavior: "smooth", block: "center" });
  return (
    <div className="section-index" data-testid="section-index">
      <div className="section-index-total">
        <span>
          已填 {answered}/{total}
        </span>
        <Progress percent={total ? Math.round((answered / total) * 100) : 0} size="small" style={{ width: 160 }} />
      </div>
      <div className="section-chips">
        {sections.map((s) => (
          <button
            key={s.key}
            type="button"
            className="section-chip"
            data-state={s.answered === s.total ? "done" : s.answered ? "started" : "empty"}
            onClick={() => go(s.key)}
          >
            {s.title} {s.answered}/{s.total}
          </button>
        ))}
      </div>
    </div>
  );
}
