import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { App, Button, Card, DatePicker, Input, Modal, Radio, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { can } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { publicitiesOf, publicityDetail, unpublishedCount } from "~/server/cycle/publicity.server";
import { settingsFor } from "~/server/cycle/settings.server";
import { forbidden } from "~/server/platform/http.server";
import { parseYear } from "~/server/platform/validation.server";
import { submissionYears } from "~/server/submissions/repository.server";
import { ReasonConfirm } from "~/components/ReasonConfirm";
import { YearSelect } from "~/components/YearSelect";
import { useApi } from "~/utils/api";
import { formatDate, todayInChina } from "~/utils/format";
import { PUBLICITY_STATUS_TITLES } from "~/utils/labels";
import { useFilterParams } from "~/utils/search-params";

export const meta: MetaFunction = () => [{ title: "公示 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role === "branch") throw forbidden("公示");
  const url = new URL(request.url);
  const years = submissionYears();
  const year = parseYear(url.searchParams.get("year"), "year", years.at(-1) ?? new Date().getFullYear());
  const selected = url.searchParams.get("id");
  const canOpen = can(actor, { action: "cycle.manage", regionCode: actor.regionCode });
  return {
    year,
    years,
    canOpen,
    region: actor.regionCode,
    regionName: actor.regionName,
    days: settingsFor(actor.regionCode).publicityDays,
    unpublished: canOpen ? unpublishedCount(actor.regionCode, year) : 0,
    publicities: publicitiesOf(actor, actor.regionCode, year),
    detail: selected && /^\d+$/.test(selected) ? publicityDetail(actor, Number(selected)) : null,
  };
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Detail = NonNullable<Loaded["detail"]>;

const STATE: Record<"open" | "ended" | "closed", { title: string; color: string }> = {
  open: { title: "公示中", color: "blue" },
  ended: { title: "期满待结束", color: "orange" },
  closed: { title: "已结束", color: "default" },
};
const STATUS_COLORS = { publicizing: "blue", objected: "red", final: "green" } as const;

function OpenForm({ data }: { data: Loaded }) {
  const { call, busy } = useApi();
  const update = useFilterParams();
  const [startsOn, setStartsOn] = useState(dayjs(todayInChina()));
  const [title, setTitle] = useState("");
  if (!data.unpublished)
    return <Typography.Text type="secondary">{data.year} 年度没有待公示的评定结果。</Typography.Text>;
  return (
    <Space wrap>
      <Typography.Text>
        {data.year} 年度有 <Typography.Text strong>{data.unpublished}</Typography.Text> 个评定结果待公示
      </Typography.Text>
      <Input
        aria-label="公示标题"
        placeholder={`${data.regionName}${data.year}年度党支部评定结果公示`}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        style={{ width: 320 }}
        maxLength={100}
      />
      <DatePicker aria-label="公示开始日期" value={startsOn} onChange={(d) => d && setStartsOn(d)} />
      <Button
        type="primary"
        loading={busy}
        onClick={async () => {
          const outcome = await call<{ id: number }>("/api/v1/publicities", {
            json: {
              region: data.region,
              year: data.year,
              startsOn: startsOn.format("YYYY-MM-DD"),
              ...(title.trim() ? { title: title.trim() } : {}),
            },
          });
          if (outcome.ok) update({ id: String(outcome.data.id) });
        }}
      >
        开始公示（{data.days} 个工作日）
      </Button>
    </Space>
  );
}

/** How an objection was handled: 成立 / 不成立 with what was done. */
function ResolveButton({ id, onDone }: { id: number; onDone: () => void }) {
  const { call, busy } = useApi();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<"dismissed" | "upheld">("dismissed");
  const [handling, setHandling] = useState("");
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        处理
      </Button>
      <Modal
        open={open}
        title="处理异议"
        okText="保存处理结果"
        cancelText="取消"
        okButtonProps={{ disabled: !handling.trim(), loading: busy }}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          if ((await call(`/api/v1/objections/${id}/resolution`, { json: { outcome, handling } })).ok) {
            setOpen(false);
            onDone();
          }
        }}
      >
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <Radio value="dismissed">异议不成立，维持结果</Radio>
            <Radio value="upheld">异议成立，结果不予确认</Radio>
          </Radio.Group>
          <Input.TextArea
            aria-label="处理情况"
            placeholder="核查经过与处理情况"
            value={handling}
            onChange={(e) => setHandling(e.target.value)}
            rows={3}
            maxLength={2000}
          />
        </Space>
      </Modal>
    </>
  );
}

function DetailCard({ detail, canOpen }: { detail: Detail; canOpen: boolean }) {
  const revalidator = useRevalidator();
  const { message } = App.useApp();
  const { call, busy } = useApi();
  const refresh = () => revalidator.revalidate();
  const objectionUrl = (itemId: number) => `/api/v1/publicities/${detail.id}/items/${itemId}/objections`;
  return (
    <Card
      size="small"
      data-testid="publicity"
      title={`${detail.title}（${detail.startsOn} 至 ${detail.endsOn}）`}
      extra={
        <Space>
          <Link to={`/gs/${detail.slug}`} target="_blank" rel="noopener noreferrer">
            公示页面（可打印、扫码查看）
          </Link>
          {canOpen && detail.state === "ended" ? (
            <Button
              type="primary"
              loading={busy}
              onClick={async () => {
                if ((await call(`/api/v1/publicities/${detail.id}/close`, { json: {} })).ok) {
                  message.success("公示已结束");
                  refresh();
                }
              }}
            >
              结束公示
            </Button>
          ) : null}
        </Space>
      }
    >
      <Table
        rowKey="id"
        size="small"
        dataSource={detail.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: "党支部", render: (_, i) => <Link to={`/submissions/${i.submissionId}`}>{i.branchName}</Link> },
          { title: "区域", dataIndex: "regionName", width: 110 },
          { title: "评定等次", dataIndex: "gradeTitle", width: 120 },
          {
            title: "状态",
            width: 90,
            filters: (["publicizing", "objected", "final"] as const).map((s) => ({
              text: PUBLICITY_STATUS_TITLES[s],
              value: s,
            })),
            onFilter: (value, i) => i.status === value,
            render: (_, i) => <Tag color={STATUS_COLORS[i.status]}>{PUBLICITY_STATUS_TITLES[i.status]}</Tag>,
          },
          {
            title: "异议",
            render: (_, i) => (
              <Space orientation="vertical" size={4}>
                {i.objections.map((o) => (
                  <Space key={o.id} size={4} wrap>
                    <Typography.Text>
                      {formatDate(o.at)} {o.source ? `（${o.source}）` : ""}
                      {o.content}
                    </Typography.Text>
                    {o.resolvedAt ? (
                      <Tag color={o.outcome === "upheld" ? "red" : "green"}>
                        {o.outcome === "upheld" ? "成立" : "不成立"}：{o.handling}
                      </Tag>
                    ) : (
                      <ResolveButton id={o.id} onDone={refresh} />
                    )}
                  </Space>
                ))}
                {detail.state !== "closed" ? (
                  <ReasonConfirm
                    title="登记异议（反映人、方式可写在内容里）"
                    label="异议内容"
                    okText="登记"
                    maxLength={2000}
                    onConfirm={async (content) => {
                      if ((await call(objectionUrl(i.id), { json: { content } })).ok) refresh();
                    }}
                  >
                    <Button size="small" type="link">
                      登记异议
                    </Button>
                  </ReasonConfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

export default function Publicity() {
  const data = useLoaderData<typeof loader>();
  const update = useFilterParams();
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title="评定结果公示：公示期满且无异议的结果才计入统计"
        extra={
          <YearSelect
            value={data.year}
            years={data.years}
            onChange={(year) => update({ year: String(year), id: null })}
          />
        }
      >
        {data.canOpen ? (
          <OpenForm data={data} />
        ) : (
          <Typography.Text type="secondary">公示由本级管理员发起；评定人登记和处理异议。</Typography.Text>
        )}
      </Card>
      <Card title={`${data.year} 年度的公示`} size="small">
        <Table
          rowKey="id"
          size="small"
          dataSource={data.publicities}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: "本年度还没有公示" }}
          onRow={(p) => ({ onClick: () => update({ id: String(p.id) }), style: { cursor: "pointer" } })}
          columns={[
            { title: "标题", dataIndex: "title" },
            { title: "区域", render: (_, p) => p.region.name, width: 110 },
            { title: "公示期", width: 200, render: (_, p) => `${p.startsOn} 至 ${p.endsOn}` },
            {
              title: "状态",
              width: 110,
              render: (_, p) => <Tag color={STATE[p.state].color}>{STATE[p.state].title}</Tag>,
            },
            { title: "结果数", dataIndex: "results", width: 80 },
            {
              title: "未处理异议",
              dataIndex: "openObjections",
              width: 100,
              render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
            },
          ]}
        />
      </Card>
      {data.detail ? <DetailCard detail={data.detail} canOpen={data.canOpen} /> : null}
    </Space>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
