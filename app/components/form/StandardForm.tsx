import Form from "@rjsf/antd";
import { Templates } from "@rjsf/antd";
import type { BaseInputTemplateProps, ErrorSchema, ObjectFieldTemplateProps, RJSFSchema, UiSchema } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";
import localizeZh from "ajv-i18n/localize/zh";
import { Collapse, Skeleton, Space, Typography } from "antd";
import { startTransition, useEffect, useRef, useState, type ComponentType, type ReactNode } from "react";
import { linearRegExp } from "~/engine/pattern";
import type { JsonObject } from "~/engine/types";
import { useHydrated } from "~/utils/hydrated";
import { translateZh } from "./zh";
import { isShown } from "~/utils/form";

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
  const extras = (props.registry.formContext as FormContext | undefined)?.sectionExtras ?? {};
  const [drawn, setDrawn] = useState(FIRST_SECTIONS);
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

type FormContext = { sectionExtras?: Record<string, ReactNode> };

export type StandardFormProps = {
  schema: RJSFSchema;
  uiSchema: UiSchema;
  formData: unknown;
  onChange?: (data: JsonObject) => void;
  disabled?: boolean;
  extraErrors?: ErrorSchema;
  /** Shown at the end of a section's panel, by section key: the evidence that proves its answers. */
  sectionExtras?: Record<string, ReactNode>;
};

/** A generated form in Chinese: antd theme, units, sections as panels, no submit button of its own. */
/**
 * Rendered in the browser only: a form of sixty antd fields is costly to render on the server for every visit and
 * cannot be used before the scripts load anyway; the server sends a skeleton of the same size.
 */
export function StandardForm(props: StandardFormProps) {
  const inBrowser = useHydrated();
  return inBrowser ? <LiveForm {...props} /> : <Skeleton active paragraph={{ rows: 16 }} />;
}

function LiveForm({ schema, uiSchema, formData, onChange, disabled, extraErrors, sectionExtras }: StandardFormProps) {
  // rjsf reports its defaults from its constructor, while rendering (on the server too): only a person's edits count.
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
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
      formContext={{ sectionExtras } satisfies FormContext}
      showErrorList={false}
      liveValidate={false}
      noHtml5Validate
    />
  );
}
