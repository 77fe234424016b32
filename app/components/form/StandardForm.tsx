import Form from "@rjsf/antd";
import { Templates } from "@rjsf/antd";
import type { BaseInputTemplateProps, ErrorSchema, ObjectFieldTemplateProps, RJSFSchema, UiSchema } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";
import localizeZh from "ajv-i18n/localize/zh";
import { Collapse, Skeleton, Space, Typography } from "antd";
import {
  startTransition,
  useEffect,
  useRef,
  useState,
  type ComponentType,
  type ReactNode,
  type RefObject,
} from "react";
import { linearRegExp } from "~/engine/pattern";
import type { JsonObject } from "~/engine/types";
import { useHydrated, useIsomorphicLayoutEffect } from "~/utils/hydrated";
import { translateZh } from "./zh";
import { isShown } from "~/utils/form";
import { plainFormHtml } from "./plain-form";
import type { FocusedField } from "./typed-answers";

// Form patterns run on the same linear-time matcher as on the server: a pattern cannot freeze the branch's tab.
const validator = customizeValidator({ ajvOptionsOverrides: { code: { regExp: linearRegExp } } }, localizeZh);
const ThemeBaseInput = Templates.BaseInputTemplate as ComponentType<BaseInputTemplateProps>;
const ThemeObject = Templates.ObjectFieldTemplate as ComponentType<ObjectFieldTemplateProps>;

/** The theme's input with the field's unit (schema `unit` or `ui:options.unit`) after it. */
function BaseInputWithUnit(props: BaseInputTemplateProps) {
  const unit = (props.options?.unit as string | undefined) ?? (props.schema as { unit?: string }).unit;
  if (!unit) return <ThemeBaseInput {...props} />;
  return (
    <Space.Compact style={{ width: "100%" }}>
      <ThemeBaseInput {...props} />
      <Space.Addon>{unit}</Space.Addon>
    </Space.Compact>
  );
}

/**
 * The form's top level as collapsible sections; a section's fields directly inside its panel (the panel already
 * carries its title); deeper objects as the theme renders them.
 */
function SectionsTemplate(props: ObjectFieldTemplateProps) {
  const depth = props.fieldPathId.$id.split("_").length - 1;
  if (depth === 1) {
    return (
      <div>
        {props.properties
          .filter((p) => !p.hidden && isShown(props.uiSchema?.[p.name], props.formData))
          .map((p) => (
            <div key={p.name}>{p.content}</div>
          ))}
      </div>
    );
  }
  if (depth > 1) return <ThemeObject {...props} />;
  return <Sections {...props} />;
}

/**
 * Sections drawn at once when the form opens; the rest follow in a transition, which React interrupts for a tap or a
 * key. The first sections answer about 0.1 s sooner on a phone (bench:phone: 0.9 → 0.8 s on a warm visit), and the
 * later ones are in place about 0.15 s after, before anyone scrolls to them.
 */
const FIRST_SECTIONS = 2;

function Sections(props: ObjectFieldTemplateProps) {
  const visible = props.properties.filter((p) => !p.hidden);
  const context = props.registry.formContext as FormContext | undefined;
  const extras = context?.sectionExtras ?? {};
  // Taking over from the plain form with a field in use: that field has to be there at once (any section).
  const [drawn, setDrawn] = useState(context?.focus ? visible.length : FIRST_SECTIONS);
  useEffect(() => {
    if (drawn < visible.length) startTransition(() => setDrawn(visible.length));
  }, [drawn, visible.length]);
  return (
    <Collapse
      defaultActiveKey={visible.map((p) => p.name)}
      items={visible.map((p, index) => {
        const section = (props.schema.properties?.[p.name] ?? {}) as { title?: string; description?: string };
        return {
          key: p.name,
          label: <Typography.Text strong>{section.title ?? p.name}</Typography.Text>,
          children:
            index >= drawn ? (
              <Skeleton active />
            ) : extras[p.name] ? (
              <>
                {p.content}
                {extras[p.name]}
              </>
            ) : (
              p.content
            ),
          forceRender: true,
        };
      })}
    />
  );
}

type FormContext = { sectionExtras?: Record<string, ReactNode>; focus?: FocusedField };

export type StandardFormProps = {
  schema: RJSFSchema;
  uiSchema: UiSchema;
  formData: unknown;
  onChange?: (data: JsonObject) => void;
  disabled?: boolean;
  extraErrors?: ErrorSchema;
  /** Shown at the end of a section's panel, by section key: the evidence that proves its answers. */
  sectionExtras?: Record<string, ReactNode>;
  /**
   * While `live` is false, the form as plain HTML the server draws and a branch can fill before the page's scripts
   * arrive (`plainFormHtml`), in `plainFormRef`; the page reads what was typed into it (`typedAnswers`) before making
   * it live, and the field in use (`focus`) keeps the focus. Without it, a skeleton until the page is hydrated.
   */
  early?: { live: boolean; focus?: FocusedField };
  plainFormRef?: RefObject<HTMLDivElement>;
};

/**
 * A generated form in Chinese: antd theme, units, sections as panels, no submit button of its own. Drawn in the
 * browser: sixty antd fields are costly to render on the server for every visit; the server sends the plain form
 * (`early`) or a skeleton of the same size.
 */
export function StandardForm({ early, plainFormRef, ...props }: StandardFormProps) {
  const inBrowser = useHydrated();
  if (early ? early.live : inBrowser) return <LiveForm {...props} focus={early?.focus} />;
  if (!early) return <Skeleton active paragraph={{ rows: 16 }} />;
  // The browser hydrates this with the same text, drawn from the same answers, and keeps what was typed into it.
  const html = plainFormHtml(props.schema, props.uiSchema, props.formData, props.disabled);
  return <div ref={plainFormRef} className="plain-form bm" dangerouslySetInnerHTML={{ __html: html }} />;
}

function LiveForm({
  schema,
  uiSchema,
  formData,
  onChange,
  disabled,
  extraErrors,
  sectionExtras,
  focus,
}: Omit<StandardFormProps, "early" | "plainFormRef"> & { focus?: FocusedField }) {
  // rjsf reports its defaults from its constructor, while rendering (on the server too): only a person's edits count.
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
  }, []);
  // Taking over from the plain form: the field that was being typed in, with its caret where it was.
  useIsomorphicLayoutEffect(() => {
    if (!focus) return;
    const field = document.getElementById(focus.id);
    if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
    field.focus();
    field.setSelectionRange(...(focus.selection ?? [field.value.length, field.value.length]));
  }, []);
  return (
    <Form
      schema={schema}
      uiSchema={{ ...uiSchema, "ui:submitButtonOptions": { norender: true } }}
      formData={formData}
      validator={validator}
      translateString={translateZh}
      templates={{ BaseInputTemplate: BaseInputWithUnit, ObjectFieldTemplate: SectionsTemplate }}
      onChange={(e) => mounted.current && onChange?.(e.formData as JsonObject)}
      disabled={disabled}
      extraErrors={extraErrors}
      formContext={{ sectionExtras, focus } satisfies FormContext}
      showErrorList={false}
      liveValidate={false}
      noHtml5Validate
    />
  );
}
