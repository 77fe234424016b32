import { AntDNotToggle, AntDValueSelector, QueryBuilderAntD } from "@react-querybuilder/antd";
import { useMemo } from "react";
import {
  QueryBuilder,
  type Field,
  type FullField,
  type NotToggleProps,
  type RuleGroupType,
  type Translations,
  type ValueSelectorProps,
} from "react-querybuilder";
import { operatorOptions, type BuilderField, type QueryGroup } from "~/utils/conditions";

const TRANSLATIONS: Partial<Translations> = {
  fields: { title: "字段", placeholderLabel: "选择字段", placeholderGroupLabel: "选择字段" },
  operators: { title: "运算符", placeholderLabel: "选择运算符", placeholderGroupLabel: "选择运算符" },
  values: { title: "取值", placeholderLabel: "选择取值", placeholderGroupLabel: "选择取值" },
  value: { title: "比较值" },
  valueSourceSelector: { title: "比较值来源" },
  addRule: { label: "+ 条件", title: "添加条件" },
  addGroup: { label: "+ 条件组", title: "添加条件组" },
  removeRule: { label: "删除", title: "删除该条件" },
  removeGroup: { label: "删除组", title: "删除该条件组" },
  combinators: { title: "组合方式" },
  notToggle: { label: "取反", title: "对整个条件组取反" },
  cloneRule: { label: "复制", title: "复制该条件" },
  cloneRuleGroup: { label: "复制组", title: "复制该条件组" },
  shiftActionUp: { label: "↑", title: "上移" },
  shiftActionDown: { label: "↓", title: "下移" },
};

const COMBINATORS = [
  { name: "and", value: "and", label: "全部满足" },
  { name: "or", value: "or", label: "任一满足" },
];

const VALUE_SOURCES = [
  { name: "value", value: "value", label: "数值" },
  { name: "field", value: "field", label: "参数或字段" },
];

const BOOLEAN_VALUES = [
  { name: "true", value: "true", label: "是" },
  { name: "false", value: "false", label: "否" },
];

/** Left-hand side: form fields, computed values and context; params only appear on the right. */
function FieldSelector(props: ValueSelectorProps) {
  const options = (props.options as { name?: string }[]).filter(
    (o) => !String(o.name ?? "").startsWith("params:"),
  ) as ValueSelectorProps["options"];
  return (
    <AntDValueSelector
      {...props}
      options={options}
      showSearch={{ optionFilterProp: "label" }}
      style={{ minWidth: 280 }}
    />
  );
}

/** The 取反 switch reads 取反 in both states (the theme shows "=" when off). */
function NotToggle(props: NotToggleProps) {
  return <AntDNotToggle {...props} unCheckedChildren={props.label} />;
}

function SourceSelector(props: ValueSelectorProps) {
  return <AntDValueSelector {...props} options={VALUE_SOURCES} />;
}

export type ConditionBuilderProps = {
  fields: BuilderField[];
  query: QueryGroup;
  onChange: (query: QueryGroup) => void;
  disabled?: boolean;
};

/**
 * react-querybuilder with its antd controls over the form's fields: Chinese titles, operators by field type,
 * and on the right a value or a param (or another field of the same type).
 */
export default function ConditionBuilder({ fields, query, onChange, disabled }: ConditionBuilderProps) {
  const byName = useMemo(() => new Map(fields.map((f) => [f.name, f])), [fields]);
  const rqbFields: Field[] = useMemo(
    () =>
      fields.map((f) => ({
        name: f.name,
        value: f.name,
        label: f.unit ? `${f.label}（${f.unit}）` : f.label,
        comparator: (other: FullField) => other.name !== f.name && byName.get(other.name)?.type === f.type,
      })),
    [fields, byName],
  );
  return (
    <QueryBuilderAntD>
      <QueryBuilder
        fields={rqbFields}
        query={query as RuleGroupType}
        onQueryChange={(q) => onChange(q as QueryGroup)}
        combinators={COMBINATORS}
        translations={TRANSLATIONS}
        disabled={disabled}
        showNotToggle
        showShiftActions
        listsAsArrays
        resetOnFieldChange
        controlElements={{ fieldSelector: FieldSelector, valueSourceSelector: SourceSelector, notToggle: NotToggle }}
        getOperators={(field) => operatorOptions(byName.get(field)?.type ?? "string")}
        getValueSources={(field) => (byName.get(field)?.type === "array" ? ["value"] : ["value", "field"])}
        getValueEditorType={(field, operator) => {
          const type = byName.get(field)?.type;
          if (type === "boolean") return "select";
          if (type === "enum") return operator === "in" || operator === "notIn" ? "multiselect" : "select";
          return "text";
        }}
        getInputType={(field) => (byName.get(field)?.type === "number" ? "number" : "text")}
        getValues={(field) => {
          const f = byName.get(field);
          if (f?.type === "boolean") return BOOLEAN_VALUES;
          return (f?.values ?? []).map((v) => ({ name: v.name, value: v.name, label: v.label }));
        }}
        getDefaultValue={(rule) => (byName.get(rule.field)?.type === "boolean" ? "true" : "")}
        controlClassnames={{ queryBuilder: "queryBuilder-branches" }}
      />
    </QueryBuilderAntD>
  );
}
