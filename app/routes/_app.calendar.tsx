import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { BranchPicker } from "~/components/BranchPicker";
import { YearSelect } from "~/components/YearSelect";
import { authorize } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { calendarFor } from "~/server/cycle/calendar.server";
import { settingsFor } from "~/server/cycle/settings.server";
import { parseYear } from "~/server/platform/validation.server";
import { getRegion } from "~/server/regions/regions.server";
import { useApi } from "~/utils/api";
import { todayInChina } from "~/utils/format";
import { useFilterParams } from "~/utils/search-params";

export const meta: MetaFunction = () => [{ title: "年度安排 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  authorize(actor, { action: "cycle.manage", regionCode: actor.regionCode }, "年度工作安排");
  const url = new URL(request.url);
  const thisYear = Number(todayInChina().slice(0, 4));
  const year = parseYear(url.searchParams.get("year"), "year", thisYear);
  const parent = getRegion(actor.regionCode)?.parentCode;
  return {
    year,
    years: [thisYear - 1, thisYear, thisYear + 1],
    region: actor.regionCode,
    regionName: actor.regionName,
    calendar: calendarFor(actor.regionCode, year) ?? null,
    bounds: parent ? (calendarFor(parent, year) ?? null) : null,
    settings: settingsFor(actor.regionCode),
  };
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
const day = (d: string | undefined) => (d ? dayjs(d) : null);
const text = (d: Dayjs | null) => d?.format("YYYY-MM-DD") ?? "";

function CalendarCard({ data }: { data: Loaded }) {
  const { call, busy } = useApi();
  const { message } = App.useApp();
  const revalidator = useRevalidator();
  const c = data.calendar;
  const [self, setSelf] = useState<[Dayjs | null, Dayjs | null]>([day(c?.selfFrom), day(c?.selfTo)]);
  const [submit, setSubmit] = useState<Dayjs | null>(day(c?.submitDeadline));
  const [review, setReview] = useState<Dayjs | null>(day(c?.reviewDeadline));
  const b = data.bounds;
  const save = async () => {
    const outcome = await call(`/api/v1/calendars/${data.region}/${data.year}`, {
      method: "PUT",
      json: {
        selfFrom: text(self[0]),
        selfTo: text(self[1]),
        submitDeadline: text(submit),
        reviewDeadline: text(review),
      },
    });
    if (outcome.ok) {
      message.success("年度工作安排已保存");
      revalidator.revalidate();
    }
  };
  return (
    <Card title={`${data.year} 年度工作安排（${data.regionName}）`} size="small" data-testid="calendar">
      <Space orientation="vertical" style={{ width: "100%" }}>
        {c && !c.own ? (
          <Alert type="info" showIcon message={`本级未单独设定，执行${c.regionName}的安排；保存后以本级为准。`} />
        ) : null}
        {b ? (
          <Typography.Text type="secondary">
            {b.regionName}规定：自创 {b.selfFrom} 至 {b.selfTo}，申报截止 {b.submitDeadline}，评定截止{" "}
            {b.reviewDeadline}。本级安排须在此范围内。
          </Typography.Text>
        ) : null}
        <Row gutter={[16, 8]}>
          <Col xs={24} md={10}>
            <Typography.Text>自创阶段</Typography.Text>
            <DatePicker.RangePicker
              aria-label="自创阶段"
              style={{ width: "100%" }}
              value={self}
              onChange={(v) => setSelf([v?.[0] ?? null, v?.[1] ?? null])}
            />
          </Col>
          <Col xs={12} md={7}>
            <Typography.Text>申报截止</Typography.Text>
            <DatePicker aria-label="申报截止日期" style={{ width: "100%" }} value={submit} onChange={setSubmit} />
          </Col>
          <Col xs={12} md={7}>
            <Typography.Text>评定截止</Typography.Text>
            <DatePicker aria-label="评定截止日期" style={{ width: "100%" }} value={review} onChange={setReview} />
          </Col>
        </Row>
        <Button type="primary" loading={busy} disabled={!self[0] || !self[1] || !submit || !review} onClick={save}>
          保存年度工作安排
        </Button>
      </Space>
    </Card>
  );
}

function SettingsCard({ data }: { data: Loaded }) {
  const { call, busy } = useApi();
  const { message } = App.useApp();
  const revalidator = useRevalidator();
  const [days, setDays] = useState(data.settings.publicityDays);
  const [finalOnly, setFinalOnly] = useState(data.settings.finalOnly);
  const [reasons, setReasons] = useState<string[]>(data.settings.ownWeakReasons);
  const inherited = data.settings.weakReasons.filter((r) => !data.settings.ownWeakReasons.includes(r));
  return (
    <Card title="公示与软弱涣散设置" size="small">
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label="公示期">
            <InputNumber
              aria-label="公示工作日"
              min={1}
              max={30}
              precision={0}
              value={days}
              onChange={(v) => v && setDays(v)}
              suffix="个工作日"
            />
          </Descriptions.Item>
          <Descriptions.Item label="统计口径">
            <Space>
              <Switch aria-label="仅统计已公示结果" checked={finalOnly} onChange={setFinalOnly} />
              <Typography.Text>{finalOnly ? "只统计公示期满、无异议的结果" : "统计全部评定结果"}</Typography.Text>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="上级规定的原因">{inherited.join("、")}</Descriptions.Item>
          <Descriptions.Item label="本级增加的原因">
            <Select
              mode="tags"
              aria-label="本级增加的软弱涣散原因"
              style={{ minWidth: 320 }}
              value={reasons}
              onChange={setReasons}
              placeholder="输入后回车添加"
              maxCount={30}
            />
          </Descriptions.Item>
        </Descriptions>
        <Button
          type="primary"
          loading={busy}
          onClick={async () => {
            const outcome = await call(`/api/v1/regions/${data.region}/settings`, {
              method: "PUT",
              json: { publicityDays: days, finalOnly, weakReasons: reasons },
            });
            if (outcome.ok) {
              message.success("设置已保存");
              revalidator.revalidate();
            }
          }}
        >
          保存设置
        </Button>
      </Space>
    </Card>
  );
}

function ReopenCard({ data }: { data: Loaded }) {
  const { call, busy } = useApi();
  const { message } = App.useApp();
  const [branchId, setBranchId] = useState<number>();
  const [until, setUntil] = useState<Dayjs | null>(dayjs(todayInChina()).add(3, "day"));
  const [reason, setReason] = useState("");
  return (
    <Card title="为党支部重新开放申报（申报截止后）" size="small">
      <Space wrap>
        <div style={{ width: 280 }}>
          <BranchPicker region={data.region} value={branchId} onChange={setBranchId} />
        </div>
        <DatePicker aria-label="开放至" value={until} onChange={setUntil} />
        <Input
          aria-label="重新开放的原因"
          placeholder="原因（写入审计日志）"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          style={{ width: 260 }}
          maxLength={500}
        />
        <Button
          loading={busy}
          disabled={!branchId || !until || !reason.trim()}
          onClick={async () => {
            const outcome = await call(`/api/v1/branches/${branchId}/reopenings`, {
              json: { year: data.year, until: text(until), reason },
            });
            if (outcome.ok) {
              message.success(`已重新开放申报至 ${text(until)}`);
              setReason("");
            }
          }}
        >
          重新开放
        </Button>
      </Space>
    </Card>
  );
}

export default function Calendar() {
  const data = useLoaderData<typeof loader>();
  const update = useFilterParams();
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space>
        <Typography.Title level={4} style={{ margin: 0 }}>
          年度安排
        </Typography.Title>
        <YearSelect value={data.year} years={data.years} onChange={(year) => update({ year: String(year) })} />
      </Space>
      <CalendarCard key={`${data.year}-${data.calendar?.submitDeadline}`} data={data} />
      <SettingsCard data={data} />
      <ReopenCard data={data} />
    </Space>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
