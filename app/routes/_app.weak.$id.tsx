import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Radio,
  Row,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { AttachedFiles } from "~/components/AttachedFiles";
import { requireActor } from "~/server/auth/session.server";
import { weakCase } from "~/server/cycle/weak.server";
import { WEAK_STAGE_TITLES } from "~/utils/labels";
import { parseId } from "~/server/platform/validation.server";
import { useApi } from "~/utils/api";
import { formatDate, todayInChina } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `整顿：${data?.weak.branch.name ?? ""} · 支部标尺` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { weak: weakCase(actor, parseId(params.id, "该整顿记录")), isBranch: actor.role === "branch" };
}

type Weak = ReturnType<typeof useLoaderData<typeof loader>>["weak"];
type Event = Weak["events"][number];

const STEPS = ["confirmed", "rectifying", "accepted", "closed"] as const;
const text = (value: unknown) => (typeof value === "string" ? value : "");

/** The form a POST sends, with the busy state and the server's Chinese refusal as an antd message. */
function useCaseAction(weak: Weak, path: string, done: string) {
  const { call, busy } = useApi();
  const { message } = App.useApp();
  const revalidator = useRevalidator();
  const send = async (json: Record<string, unknown>) => {
    const outcome = await call(`/api/v1/weak-cases/${weak.id}/${path}`, { json });
    if (outcome.ok) {
      message.success(done);
      revalidator.revalidate();
      return true;
    }
    return false;
  };
  return { send, busy };
}

function PlanForm({ weak }: { weak: Weak }) {
  const { send, busy } = useCaseAction(weak, "plans", "整顿方案已保存");
  const [form] = Form.useForm();
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={weak.plan ? { ...weak.plan, deadline: dayjs(weak.plan.deadline) } : undefined}
      onFinish={(v) => send({ ...v, deadline: (v.deadline as dayjs.Dayjs).format("YYYY-MM-DD") })}
    >
      <Form.Item name="problems" label="存在问题" rules={[{ required: true, message: "请写明存在问题" }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="measures" label="整改措施" rules={[{ required: true, message: "请写明整改措施" }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="responsible" label="责任人" rules={[{ required: true, message: "请写明责任人" }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="firstSecretary" label="第一书记（如选派）">
            <Input maxLength={100} placeholder="姓名及派出单位" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="deadline" label="整改时限" rules={[{ required: true, message: "请选择整改时限" }]}>
            <DatePicker
              style={{ width: "100%" }}
              aria-label="整改时限"
              disabledDate={(d) => d.format("YYYY-MM-DD") < todayInChina()}
            />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={busy}>
        {weak.plan ? "修改整顿方案" : "保存整顿方案"}
      </Button>
    </Form>
  );
}

function ReportForm({ weak }: { weak: Weak }) {
  const { send, busy } = useCaseAction(weak, "reports", "整顿进展已报送");
  const [progress, setProgress] = useState("");
  const [month, setMonth] = useState(dayjs(todayInChina()));
  const reported = new Set(weak.events.filter((e) => e.kind === "report").map((e) => text(e.data.month)));
  const chosen = month.format("YYYY-MM");
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Typography.Text>月份</Typography.Text>
        <DatePicker
          picker="month"
          aria-label="进展月份"
          value={month}
          onChange={(m) => m && setMonth(m)}
          disabledDate={(m) => m.format("YYYY-MM") > todayInChina().slice(0, 7)}
        />
        {reported.has(chosen) ? (
          <Typography.Text type="secondary">{chosen} 已报送，可在下方该月报告中补充材料</Typography.Text>
        ) : null}
      </Space>
      <Input.TextArea
        aria-label="本月整顿进展"
        placeholder={`${chosen} 整顿进展：做了什么、解决了哪些问题、下一步打算`}
        value={progress}
        onChange={(e) => setProgress(e.target.value)}
        rows={4}
        maxLength={3000}
      />
      <Button
        type="primary"
        disabled={!progress.trim() || reported.has(chosen)}
        loading={busy}
        onClick={async () => {
          if (await send({ month: chosen, progress })) setProgress("");
        }}
      >
        报送 {chosen} 整顿进展
      </Button>
    </Space>
  );
}

function AcceptanceForm({ weak }: { weak: Weak }) {
  const { send, busy } = useCaseAction(weak, "acceptances", "验收结果已记录");
  const [result, setResult] = useState<"passed" | "not_yet">("passed");
  const [findings, setFindings] = useState("");
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Radio.Group value={result} onChange={(e) => setResult(e.target.value)}>
        <Radio value="passed">验收通过</Radio>
        <Radio value="not_yet">暂未通过，继续整顿</Radio>
      </Radio.Group>
      <Input.TextArea
        aria-label="验收意见"
        placeholder="验收意见：整顿目标是否达到，依据什么"
        value={findings}
        onChange={(e) => setFindings(e.target.value)}
        rows={3}
        maxLength={2000}
      />
      <Button type="primary" disabled={!findings.trim()} loading={busy} onClick={() => send({ result, findings })}>
        记录验收结果
      </Button>
    </Space>
  );
}

function ClosureForm({ weak }: { weak: Weak }) {
  const { send, busy } = useCaseAction(weak, "closures", "已销号");
  const [closedOn, setClosedOn] = useState(dayjs(todayInChina()));
  return (
    <Space wrap>
      <DatePicker
        aria-label="销号日期"
        value={closedOn}
        onChange={(d) => d && setClosedOn(d)}
        disabledDate={(d) => d.format("YYYY-MM-DD") > todayInChina()}
      />
      <Button type="primary" loading={busy} onClick={() => send({ closedOn: closedOn.format("YYYY-MM-DD") })}>
        销号
      </Button>
    </Space>
  );
}

const EVENT_TITLES: Record<Event["kind"], string> = {
  plan: "整顿方案",
  report: "整顿进展",
  acceptance: "考核验收",
  closure: "销号",
};

function EventText({ event }: { event: Event }) {
  const d = event.data;
  switch (event.kind) {
    case "plan":
      return (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label="存在问题">{text(d.problems)}</Descriptions.Item>
          <Descriptions.Item label="整改措施">{text(d.measures)}</Descriptions.Item>
          <Descriptions.Item label="责任人">{text(d.responsible)}</Descriptions.Item>
          {text(d.firstSecretary) ? (
            <Descriptions.Item label="第一书记">{text(d.firstSecretary)}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label="整改时限">{text(d.deadline)}</Descriptions.Item>
        </Descriptions>
      );
    case "report":
      return <Typography.Paragraph style={{ margin: 0 }}>{text(d.progress)}</Typography.Paragraph>;
    case "acceptance":
      return (
        <Space orientation="vertical" size={0}>
          <Tag color={d.result === "passed" ? "green" : "orange"}>
            {d.result === "passed" ? "验收通过" : "暂未通过"}
          </Tag>
          <Typography.Text>{text(d.findings)}</Typography.Text>
        </Space>
      );
    case "closure":
      return <Typography.Text>销号日期：{text(d.closedOn)}</Typography.Text>;
  }
}

export default function WeakCase() {
  const { weak, isBranch } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const open = weak.stage !== "closed";
  const current = STEPS.indexOf(weak.stage);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%", maxWidth: 1100, margin: "0 auto" }}>
      <Card>
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {weak.branch.name} · {weak.year} 年度软弱涣散整顿
          </Typography.Title>
          <Typography.Text type="secondary">
            {weak.regionName} · {formatDate(weak.confirmedAt)} 认定 · 原因：{weak.reasons.join("、")}
            {weak.note ? `（${weak.note}）` : ""}
          </Typography.Text>
          <Steps
            size="small"
            current={weak.stage === "closed" ? STEPS.length : current}
            items={STEPS.map((s) => ({ title: WEAK_STAGE_TITLES[s] }))}
            data-testid="weak-stage"
          />
          {weak.overdue ? (
            <Alert type="error" showIcon message={`整改时限 ${weak.deadline} 已过，尚未通过考核验收。`} />
          ) : null}
          {weak.reportDue && isBranch ? <Alert type="warning" showIcon message="本月整顿进展尚未报送。" /> : null}
          {!isBranch ? <Link to="/weak">返回整顿台账</Link> : null}
        </Space>
      </Card>
      {open && (weak.manage || isBranch) ? (
        <Card title={weak.plan ? "整顿方案（修改后以新方案为准）" : "制定整顿方案"} size="small">
          <PlanForm weak={weak} />
        </Card>
      ) : null}
      {open && isBranch && weak.plan ? (
        <Card title="报送月度整顿进展" size="small">
          <ReportForm weak={weak} />
        </Card>
      ) : null}
      {open && weak.manage && weak.reports > 0 && weak.stage !== "accepted" ? (
        <Card title="考核验收" size="small">
          <AcceptanceForm weak={weak} />
        </Card>
      ) : null}
      {open && weak.manage && weak.stage === "accepted" ? (
        <Card title="销号" size="small">
          <ClosureForm weak={weak} />
        </Card>
      ) : null}
      <Card title="整顿记录" size="small" data-testid="weak-events">
        <Timeline
          items={weak.events.map((e) => ({
            color: e.kind === "closure" ? "green" : e.kind === "acceptance" ? "blue" : "gray",
            children: (
              <Space orientation="vertical" size={4} style={{ width: "100%" }}>
                <Typography.Text strong>
                  {EVENT_TITLES[e.kind]}
                  {e.kind === "report" ? `（${text(e.data.month)}）` : ""} · {formatDate(e.at)}
                </Typography.Text>
                <EventText event={e} />
                {e.kind === "report" ? (
                  <AttachedFiles
                    files={e.files}
                    uploadUrl={open && isBranch ? `/api/v1/weak-cases/${weak.id}/reports/${e.id}/files` : undefined}
                    label="上传佐证材料"
                    onUploaded={() => revalidator.revalidate()}
                  />
                ) : null}
              </Space>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
