import { useActor } from "~/utils/actor";
import { LockOutlined, UndoOutlined } from "@ant-design/icons";
import { Button, Form, Input, InputNumber, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { Json, ResolvedRuleset, RulesetFile } from "~/engine/types";
import { paramRows, paramViolation, setParamValue, type ParamRow } from "~/utils/ruleset-editing";

type Props = {
  content: RulesetFile;
  parent: ResolvedRuleset | null;
  onChange: (content: RulesetFile) => void;
  /** Lint errors by param id, from the server. */
  errors: Map<string, string[]>;
  readOnly: boolean;
};

const formatValue = (value: Json | null, unit?: string) =>
  value === null || value === undefined
    ? "—"
    : typeof value === "boolean"
      ? value
        ? "是"
        : "否"
      : `${String(value)}${unit ? ` ${unit}` : ""}`;

function limits(row: ParamRow): string {
  const parts: string[] = [];
  if (row.min !== undefined || row.max !== undefined) parts.push(`取值 ${row.min ?? "-∞"} ~ ${row.max ?? "+∞"}`);
  if (row.bounds) parts.push(`下级可设 ${row.bounds.min ?? "-∞"} ~ ${row.bounds.max ?? "+∞"}`);
  return parts.join("；") || "—";
}

function ValueInput({ row, onChange, disabled }: { row: ParamRow; onChange: (v: Json) => void; disabled: boolean }) {
  const label = `${row.title} 的取值`;
  if (row.type === "boolean") {
    return (
      <Select
        aria-label={label}
        value={row.value as boolean}
        disabled={disabled}
        onChange={onChange}
        style={{ width: 120 }}
        options={[
          { value: true, label: "是" },
          { value: false, label: "否" },
        ]}
      />
    );
  }
  if (row.type === "string") {
    return (
      <Input
        aria-label={label}
        value={String(row.value ?? "")}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        style={{ width: 200 }}
      />
    );
  }
  return (
    <InputNumber
      aria-label={label}
      value={row.value as number}
      disabled={disabled}
      step={row.type === "integer" ? 1 : undefined}
      onChange={(v) => onChange(v === null ? null : Number(v))}
      style={{ width: 160 }}
      suffix={row.unit}
    />
  );
}

/**
 * The params table: each threshold with its value edited inline, the parent's value, its range and the bounds
 * the parent allows, locks shown; a value outside them is marked at the field as it is typed.
 */
export function ParamsEditor({ content, parent, onChange, errors, readOnly }: Props) {
  const rows = paramRows(content, parent);
  const admin = useActor()?.role === "admin";
  return (
    <Table<ParamRow>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 1000 }}
      columns={[
        {
          title: "参数",
          dataIndex: "title",
          width: 260,
          render: (_, row) => (
            <Space orientation="vertical" size={0}>
              <Space size={4}>
                <Tooltip title={admin ? `参数 ${row.id}` : undefined}>
                  <Typography.Text strong>{row.title}</Typography.Text>
                </Tooltip>
                {row.locked ? (
                  <Tooltip title={`由 ${row.setBy ?? "本级"} 锁定，下级不能修改`}>
                    <LockOutlined aria-label="已锁定" />
                  </Tooltip>
                ) : null}
              </Space>
            </Space>
          ),
        },
        {
          title: "本级取值",
          width: 260,
          render: (_, row) => {
            const problems = [
              ...(paramViolation(row, row.value) ? [paramViolation(row, row.value)!] : []),
              ...(errors.get(row.id) ?? []),
            ];
            return (
              <Form.Item
                style={{ margin: 0 }}
                validateStatus={problems.length ? "error" : undefined}
                help={problems.length ? problems.join("；") : undefined}
              >
                <Space>
                  <ValueInput
                    row={row}
                    disabled={readOnly || (row.locked && row.parentValue !== null)}
                    onChange={(v) => onChange(setParamValue(content, row, v))}
                  />
                  {row.own && row.parentValue !== null && !readOnly ? (
                    <Tooltip title="恢复为上级的取值">
                      <Button
                        size="small"
                        icon={<UndoOutlined />}
                        aria-label={`${row.title} 恢复上级取值`}
                        onClick={() => onChange(setParamValue(content, row, row.parentValue))}
                      />
                    </Tooltip>
                  ) : null}
                </Space>
              </Form.Item>
            );
          },
        },
        {
          title: "上级取值",
          width: 140,
          render: (_, row) => (row.parentValue === null ? <Tag>本级定义</Tag> : formatValue(row.parentValue, row.unit)),
        },
        {
          title: "状态",
          width: 110,
          filters: [
            { text: "本级设定", value: "own" },
            { text: "沿用上级", value: "inherited" },
            { text: "已锁定", value: "locked" },
          ],
          onFilter: (value, row) => (value === "own" ? row.own : value === "locked" ? row.locked : !row.own),
          render: (_, row) =>
            row.locked ? (
              <Tag color="default">锁定</Tag>
            ) : row.own ? (
              <Tag color="blue">本级设定</Tag>
            ) : (
              <Tag>沿用上级</Tag>
            ),
        },
        {
          title: "范围",
          width: 220,
          render: (_, row) => <Typography.Text style={{ fontSize: 12 }}>{limits(row)}</Typography.Text>,
        },
        {
          title: "说明",
          dataIndex: "description",
          render: (d?: string) => (
            <Typography.Paragraph
              type="secondary"
              style={{ fontSize: 12, margin: 0 }}
              ellipsis={{ rows: 2, tooltip: d }}
            >
              {d ?? ""}
            </Typography.Paragraph>
          ),
        },
      ]}
    />
  );
}
