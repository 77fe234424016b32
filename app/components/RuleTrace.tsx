import { Card, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { ResolvedRuleset, TraceEntry } from "~/engine/types";
import { explainConditions, outcomeText } from "~/utils/explain";
import { EVENT_TYPE_LABELS, eventTypeTitle } from "~/utils/labels";
import { citationText } from "~/utils/sources";
import { usePhone } from "./usePhone";

const ADVERSE = new Set(["veto", "deduct", "flag"]);

const outcomeColor = (entry: TraceEntry) => {
  const good = entry.type === "require" ? !entry.fired : entry.fired;
  if (entry.type === "veto" || entry.type === "deduct" || entry.type === "flag")
    return entry.fired ? (entry.type === "flag" ? "orange" : "red") : "default";
  return good ? "green" : entry.type === "require" ? "orange" : "default";
};

/**
 * “为什么”: every rule with its outcome and its conditions as sentences — the field's title, the answer with its
 * unit, what the standard asks and which region set it. An admin sees the rule's id and each comparison's path in
 * a tooltip; nobody else sees either.
 */
export function RuleTrace({
  ruleset,
  trace,
  regionNames,
  admin,
}: {
  ruleset: ResolvedRuleset;
  trace: TraceEntry[];
  regionNames: Record<string, string>;
  /** Admins see rule ids and each comparison's path in tooltips. */
  admin: boolean;
}) {
  const rules = new Map(ruleset.rules.map((r) => [r.id, r]));
  const phone = usePhone();
  const name = (entry: TraceEntry) => {
    const source = rules.get(entry.rule)?.event.params?.source;
    const title = <Typography.Text strong>{entry.name}</Typography.Text>;
    return (
      <Space orientation="vertical" size={0}>
        {admin ? <Tooltip title={`规则 id：${entry.rule}`}>{title}</Tooltip> : title}
        {typeof source === "string" ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            依据：{citationText(source)}
          </Typography.Text>
        ) : null}
      </Space>
    );
  };
  const outcome = (entry: TraceEntry) => (
    <Tag color={outcomeColor(entry)}>{outcomeText(entry.type, entry.fired, entry.points)}</Tag>
  );
  const reasoning = (entry: TraceEntry) => (
    <div style={{ fontSize: 13 }}>
      {explainConditions(entry.conditions, { ruleset, regionNames, type: entry.type }).map((line, i) => {
        // A veto's, deduction's or warning's condition holding is what counts against the branch.
        const against = line.result === (ADVERSE.has(entry.type) ? true : false);
        const text = (
          <span>
            {line.result === true ? "✓ " : line.result === false ? "✗ " : "· "}
            {line.text}
          </span>
        );
        return (
          <div key={i} style={{ paddingLeft: line.depth * 16, color: against ? "#cf1322" : undefined }}>
            {admin && line.detail ? <Tooltip title={line.detail}>{text}</Tooltip> : text}
          </div>
        );
      })}
    </div>
  );
  if (phone)
    return (
      <Space orientation="vertical" size={8} style={{ width: "100%" }} data-testid="rule-trace-cards">
        {trace.map((entry) => (
          <Card key={entry.rule} size="small" title={eventTypeTitle(entry.type)} extra={outcome(entry)}>
            {name(entry)}
            <div style={{ marginTop: 8 }}>{reasoning(entry)}</div>
          </Card>
        ))}
      </Space>
    );
  return (
    <Table
      size="small"
      rowKey="rule"
      pagination={false}
      dataSource={trace}
      scroll={{ x: 720 }}
      columns={[
        { title: "规则", dataIndex: "name", width: 240, render: (_: string, entry) => name(entry) },
        {
          title: "类型",
          dataIndex: "type",
          width: 90,
          render: (t: string) => eventTypeTitle(t),
          filters: Object.entries(EVENT_TYPE_LABELS).map(([value, { title }]) => ({ text: title, value })),
          onFilter: (v, r) => r.type === v,
        },
        { title: "结果", dataIndex: "fired", width: 120, render: (_: boolean, entry) => outcome(entry) },
        { title: "判断过程", dataIndex: "conditions", render: (_: unknown, entry) => reasoning(entry) },
      ]}
    />
  );
}
