import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import { Button, Card, Descriptions, Empty, Input, Modal, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { can } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { settingsFor } from "~/server/cycle/settings.server";
import { weakCandidates, weakPipeline } from "~/server/cycle/weak.server";
import { WEAK_STAGE_TITLES, type WeakStage } from "~/utils/labels";
import { parseYear } from "~/server/platform/validation.server";
import { submissionYears } from "~/server/submissions/repository.server";
import { usePhone } from "~/components/usePhone";
import { YearSelect } from "~/components/YearSelect";
import { useApi } from "~/utils/api";
import { useFilterParams } from "~/utils/search-params";

export const meta: MetaFunction = () => [{ title: "软弱涣散整顿 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const years = submissionYears();
  const year = parseYear(url.searchParams.get("year"), "year", years.at(-1) ?? new Date().getFullYear());
  const manages = can(actor, { action: "weak.manage", regionCode: actor.regionCode });
  return {
    year,
    years,
    manages,
    pipeline: weakPipeline(actor, actor.regionCode),
    candidates: manages ? weakCandidates(actor, actor.regionCode, year) : [],
    reasons: manages ? settingsFor(actor.regionCode).weakReasons : [],
  };
}

const STAGE_COLORS: Record<WeakStage, string> = {
  confirmed: "orange",
  rectifying: "blue",
  accepted: "cyan",
  closed: "green",
};

type Candidate = ReturnType<typeof useLoaderData<typeof loader>>["candidates"][number];

/** 认定: the reasons from the region's list and a note, for one candidate. */
function ConfirmDialog({
  candidate,
  year,
  reasons,
  onClose,
}: {
  candidate: Candidate | null;
  year: number;
  reasons: string[];
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const { call, busy } = useApi();
  const [chosen, setChosen] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const confirm = async () => {
    const outcome = await call<{ id: number }>("/api/v1/weak-cases", {
      json: { branchId: candidate!.branchId, year, reasons: chosen, note },
    });
    if (outcome.ok) navigate(`/weak/${outcome.data.id}`);
  };
  return (
    <Modal
      open={Boolean(candidate)}
      title={`认定为 ${year} 年度软弱涣散党组织：${candidate?.branchName ?? ""}`}
      okText="认定"
      cancelText="取消"
      okButtonProps={{ disabled: !chosen.length, loading: busy }}
      onOk={confirm}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Typography.Text type="secondary">排查发现：{candidate?.signals.join("；")}</Typography.Text>
        <Select
          mode="multiple"
          aria-label="软弱涣散原因"
          placeholder="选择原因（可多选）"
          value={chosen}
          onChange={setChosen}
          options={reasons.map((r) => ({ value: r, label: r }))}
          style={{ width: "100%" }}
        />
        <Input.TextArea
          aria-label="补充说明"
          placeholder="补充说明（具体表现）"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={3}
          maxLength={1000}
        />
      </Space>
    </Modal>
  );
}

type CaseRow = ReturnType<typeof useLoaderData<typeof loader>>["pipeline"]["cases"][number];

const stageTags = (c: CaseRow) => (
  <Space size={4} wrap>
    <Tag color={STAGE_COLORS[c.stage]}>{WEAK_STAGE_TITLES[c.stage]}</Tag>
    {c.overdue ? <Tag color="red">逾期</Tag> : null}
    {c.reportDue ? <Tag color="orange">本月进展未报</Tag> : null}
  </Space>
);

const deadlineText = (c: CaseRow) =>
  c.overdue ? <Typography.Text type="danger">{c.deadline}</Typography.Text> : (c.deadline ?? "—");

export default function WeakCases() {
  const data = useLoaderData<typeof loader>();
  const phone = usePhone();
  const update = useFilterParams();
  const [confirming, setConfirming] = useState<Candidate | null>(null);
  const [child, setChild] = useState<string | null>(null);
  const { byChild } = data.pipeline;
  const cases = child ? data.pipeline.cases.filter((c) => c.childCode === child) : data.pipeline.cases;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title="软弱涣散党组织整顿：排查 → 整顿 → 验收 → 销号"
        extra={
          data.manages ? (
            <YearSelect
              label="排查年度"
              value={data.year}
              years={data.years}
              onChange={(year) => update({ year: String(year) })}
            />
          ) : null
        }
      >
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          以旗县为单位全面排查，因村施策、逐个整顿、考核验收、销号管理（《内蒙古自治区党委贯彻〈中国共产党农村基层组织工作条例〉实施办法》第二十二条）。
          认定的党支部次年不能评为“最强党支部”；整顿未销号的，记入次年评价的上下文。
        </Typography.Paragraph>
      </Card>
      {data.manages && byChild.length ? (
        <Card title="各地整顿进度" size="small">
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={byChild}
            columns={[
              {
                title: "区域",
                dataIndex: "name",
                render: (name: string, r) => (
                  <Typography.Link onClick={() => setChild(child === r.code ? null : r.code)}>
                    {child === r.code ? `${name}（已筛选，点击取消）` : name}
                  </Typography.Link>
                ),
              },
              { title: "认定", dataIndex: "total", width: 80 },
              { title: "待定方案", dataIndex: "confirmed", width: 90 },
              { title: "整顿中", dataIndex: "rectifying", width: 90 },
              { title: "待销号", dataIndex: "accepted", width: 90 },
              { title: "已销号", dataIndex: "closed", width: 90 },
              {
                title: "逾期",
                dataIndex: "overdue",
                width: 80,
                render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
              },
            ]}
          />
        </Card>
      ) : null}
      <Card title={child ? `整顿台账：${byChild.find((c) => c.code === child)?.name ?? ""}` : "整顿台账"} size="small">
        {phone ? (
          cases.length ? (
            <Space orientation="vertical" size={8} style={{ width: "100%" }} data-testid="weak-case-cards">
              {cases.map((c) => (
                <Card
                  key={c.id}
                  size="small"
                  style={c.overdue ? { borderColor: "#ffa39e", background: "#fff1f0" } : undefined}
                  title={<Link to={`/weak/${c.id}`}>{c.branchName}</Link>}
                >
                  {stageTags(c)}
                  <Descriptions
                    size="small"
                    column={1}
                    style={{ marginTop: 8 }}
                    items={[
                      { key: "region", label: "区域", children: c.regionName },
                      { key: "year", label: "认定年度", children: c.year },
                      { key: "reasons", label: "原因", children: c.reasons.join("、") },
                      { key: "deadline", label: "整改时限", children: deadlineText(c) },
                      { key: "closed", label: "销号日期", children: c.closedOn ?? "—" },
                    ]}
                  />
                </Card>
              ))}
            </Space>
          ) : (
            <Empty description="没有软弱涣散整顿记录" />
          )
        ) : (
          <Table
            rowKey="id"
            size="small"
            dataSource={cases}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description="没有软弱涣散整顿记录" /> }}
            rowClassName={(c) => (c.overdue ? "row-overdue" : "")}
            columns={[
              {
                title: "党支部",
                render: (_, c) => <Link to={`/weak/${c.id}`}>{c.branchName}</Link>,
              },
              { title: "区域", dataIndex: "regionName", width: 120 },
              { title: "认定年度", dataIndex: "year", width: 90 },
              { title: "原因", render: (_, c) => c.reasons.join("、") },
              {
                title: "进度",
                width: 150,
                filters: (Object.keys(STAGE_COLORS) as WeakStage[]).map((s) => ({
                  text: WEAK_STAGE_TITLES[s],
                  value: s,
                })),
                onFilter: (value, c) => c.stage === value,
                render: (_, c) => stageTags(c),
              },
              {
                title: "整改时限",
                width: 110,
                render: (_, c) => deadlineText(c),
              },
              { title: "销号日期", dataIndex: "closedOn", width: 110, render: (d: string | null) => d ?? "—" },
            ]}
          />
        )}
      </Card>
      {data.manages ? (
        <Card title={`${data.year} 年度排查：值得关注的党支部（${data.candidates.length} 个）`} size="small">
          <Table
            rowKey="branchId"
            size="small"
            dataSource={data.candidates}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: "没有需要关注的党支部" }}
            columns={[
              { title: "党支部", dataIndex: "branchName" },
              { title: "区域", dataIndex: "regionName", width: 120 },
              { title: "排查发现", render: (_, c) => c.signals.join("；") },
              {
                title: "",
                width: 120,
                render: (_, c) => (
                  <Button size="small" onClick={() => setConfirming(c)}>
                    认定软弱涣散
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
      <ConfirmDialog
        candidate={confirming}
        year={data.year}
        reasons={data.reasons}
        onClose={() => setConfirming(null)}
      />
    </Space>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
