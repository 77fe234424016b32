import { useActor } from "~/utils/actor";
import { PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Drawer, Form, Input, InputNumber, Select, Space, Switch, Table, Tabs, Typography } from "antd";
import { useMemo, useState } from "react";
import type { Condition, EventType, ResolvedRuleset, Rule, RulesetFile } from "~/engine/types";
import { builderFields, emptyQuery, fromQuery, toQuery, type BuilderField, type QueryGroup } from "~/utils/conditions";
import { ConditionBuilder, JsonEditor } from "./ClientOnly";
import { describe, EVENT_TYPE_OPTIONS, ruleColumns, type RuleRow } from "./rule-columns";

type Props = {
  content: RulesetFile;
  parent: ResolvedRuleset | null;
  /** The current content resolved by the server: its form, params and computed values feed the builder. */
  resolved: ResolvedRuleset | null;
  onChange: (content: RulesetFile) => void;
  errors: Map<number, string[]>;
  readOnly: boolean;
};

/** Rules: inherited and own, with their effect, indicator, points and source; edited in a drawer. */
export function RulesEditor({ content, parent, resolved, onChange, errors, readOnly }: Props) {
  const admin = useActor()?.role === "admin";
  const [editing, setEditing] = useState<{ rule: Rule; index?: number } | null>(null);
  const [query, setQuery] = useState("");
  const own = content.rules ?? [];
  const disabled = new Set(content.disable ?? []);
  const rows: RuleRow[] = [
    ...(parent?.rules ?? []).map((rule): RuleRow => {
      const at = own.findIndex((r) => r.id === rule.id);
      return at >= 0
        ? { rule: own[at], origin: "overridden", index: at }
        : { rule, origin: disabled.has(rule.id) ? "disabled" : "inherited" };
    }),
    ...own.flatMap((rule, index): RuleRow[] =>
      parent?.rules.some((r) => r.id === rule.id) ? [] : [{ rule, origin: "own", index }],
    ),
  ];
  const shown = rows.filter(
    (r) =>
      !query ||
      r.rule.id.includes(query) ||
      (r.rule.name ?? "").includes(query) ||
      String(r.rule.event.params?.source ?? "").includes(query),
  );
  const indicators = resolved?.indicators ?? parent?.indicators ?? content.indicators ?? [];
  const fields = useMemo(
    () =>
      builderFields(
        resolved?.form ?? parent?.form ?? null,
        Object.keys(resolved?.computed ?? parent?.computed ?? {}),
        resolved?.params ?? parent?.params ?? {},
        resolved?.materials ?? parent?.materials ?? [],
      ),
    [resolved, parent],
  );

  const saveRule = (rule: Rule, index?: number) => {
    const rules = [...own];
    if (index === undefined) rules.push(rule);
    else rules[index] = rule;
    onChange({ ...content, rules });
    setEditing(null);
  };
  const removeOwn = (index: number) => onChange({ ...content, rules: own.filter((_, i) => i !== index) });
  const toggleDisabled = (id: string) => {
    const next = disabled.has(id) ? [...disabled].filter((x) => x !== id) : [...disabled, id];
    const { disable: _old, ...rest } = content;
    onChange(next.length ? { ...rest, disable: next } : rest);
  };

  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space style={{ justifyContent: "space-between", width: "100%" }}>
        <Input.Search allowClear placeholder="按编号、名称或来源搜索规则" onSearch={setQuery} style={{ width: 320 }} />
        {readOnly ? null : (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() =>
              setEditing({
                rule: {
                  id: `local-rule-${own.length + 1}`,
                  name: "",
                  conditions: fromQuery(emptyQuery(fields), fields),
                  event: { type: "score", params: { indicator: indicators[0]?.id, points: 1, source: "" } },
                },
              })
            }
          >
            新增规则
          </Button>
        )}
      </Space>
      <Table<RuleRow>
        rowKey={(r) => r.rule.id}
        size="small"
        dataSource={shown}
        pagination={{ pageSize: 15, showTotal: (total) => `共 ${total} 条规则` }}
        scroll={{ x: 1100 }}
        rowClassName={(r) => (r.origin === "disabled" ? "rule-disabled" : "")}
        columns={ruleColumns({
          errors,
          indicators,
          resolved,
          readOnly,
          showIds: admin,
          onEdit: (rule, index) => setEditing({ rule, index }),
          onRemove: removeOwn,
          onToggle: toggleDisabled,
        })}
      />
      {editing ? (
        <RuleDrawer
          key={`${editing.rule.id}-${editing.index ?? "new"}`}
          initial={editing.rule}
          isNew={editing.index === undefined && !parent?.rules.some((r) => r.id === editing.rule.id)}
          takenIds={rows.map((r) => r.rule.id).filter((id) => id !== editing.rule.id)}
          fields={fields}
          indicators={indicators}
          resolved={resolved}
          readOnly={readOnly}
          onClose={() => setEditing(null)}
          onSave={(rule) => saveRule(rule, editing.index)}
        />
      ) : null}
    </Space>
  );
}

type DrawerProps = {
  initial: Rule;
  isNew: boolean;
  takenIds: string[];
  fields: BuilderField[];
  indicators: { id: string; title: string; max: number }[];
  resolved: ResolvedRuleset | null;
  readOnly: boolean;
  onClose: () => void;
  onSave: (rule: Rule) => void;
};

/**
 * One rule: its effect and, for the conditions, the visual builder and the JSON side by side in tabs. Both edit
 * the same conditions; a condition the builder cannot show exactly stays in JSON and the builder says why.
 */
function RuleDrawer({
  initial,
  isNew,
  takenIds,
  fields,
  indicators,
  resolved,
  readOnly,
  onClose,
  onSave,
}: DrawerProps) {
  const [rule, setRule] = useState<Rule>(initial);
  const [conditionsText, setConditionsText] = useState(() => JSON.stringify(initial.conditions, null, 2));
  const [textError, setTextError] = useState<string | null>(null);
  // The builder keeps its own query (with the row ids it adds) while it is in use, so typing never remounts a row;
  // it is read again from the conditions whenever the builder is shown after the JSON was edited.
  const [visual, setVisual] = useState(() => toQuery(initial.conditions, fields));
  const [builderQuery, setBuilderQuery] = useState<QueryGroup | null>(visual.ok ? visual.query : null);
  const [mode, setMode] = useState<"visual" | "json">(visual.ok ? "visual" : "json");
  const params = rule.event.params ?? {};
  const setParams = (patch: Record<string, unknown>) =>
    setRule({ ...rule, event: { ...rule.event, params: { ...params, ...patch } as Rule["event"]["params"] } });
  const type = rule.event.type;

  const idProblem = !/^[a-z][a-z0-9-]*$/.test(rule.id)
    ? "编号只能用小写字母、数字和连字符，以字母开头"
    : takenIds.includes(rule.id)
      ? "编号已被其他规则使用"
      : undefined;
  const effectProblem =
    (type === "score" || type === "deduct") && (!params.indicator || typeof params.points !== "number")
      ? "请选择指标并填写分值"
      : (type === "veto" || type === "require" || type === "flag") && !params.message
        ? "请填写说明（将显示给党支部和评定人）"
        : type === "star" && !params.star
          ? "请填写星的名称"
          : undefined;

  const onQuery = (q: QueryGroup) => {
    setBuilderQuery(q);
    const conditions = fromQuery(q, fields);
    setRule({ ...rule, conditions });
    setConditionsText(JSON.stringify(conditions, null, 2));
  };
  const onText = (text: string) => {
    setConditionsText(text);
    try {
      const parsed = JSON.parse(text) as Condition;
      setRule({ ...rule, conditions: parsed });
      setTextError(null);
    } catch {
      setTextError("JSON 格式错误，修正前不会应用到规则");
    }
  };

  return (
    <Drawer
      open
      width={1000}
      title={isNew ? "新增规则" : `${readOnly ? "查看" : "编辑"}规则：${initial.name || initial.id}`}
      onClose={onClose}
      extra={
        readOnly ? null : (
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button
              type="primary"
              disabled={Boolean(idProblem || effectProblem || textError)}
              onClick={() => onSave(rule)}
            >
              确定
            </Button>
          </Space>
        )
      }
    >
      <Form layout="vertical" disabled={readOnly}>
        <Space wrap align="start" size="large">
          <Form.Item label="编号" required validateStatus={idProblem ? "error" : undefined} help={idProblem}>
            <Input
              aria-label="规则编号"
              value={rule.id}
              disabled={!isNew || readOnly}
              onChange={(e) => setRule({ ...rule, id: e.target.value.trim() })}
              style={{ width: 220 }}
            />
          </Form.Item>
          <Form.Item label="名称" required>
            <Input
              aria-label="规则名称"
              value={rule.name ?? ""}
              onChange={(e) => setRule({ ...rule, name: e.target.value })}
              style={{ width: 360 }}
            />
          </Form.Item>
          <Form.Item label="必选（下级不能替换或停用）">
            <Switch
              aria-label="必选"
              checked={Boolean(rule.required)}
              onChange={(required) => setRule({ ...rule, required })}
            />
          </Form.Item>
        </Space>
        <Space wrap align="start" size="large">
          <Form.Item label="效果" required validateStatus={effectProblem ? "error" : undefined} help={effectProblem}>
            <Select
              aria-label="规则效果"
              value={type}
              style={{ width: 200 }}
              options={EVENT_TYPE_OPTIONS.map(({ value, label }) => ({ value, label }))}
              onChange={(t: EventType) =>
                setRule({ ...rule, event: { type: t, params: { source: params.source ?? "" } } })
              }
            />
          </Form.Item>
          {type === "score" || type === "deduct" ? (
            <>
              <Form.Item label="指标">
                <Select
                  aria-label="指标"
                  value={params.indicator}
                  style={{ width: 200 }}
                  options={indicators.map((i) => ({ value: i.id, label: `${i.title}（满分 ${i.max}）` }))}
                  onChange={(indicator) => setParams({ indicator })}
                />
              </Form.Item>
              <Form.Item label="分值">
                <InputNumber
                  aria-label="分值"
                  min={0}
                  value={params.points as number | undefined}
                  onChange={(points) => setParams({ points: points ?? undefined })}
                  addonAfter="分"
                />
              </Form.Item>
            </>
          ) : null}
          {type === "star" ? (
            <Form.Item label="星的名称">
              <Input
                aria-label="星的名称"
                value={(params.star as string) ?? ""}
                onChange={(e) => setParams({ star: e.target.value })}
                style={{ width: 240 }}
              />
            </Form.Item>
          ) : null}
          {type === "veto" || type === "require" || type === "flag" ? (
            <Form.Item label="说明">
              <Input
                aria-label="说明"
                value={(params.message as string) ?? ""}
                onChange={(e) => setParams({ message: e.target.value })}
                style={{ width: 420 }}
              />
            </Form.Item>
          ) : null}
        </Space>
        <Form.Item label="来源（文件与条款）">
          <Input
            aria-label="来源"
            value={(params.source as string) ?? ""}
            onChange={(e) => setParams({ source: e.target.value })}
            placeholder="例如：002_7ac5433e7f4a04b1.txt 附件2 一.2"
          />
        </Form.Item>
        <Typography.Text strong>
          条件{type === "require" ? "（不满足时列为未达要求）" : "（满足时生效）"}
        </Typography.Text>
        <Alert style={{ margin: "8px 0" }} type="info" showIcon message={describe(rule.conditions, resolved)} />
        <Tabs
          activeKey={mode}
          onChange={(key) => {
            if (key === "visual") {
              const next = toQuery(rule.conditions, fields);
              setVisual(next);
              setBuilderQuery(next.ok ? next.query : null);
            }
            setMode(key as "visual" | "json");
          }}
          items={[
            {
              key: "visual",
              label: "可视化",
              disabled: Boolean(textError),
              children: !visual.ok ? (
                <Alert
                  type="warning"
                  showIcon
                  message={`该条件无法用可视化方式准确显示：${visual.reason}。请在 JSON 中编辑。`}
                />
              ) : builderQuery ? (
                <ConditionBuilder fields={fields} query={builderQuery} onChange={onQuery} disabled={readOnly} />
              ) : null,
            },
            {
              key: "json",
              label: "JSON",
              children: (
                <Space orientation="vertical" style={{ width: "100%" }}>
                  {!visual.ok ? <Alert type="warning" showIcon message={`可视化编辑不可用：${visual.reason}`} /> : null}
                  {textError ? <Alert type="error" showIcon message={textError} /> : null}
                  <JsonEditor
                    value={conditionsText}
                    onChange={onText}
                    height="360px"
                    readOnly={readOnly}
                    ariaLabel="条件 JSON"
                  />
                </Space>
              ),
            },
          ]}
        />
      </Form>
    </Drawer>
  );
}
