import { Badge, Button, Popconfirm, Space, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { describeCondition } from "~/engine/describe";
import type { Condition, ResolvedRuleset, Rule } from "~/engine/types";
import { EVENT_TYPE_LABELS, eventTypeLabel } from "~/utils/labels";
import { citationText } from "~/utils/sources";

export type RuleRow = {
  rule: Rule;
  origin: "inherited" | "overridden" | "disabled" | "own";
  /** The index in this rule set's own `rules`, for its errors and edits. */
  index?: number;
};

export const EVENT_TYPE_OPTIONS = Object.entries(EVENT_TYPE_LABELS).map(([value, { title }]) => ({
  value,
  label: title,
}));

export function describe(condition: Condition, resolved: ResolvedRuleset | null): string {
  try {
    return describeCondition(condition, resolved?.form ?? null, resolved ?? undefined);
  } catch {
    return "（条件格式不完整）";
  }
}

type Options = {
  errors: Map<number, string[]>;
  indicators: { id: string; title: string }[];
  resolved: ResolvedRuleset | null;
  readOnly: boolean;
  /** Admins see each rule's id in a tooltip; nobody else sees ids. */
  showIds: boolean;
  /** Opens the drawer: an own rule with its index, or a copy of an inherited one to replace it. */
  onEdit: (rule: Rule, index?: number) => void;
  onRemove: (index: number) => void;
  onToggle: (id: string) => void;
};

/** The rules table's columns: the rule, its effect, indicator, points, condition in words, source and origin. */
export function ruleColumns({
  errors,
  indicators,
  resolved,
  readOnly,
  showIds,
  onEdit,
  onRemove,
  onToggle,
}: Options): ColumnsType<RuleRow> {
  return [
    {
      title: "规则",
      width: 300,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Space size={4}>
            {r.index !== undefined && errors.get(r.index)?.length ? <Badge status="error" /> : null}
            <Tooltip title={showIds ? `规则 id：${r.rule.id}` : undefined}>
              <Typography.Text strong delete={r.origin === "disabled"}>
                {r.rule.name || "未命名规则"}
              </Typography.Text>
            </Tooltip>
            {r.rule.required ? <Tag color="red">必选</Tag> : null}
          </Space>
          {r.index !== undefined && errors.get(r.index)?.length ? (
            <Typography.Text type="danger">{errors.get(r.index)!.join("；")}</Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: "类型",
      width: 140,
      filters: EVENT_TYPE_OPTIONS.map((o) => ({ text: o.label, value: o.value })),
      onFilter: (value, r) => r.rule.event.type === value,
      render: (_, r) => (
        <Tag color={eventTypeLabel(r.rule.event.type).color}>{eventTypeLabel(r.rule.event.type).title}</Tag>
      ),
    },
    {
      title: "指标",
      width: 120,
      render: (_, r) =>
        indicators.find((i) => i.id === r.rule.event.params?.indicator)?.title ??
        (r.rule.event.params?.indicator as string | undefined) ??
        "—",
    },
    {
      title: "分值",
      width: 70,
      align: "right",
      render: (_, r) => (r.rule.event.params?.points as number | undefined) ?? "—",
    },
    {
      title: "条件",
      render: (_, r) => (
        <Typography.Paragraph
          style={{ margin: 0, fontSize: 12 }}
          ellipsis={{ rows: 2, tooltip: describe(r.rule.conditions, resolved) }}
        >
          {describe(r.rule.conditions, resolved)}
        </Typography.Paragraph>
      ),
    },
    {
      title: "来源",
      width: 200,
      render: (_, r) => (
        <Typography.Paragraph
          type="secondary"
          style={{ margin: 0, fontSize: 12 }}
          ellipsis={{ rows: 2, tooltip: citationText(String(r.rule.event.params?.source ?? "")) }}
        >
          {citationText(String(r.rule.event.params?.source ?? ""))}
        </Typography.Paragraph>
      ),
    },
    {
      title: "归属",
      width: 100,
      filters: [
        { text: "本级新增", value: "own" },
        { text: "本级替换", value: "overridden" },
        { text: "沿用上级", value: "inherited" },
        { text: "已停用", value: "disabled" },
      ],
      onFilter: (value, r) => r.origin === value,
      render: (_, r) =>
        ({
          own: <Tag color="blue">本级新增</Tag>,
          overridden: <Tag color="cyan">本级替换</Tag>,
          inherited: <Tag>沿用上级</Tag>,
          disabled: <Tag color="default">已停用</Tag>,
        })[r.origin],
    },
    {
      title: "操作",
      width: 170,
      fixed: "right",
      render: (_, r) =>
        readOnly ? (
          <Button size="small" type="link" onClick={() => onEdit(r.rule, r.index)}>
            查看
          </Button>
        ) : (
          <Space size={0} wrap>
            {r.origin === "own" || r.origin === "overridden" ? (
              <>
                <Button size="small" type="link" onClick={() => onEdit(r.rule, r.index)}>
                  编辑
                </Button>
                <Popconfirm
                  title={r.origin === "own" ? "删除这条规则？" : "撤销本级替换，恢复上级规则？"}
                  onConfirm={() => onRemove(r.index!)}
                  okText="确定"
                  cancelText="取消"
                >
                  <Button size="small" type="link" danger>
                    {r.origin === "own" ? "删除" : "恢复上级"}
                  </Button>
                </Popconfirm>
              </>
            ) : r.rule.required ? (
              <Tooltip title="上级的必选规则，下级不能替换或停用">
                <Button size="small" type="link" disabled>
                  不可修改
                </Button>
              </Tooltip>
            ) : (
              <>
                {r.origin === "inherited" ? (
                  <Button size="small" type="link" onClick={() => onEdit(structuredClone(r.rule))}>
                    替换
                  </Button>
                ) : null}
                <Button size="small" type="link" onClick={() => onToggle(r.rule.id)}>
                  {r.origin === "disabled" ? "启用" : "停用"}
                </Button>
              </>
            )}
          </Space>
        ),
    },
  ];
}
