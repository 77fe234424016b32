import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Button, Card, Col, Drawer, Input, Row, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useApi } from "~/utils/api";
import { useFilterParams } from "~/utils/search-params";
import { JsonEditor } from "~/components/rulesets/ClientOnly";
import { auditEntries } from "~/server/audit/audit.server";
import { requireActor } from "~/server/auth/session.server";
import { forbidden } from "~/server/platform/http.server";
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE } from "~/utils/audit";
import { changePlace, changeValue, jsonChanges } from "~/utils/json-diff";

export const meta: MetaFunction = () => [{ title: "审计日志 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role !== "admin") throw forbidden("审计日志");
  const url = new URL(request.url);
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const action = url.searchParams.get("action") ?? undefined;
  const query = url.searchParams.get("q") ?? undefined;
  return { page, action: action ?? null, query: query ?? "", ...auditEntries(actor, { page, action, query }) };
}

type Detail = {
  id: number;
  action: string;
  entityId: string;
  before: unknown;
  after: unknown;
  paramTitles?: Record<string, string>;
};

/** Each changed value with where it is in words, the old value struck through in red and the new one in green. */
function ChangeTable({
  before,
  after,
  paramTitles,
}: {
  before: unknown;
  after: unknown;
  paramTitles?: Record<string, string>;
}) {
  const changes = jsonChanges(before, after);
  return (
    <Table
      size="small"
      rowKey={(c) => c.path.join("\u0000")}
      dataSource={changes}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      data-testid="audit-changes"
      locale={{ emptyText: "内容无变化" }}
      columns={[
        {
          title: "位置",
          width: "40%",
          render: (_, c) => changePlace(c.path, c.after === undefined ? before : after, paramTitles),
        },
        {
          title: "修改前",
          render: (_, c) =>
            c.before === undefined ? (
              <Typography.Text type="secondary">（无）</Typography.Text>
            ) : (
              <del style={{ background: "#fff1f0", color: "#a8071a" }}>{changeValue(c.before)}</del>
            ),
        },
        {
          title: "修改后",
          render: (_, c) =>
            c.after === undefined ? (
              <Typography.Text type="secondary">（删除）</Typography.Text>
            ) : (
              <ins style={{ background: "#f6ffed", color: "#135200", textDecoration: "none" }}>
                {changeValue(c.after)}
              </ins>
            ),
        },
      ]}
    />
  );
}

export default function AuditLog() {
  const { entries, total, page, action, query } = useLoaderData<typeof loader>();
  const { call } = useApi();
  const [detail, setDetail] = useState<Detail | null>(null);
  const update = useFilterParams();
  const open = async (id: number) => {
    const outcome = await call<Detail>(`/api/v1/audit/${id}`);
    if (outcome.ok) setDetail(outcome.data);
  };
  return (
    <Card
      title="审计日志：谁在何时改了什么"
      extra={
        <Space>
          <Select
            aria-label="按操作筛选"
            allowClear
            placeholder="全部操作"
            style={{ width: 180 }}
            value={action ?? undefined}
            onChange={(v) => update({ action: v ?? null })}
            options={Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }))}
          />
          <Input.Search
            aria-label="按对象搜索"
            allowClear
            placeholder="对象，如 150100/village"
            defaultValue={query}
            onSearch={(q) => update({ q: q || null })}
            style={{ width: 260 }}
          />
        </Space>
      }
    >
      <Table
        rowKey="id"
        size="small"
        dataSource={entries}
        pagination={{
          current: page,
          pageSize: AUDIT_PAGE_SIZE,
          total,
          showTotal: (n) => `共 ${n} 条`,
          showSizeChanger: false,
          onChange: (p) => update({ page: String(p) }),
        }}
        columns={[
          { title: "时间", dataIndex: "at", width: 170, render: (t: string) => dayjs(t).format("YYYY-MM-DD HH:mm:ss") },
          { title: "操作人", dataIndex: "user", width: 200 },
          {
            title: "操作",
            dataIndex: "action",
            width: 130,
            render: (a: string) => (
              <Tag color={a.startsWith("ruleset") ? "blue" : a.startsWith("submission") ? "green" : "default"}>
                {AUDIT_ACTIONS[a] ?? a}
              </Tag>
            ),
          },
          {
            title: "对象",
            dataIndex: "entityId",
            width: 170,
            render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
          },
          { title: "区域", dataIndex: "regionName", width: 100 },
          {
            title: "变化",
            dataIndex: "changes",
            render: (lines: string[], e) => (
              <div style={{ fontSize: 12 }}>
                {e.note ? (
                  <div data-testid="audit-note">
                    <Typography.Text strong>修改说明：</Typography.Text>
                    {e.note}
                  </div>
                ) : null}
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {lines.slice(0, 6).map((l, i) => (
                    <li key={i}>{l}</li>
                  ))}
                  {lines.length > 6 ? <li>……共 {lines.length} 处</li> : null}
                </ul>
              </div>
            ),
          },
          {
            title: "",
            width: 110,
            render: (_, e) => (
              <Button size="small" type="link" onClick={() => open(e.id)}>
                修改前后对比
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={detail !== null}
        width="90%"
        title={detail ? `${AUDIT_ACTIONS[detail.action] ?? detail.action}：${detail.entityId}` : ""}
        onClose={() => setDetail(null)}
      >
        {detail ? (
          <Tabs
            items={[
              {
                key: "changes",
                label: "修改内容",
                children: <ChangeTable before={detail.before} after={detail.after} paramTitles={detail.paramTitles} />,
              },
              {
                key: "json",
                label: "JSON",
                children: (
                  <Row gutter={16}>
                    {(["before", "after"] as const).map((side) => (
                      <Col span={12} key={side}>
                        <Typography.Title level={5}>{side === "before" ? "修改前" : "修改后"}</Typography.Title>
                        <JsonEditor
                          value={JSON.stringify(detail[side], null, 2)}
                          readOnly
                          height="70vh"
                          ariaLabel={side === "before" ? "修改前" : "修改后"}
                        />
                      </Col>
                    ))}
                  </Row>
                ),
              },
            ]}
          />
        ) : null}
      </Drawer>
    </Card>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
