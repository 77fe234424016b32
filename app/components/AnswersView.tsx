import { Card, Descriptions, Empty, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from "antd";
import { useMemo, useState, type ReactNode } from "react";
import { listFields, type FormField } from "~/engine/forms";
import type { EventType, FormSchema, JsonObject } from "~/engine/types";
import { getPath } from "~/engine/path";
import { answerFields, answerText, changedAnswers, rulesByField } from "~/utils/answers";
import { formatDateTime } from "~/utils/format";

type Trace = { rule: string; name?: string; type: EventType; fired: boolean; conditions?: unknown }[];

/** The form's sections in their order, each with its answered fields (labels without the section's own title). */
function sectionsOf(schema: JsonObject, uiSchema: JsonObject) {
  const properties = (schema.properties ?? {}) as Record<string, JsonObject>;
  const order =
    (uiSchema["ui:order"] as string[] | undefined)?.filter((k) => k in properties) ?? Object.keys(properties);
  const fields = answerFields(listFields(schema as FormSchema));
  return order.map((key) => ({
    key,
    title: String(properties[key]?.title ?? key),
    fields: fields.filter((f) => f.path.startsWith(`$.${key}.`)),
  }));
}

const label = (field: FormField) => field.title.split(" / ").slice(1).join(" / ") || field.title;

/**
 * What the branch answered, read-only and laid out as its form — sections, titles, units and 说明 texts — each answer
 * a rule read marked with that rule's outcome (green when it counts for the branch, red when against it).
 */
export function AnswersView({
  schema,
  uiSchema,
  data,
  trace,
  sectionExtras = {},
}: {
  schema: JsonObject;
  uiSchema: JsonObject;
  data: JsonObject;
  trace: Trace;
  /** Shown at the end of a section, by section key: the evidence that proves its answers. */
  sectionExtras?: Record<string, ReactNode>;
}) {
  const sections = useMemo(() => sectionsOf(schema, uiSchema), [schema, uiSchema]);
  const marks = useMemo(() => rulesByField(trace), [trace]);
  return (
    <Space orientation="vertical" style={{ width: "100%" }} data-testid="answers">
      {sections.map((section) => (
        <Card key={section.key} size="small" title={section.title}>
          {section.fields.length ? (
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              {section.fields.map((field) => {
                const answer = getPath(data, field.path);
                return (
                  <Descriptions.Item key={field.path} label={label(field)}>
                    <Space size={4} wrap>
                      <Typography.Text type={answer === undefined ? "secondary" : undefined}>
                        {answerText(field, answer)}
                      </Typography.Text>
                      {(marks.get(field.path) ?? []).map((m) => (
                        <Tag key={m.rule} color={m.good ? "green" : "red"} style={{ marginInlineEnd: 0 }}>
                          {m.name}
                        </Tag>
                      ))}
                    </Space>
                  </Descriptions.Item>
                );
              })}
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">本部分没有需要填写的项目</Typography.Text>
          )}
          {sectionExtras[section.key] ? <div style={{ marginTop: 12 }}>{sectionExtras[section.key]}</div> : null}
        </Card>
      ))}
    </Space>
  );
}

export type RevisionSummary = { revision: number; at: number; by: string; data: JsonObject };

/** Any two revisions of a submission side by side: who sent each and when, and every answer that changed. */
export function RevisionDiff({ schema, revisions }: { schema: JsonObject; revisions: RevisionSummary[] }) {
  const fields = useMemo(() => listFields(schema as FormSchema), [schema]);
  const last = revisions.length - 1;
  const [a, setA] = useState(Math.max(0, last - 1));
  const [b, setB] = useState(last);
  if (revisions.length < 2) return <Empty description="只有一版申报，没有可对比的版本" />;
  const changes = changedAnswers(fields, revisions[a].data, revisions[b].data);
  const option = (r: RevisionSummary, i: number) => ({
    value: i,
    label: `第 ${r.revision} 版 · ${r.by} · ${formatDateTime(r.at)}`,
  });
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Select
          aria-label="对比的原版本"
          value={a}
          onChange={setA}
          options={revisions.map(option)}
          style={{ minWidth: 280 }}
        />
        <Typography.Text>对比</Typography.Text>
        <Select
          aria-label="对比的新版本"
          value={b}
          onChange={setB}
          options={revisions.map(option)}
          style={{ minWidth: 280 }}
        />
      </Space>
      <Table
        size="small"
        rowKey={(c) => c.field.path}
        dataSource={changes}
        pagination={false}
        locale={{ emptyText: "两个版本的填报内容相同" }}
        columns={[
          { title: "项目", render: (_, c) => c.field.title },
          {
            title: `第 ${revisions[a].revision} 版`,
            render: (_, c) => (
              <Typography.Text delete type="danger">
                {answerText(c.field, c.before)}
              </Typography.Text>
            ),
          },
          {
            title: `第 ${revisions[b].revision} 版`,
            render: (_, c) => (
              <Tooltip title={c.field.unit ? `单位：${c.field.unit}` : undefined}>
                <Typography.Text mark>{answerText(c.field, c.after)}</Typography.Text>
              </Tooltip>
            ),
          },
        ]}
      />
    </Space>
  );
}

/** A submission's content for whoever reads or rates it: the latest revision's answers, and any two revisions compared. */
export function SubmissionContent({
  form,
  data,
  revision,
  revisions,
  trace,
  sectionExtras,
}: {
  form: { schema: JsonObject; uiSchema: JsonObject };
  data: JsonObject;
  revision: number;
  revisions: RevisionSummary[];
  trace: Trace;
  sectionExtras?: Record<string, ReactNode>;
}) {
  return (
    <Card title="申报内容" size="small" className="no-print">
      <Tabs
        items={[
          {
            key: "answers",
            label: `填报内容（第 ${revision} 版）`,
            children: (
              <AnswersView
                schema={form.schema}
                uiSchema={form.uiSchema}
                data={data}
                trace={trace}
                sectionExtras={sectionExtras}
              />
            ),
          },
          {
            key: "revisions",
            label: `版本对比（共 ${revisions.length} 版）`,
            children: <RevisionDiff schema={form.schema} revisions={revisions} />,
          },
        ]}
      />
    </Card>
  );
}
