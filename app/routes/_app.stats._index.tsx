import { DownloadOutlined, PrinterOutlined, UploadOutlined } from "@ant-design/icons";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate, useRevalidator } from "@remix-run/react";
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Input,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  TreeSelect,
  Typography,
  Upload,
} from "antd";
import { useCallback, useMemo, useRef, useState } from "react";
import { useApi } from "~/utils/api";
import { EChart } from "~/components/EChart";
import { JobProgress, useJob } from "~/components/JobProgress";
import { can } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { spotChecksOf } from "~/server/analysis/spot-checks.server";
import { forbidden } from "~/server/platform/http.server";
import { regionAncestry, regionsWithin } from "~/server/regions/regions.server";
import { effectiveStandard } from "~/server/rulesets/standards.server";
import { regionStats } from "~/server/analysis/stats.server";
import { ownTargets } from "~/server/analysis/targets.server";
import { DOMAINS, domainTitle, isDomain } from "~/utils/domains";
import { regionTreeSelectData } from "~/utils/tree";
import { BRANCH_STATUSES, STATUS_TITLES } from "~/utils/labels";
import { defaultStatsYear, isYear, trendYears } from "~/utils/years";

export const meta: MetaFunction = () => [{ title: "统计 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role === "branch") throw forbidden("统计页面");
  const url = new URL(request.url);
  const domainParam = url.searchParams.get("domain");
  const domain = domainParam && isDomain(domainParam) ? domainParam : undefined;
  const asked = Number(url.searchParams.get("year"));
  const year = isYear(asked) ? asked : defaultStatsYear();
  const region = url.searchParams.get("region") ?? actor.regionCode;
  const stats = regionStats(actor, { region, domain, year }, trendYears(year));
  const scope = regionsWithin(actor.regionCode);
  const templates = domain
    ? [...new Set(scope.flatMap((r) => effectiveStandard(r.code, domain, stats.year)?.ruleset.id ?? []))]
    : [];
  return {
    stats,
    scope: scope.map(({ code, name, parentCode }) => ({ code, name, parentCode })),
    breadcrumb: regionAncestry(stats.region.code)
      .filter((r) => scope.some((s) => s.code === r.code))
      .map(({ code, name }) => ({ code, name })),
    canEditTargets: can(actor, { action: "standards.write", regionCode: stats.region.code }),
    canImport: can(actor, { action: "submission.import", regionCode: actor.regionCode }),
    templates,
    storedTargets: ownTargets(stats.region.code),
    spotChecks: spotChecksOf(actor, stats.region.code, stats.year),
  };
}

const STATUS_COLORS: Record<string, string> = {
  none: "#d9d9d9",
  draft: "#faad14",
  submitted: "#1677ff",
  rated: "#52c41a",
  revoked: "#c8161d",
};
/** From the top grade down: red, orange, blue, grey — the same order in every chart. */
const GRADE_COLORS = ["#c8161d", "#fa8c16", "#1677ff", "#8c8c8c", "#722ed1", "#13c2c2"];
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
type ImportReport = {
  rows: number;
  stored: number;
  unchanged: number;
  failed: number;
  errors: { row: number; column: string; field: string; message: string }[];
};

function ExcelPanel({
  region,
  domain,
  year,
  templates,
  canImport,
}: {
  region: string;
  domain: string | null;
  year: number;
  templates: string[];
  canImport: boolean;
}) {
  const { call } = useApi();
  const uploading = useApi();
  const ledger = useJob();
  const imports = useJob();
  const [template, setTemplate] = useState<string | undefined>(templates[0]);
  const [mode, setMode] = useState<"draft" | "submit">("draft");
  const [downloaded, setDownloaded] = useState<string | null>(null);
  const startLedger = async () => {
    ledger.setJob({ id: "", status: "running", done: 0, total: 0 });
    const outcome = await call<{ job: string }>("/api/v1/exports/ledger", {
      json: { region, ...(domain ? { domain } : {}), year },
    });
    if (outcome.ok) ledger.follow(outcome.data.job);
  };
  const upload = async (file: File) => {
    imports.setJob(null);
    const outcome = await uploading.call<{ job: string }>(
      `/api/v1/imports?year=${year}&mode=${mode}&name=${encodeURIComponent(file.name)}`,
      { body: file },
    );
    if (outcome.ok) await imports.follow(outcome.data.job);
  };
  const report = imports.job?.status === "done" ? (imports.job.result as ImportReport) : null;
  return (
    <Card size="small" title="Excel 导入导出" className="no-print">
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={startLedger} loading={ledger.job?.status === "running"}>
            导出 {year} 年度台账
          </Button>
          {ledger.job?.status === "done" && downloaded !== ledger.job.id ? (
            <Button
              type="link"
              href={`/api/v1/jobs/${ledger.job.id}/xlsx`}
              onClick={() => setDownloaded(ledger.job!.id)}
            >
              下载台账
            </Button>
          ) : ledger.job?.status === "done" ? (
            <Typography.Text type="secondary">台账已下载（服务器不保留副本，如需再次下载请重新导出）</Typography.Text>
          ) : null}
        </Space>
        <JobProgress job={ledger.job} />
        {ledger.job?.status === "failed" ? <Alert type="error" showIcon message={ledger.job.error} /> : null}
        {canImport ? (
          <>
            <Space wrap>
              <Select
                aria-label="模板对应的评价标准"
                placeholder={domain ? "选择评价标准" : "请先选择领域"}
                disabled={!domain}
                value={template}
                onChange={setTemplate}
                style={{ width: 240 }}
                options={templates.map((id) => ({ value: id, label: id }))}
              />
              <Button
                icon={<DownloadOutlined />}
                disabled={!template}
                href={template ? `/api/v1/templates/${template}?year=${year}` : undefined}
              >
                下载填报模板
              </Button>
            </Space>
            <Space wrap>
              <Radio.Group
                value={mode}
                onChange={(e) => setMode(e.target.value)}
                optionType="button"
                options={[
                  { value: "draft", label: "存为草稿" },
                  { value: "submit", label: "直接申报" },
                ]}
              />
              <Upload
                accept=".xlsx"
                showUploadList={false}
                beforeUpload={(file) => (upload(file), false)}
                disabled={uploading.busy}
              >
                <Button icon={<UploadOutlined />} loading={uploading.busy}>
                  导入填好的模板
                </Button>
              </Upload>
              <Typography.Text type="secondary">仅限 .xlsx，不超过 10 MB</Typography.Text>
            </Space>
            <JobProgress job={imports.job} />
            {imports.job?.status === "failed" ? <Alert type="error" showIcon message={imports.job.error} /> : null}
            {report ? (
              <>
                <Alert
                  type={report.failed ? "warning" : "success"}
                  showIcon
                  message={`共 ${report.rows} 行：保存 ${report.stored} 行，未变化 ${report.unchanged} 行，有错误 ${report.failed} 行（有错误的行未保存）。`}
                />
                {report.errors.length ? (
                  <Table
                    size="small"
                    rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                    dataSource={report.errors}
                    pagination={{ pageSize: 10 }}
                    columns={[
                      { title: "行", dataIndex: "row", width: 60 },
                      { title: "列", dataIndex: "column", width: 60 },
                      { title: "字段", dataIndex: "field" },
                      { title: "问题", dataIndex: "message" },
                    ]}
                  />
                ) : null}
              </>
            ) : null}
          </>
        ) : null}
      </Space>
    </Card>
  );
}

const asPercent = (ratio: number | undefined) => (ratio === undefined ? "" : String(Math.round(ratio * 1000) / 10));

/**
 * One year's target as the admin types it: saved once when the box is left or Enter is pressed, only if it changed;
 * empty clears it (the year carries the ancestor's or an earlier year's again); outside 0–100 is refused, not clamped.
 */
function TargetInput({
  year,
  stored,
  save,
}: {
  year: number;
  stored: number | undefined;
  save: (year: number, percent: number | null) => Promise<boolean>;
}) {
  const { message } = App.useApp();
  const [text, setText] = useState(asPercent(stored));
  const committed = useRef(asPercent(stored));
  const commit = async () => {
    const typed = text.trim().replace(/%$/, "").trim();
    if (typed === committed.current) return;
    const percent = typed === "" ? null : Number(typed);
    if (percent !== null && !(Number.isFinite(percent) && percent >= 0 && percent <= 100)) {
      message.error(`${year} 年度目标应为 0 到 100 之间的百分数，“${text}”不是。`);
      setText(committed.current);
      return;
    }
    committed.current = typed;
    if (!(await save(year, percent))) {
      committed.current = asPercent(stored);
      setText(committed.current);
    }
  };
  return (
    <Input
      aria-label={`${year} 年度目标`}
      inputMode="decimal"
      suffix="%"
      style={{ width: 100 }}
      value={text}
      placeholder="沿用"
      allowClear
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onPressEnter={(e) => e.currentTarget.blur()}
    />
  );
}

function TargetsEditor({
  region,
  stored,
  years,
}: {
  region: string;
  stored: { year: number; ratio: number }[];
  years: number[];
}) {
  const { message } = App.useApp();
  const { call } = useApi();
  const revalidator = useRevalidator();
  const save = async (year: number, percent: number | null) => {
    const ratio = percent === null ? null : percent / 100;
    const outcome = await call("/api/v1/targets", { json: { region, year, ratio } }, { quiet: true });
    if (!outcome.ok) {
      message.error(outcome.errors[0]?.message ?? outcome.error);
      return false;
    }
    message.success(
      percent === null ? `${year} 年度目标已清除，沿用上级或之前年度的目标` : `${year} 年度目标已设为 ${percent}%`,
    );
    revalidator.revalidate();
    return true;
  };
  return (
    <Card size="small" title="年度“最强党支部”目标比例（本区域）" className="no-print">
      <Space wrap>
        {years.map((year) => (
          <Space key={year} orientation="vertical" size={0}>
            <Typography.Text type="secondary">{year} 年</Typography.Text>
            <TargetInput year={year} stored={stored.find((t) => t.year === year)?.ratio} save={save} />
          </Space>
        ))}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        未设定的年度沿用上级区域或之前年度的目标（002：2020 年 20%、2021 年 30%、2022 年 40%、2023 年 50% 以上）。
        清空输入框即清除本区域该年度的目标。
      </Typography.Paragraph>
    </Card>
  );
}

export default function Dashboard() {
  const { stats, scope, breadcrumb, canEditTargets, canImport, templates, storedTargets, spotChecks } =
    useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const go = useCallback(
    (patch: Record<string, string | number | null>) => {
      const next = new URLSearchParams({
        region: stats.region.code,
        year: String(stats.year),
        ...(stats.domain ? { domain: stats.domain } : {}),
      });
      for (const [k, v] of Object.entries(patch))
        if (v === null || v === "") next.delete(k);
        else next.set(k, String(v));
      navigate(`/stats?${next}`);
    },
    [navigate, stats.region.code, stats.year, stats.domain],
  );
  const tree = useMemo(() => regionTreeSelectData(scope), [scope]);
  const target = stats.target?.ratio ?? null;

  const statusOption = useMemo(
    () => ({
      tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: ["45%", "70%"],
          label: { formatter: "{b} {c}" },
          data: BRANCH_STATUSES.map((k) => ({
            name: STATUS_TITLES[k],
            value: stats.status[k],
            itemStyle: { color: STATUS_COLORS[k] },
          })),
        },
      ],
    }),
    [stats.status],
  );
  const gradeTitles = useMemo(
    () => [...new Set(stats.gradeOrder.filter((t) => stats.gradesByDomain.some((d) => t in d.counts)))],
    [stats.gradesByDomain, stats.gradeOrder],
  );
  const gradesOption = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 72 },
      xAxis: {
        type: "category",
        data: stats.gradesByDomain.map((d) => domainTitle(d.domain)),
        axisLabel: { interval: 0, rotate: stats.gradesByDomain.length > 4 ? 30 : 0 },
      },
      yAxis: { type: "value", minInterval: 1 },
      series: gradeTitles.map((title, i) => ({
        name: title,
        type: "bar",
        stack: "grades",
        itemStyle: { color: GRADE_COLORS[i % GRADE_COLORS.length] },
        data: stats.gradesByDomain.map((d) => d.counts[title] ?? 0),
      })),
    }),
    [stats.gradesByDomain, gradeTitles],
  );
  const childrenOption = useMemo(
    () => ({
      tooltip: { trigger: "axis", valueFormatter: (v: number) => percent(v) },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 48 },
      xAxis: { type: "category", data: stats.children.map((c) => c.name) },
      yAxis: { type: "value", max: 1, axisLabel: { formatter: (v: number) => `${v * 100}%` } },
      series: [
        {
          name: "最强比例",
          type: "bar",
          data: stats.children.map((c) => c.ratio),
          itemStyle: { color: "#c8161d" },
          label: { show: true, position: "top", formatter: (p: { value: number }) => percent(p.value) },
        },
        {
          name: "目标",
          type: "line",
          step: "middle",
          data: stats.children.map((c) => c.target?.ratio ?? null),
          itemStyle: { color: "#faad14" },
        },
      ],
    }),
    [stats.children],
  );
  const trendOption = useMemo(
    () => ({
      tooltip: {
        trigger: "axis",
        valueFormatter: (v: number | null) => (v === null || v === undefined ? "无数据" : percent(v)),
      },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 48 },
      xAxis: { type: "category", data: stats.trend.map((t) => `${t.year}`) },
      yAxis: { type: "value", max: 1, axisLabel: { formatter: (v: number) => `${v * 100}%` } },
      series: [
        {
          name: "最强比例",
          type: "line",
          data: stats.trend.map((t) => t.ratio),
          itemStyle: { color: "#c8161d" },
          areaStyle: { opacity: 0.08 },
        },
        {
          name: "目标",
          type: "line",
          data: stats.trend.map((t) => t.target),
          lineStyle: { type: "dashed" },
          itemStyle: { color: "#faad14" },
        },
      ],
    }),
    [stats.trend],
  );
  const drill = useCallback(
    (p: { dataIndex: number }) => go({ region: stats.children[p.dataIndex]?.code ?? null }),
    [go, stats.children],
  );
  const years = stats.trend.map((t) => t.year);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card size="small" className="no-print">
        <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
          <Space wrap>
            <TreeSelect
              aria-label="区域"
              style={{ width: 220 }}
              value={stats.region.code}
              treeData={tree}
              treeDefaultExpandAll
              onChange={(region) => go({ region })}
            />
            <Select
              aria-label="领域"
              style={{ width: 200 }}
              value={stats.domain ?? ""}
              onChange={(domain) => go({ domain })}
              options={[{ value: "", label: "全部领域" }, ...DOMAINS.map((d) => ({ value: d.id, label: d.title }))]}
            />
            <Select
              aria-label="年度"
              style={{ width: 120 }}
              value={stats.year}
              onChange={(year) => go({ year })}
              options={Array.from({ length: new Date().getFullYear() - 2019 }, (_, i) => 2020 + i).map((y) => ({
                value: y,
                label: `${y} 年度`,
              }))}
            />
          </Space>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
        </Space>
      </Card>
      <Breadcrumb
        items={breadcrumb.map((r) => ({
          title:
            r.code === stats.region.code ? (
              r.name
            ) : (
              <Link to={`/stats?region=${r.code}&year=${stats.year}${stats.domain ? `&domain=${stats.domain}` : ""}`}>
                {r.name}
              </Link>
            ),
        }))}
      />
      <Typography.Title level={4} style={{ margin: 0 }}>
        {stats.region.name} · {stats.domain ? domainTitle(stats.domain) : "全部领域"} · {stats.year} 年度
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic title="党支部" value={stats.branches} suffix="个" />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic title="评定为最高等次" value={stats.strongest} suffix="个" />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" data-testid="strongest-ratio">
            <Statistic
              title={`最强比例${target === null ? "" : `（目标 ${percent(target)}）`}`}
              value={percent(stats.ratio)}
              valueStyle={{ color: target !== null && stats.ratio < target ? "#c8161d" : "#389e0d" }}
            />
            <Progress
              percent={Math.round(stats.ratio * 1000) / 10}
              success={{ percent: 0 }}
              showInfo={false}
              size="small"
              strokeColor="#c8161d"
            />
            {target !== null ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {stats.ratio >= target
                  ? "已达到年度目标"
                  : `距目标还差 ${Math.max(0, Math.ceil(target * stats.branches) - stats.strongest)} 个`}
                {stats.target && stats.target.year !== stats.year ? `（沿用 ${stats.target.year} 年目标）` : ""}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">未设定目标</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic
              title="软弱涣散预警"
              value={stats.flagged}
              suffix="个"
              valueStyle={{ color: stats.flagged ? "#c8161d" : undefined }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card size="small" title="填报状态">
            <EChart option={statusOption} height={260} ariaLabel="填报状态分布图" testId="status-chart" />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small" title="各领域等次分布（计入最高层级的评定结果）">
            {stats.gradesByDomain.length ? (
              <EChart option={gradesOption} height={260} ariaLabel="各领域等次分布图" testId="grades-chart" />
            ) : (
              <Alert type="info" message="该年度尚无评定结果" />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="下级区域对比（点击柱形进入该区域）">
            {stats.children.length ? (
              <EChart
                option={childrenOption}
                height={260}
                ariaLabel="下级区域最强比例对比图"
                testId="children-chart"
                onClick={drill}
              />
            ) : (
              <Alert type="info" message="没有下级区域" />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="历年最强比例与目标">
            <EChart option={trendOption} height={260} ariaLabel="历年最强比例趋势图" testId="trend-chart" />
          </Card>
        </Col>
      </Row>
      {stats.children.length ? (
        <Card size="small" title="下级区域">
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={stats.children}
            columns={[
              {
                title: "区域",
                dataIndex: "name",
                render: (name: string, c) => (
                  <Link
                    to={`/stats?region=${c.code}&year=${stats.year}${stats.domain ? `&domain=${stats.domain}` : ""}`}
                  >
                    {name}
                  </Link>
                ),
              },
              { title: "党支部", dataIndex: "branches", align: "right" },
              { title: "最强", dataIndex: "strongest", align: "right" },
              {
                title: "最强比例",
                dataIndex: "ratio",
                align: "right",
                sorter: (a, b) => a.ratio - b.ratio,
                render: (r: number, c) => (
                  <Typography.Text type={c.target && r < c.target.ratio ? "danger" : "success"}>
                    {percent(r)}
                  </Typography.Text>
                ),
              },
              { title: "目标", render: (_, c) => (c.target ? percent(c.target.ratio) : "—"), align: "right" },
              ...BRANCH_STATUSES.map((k) => ({
                title: STATUS_TITLES[k],
                render: (_: unknown, c: (typeof stats.children)[number]) => c.status[k],
                align: "right" as const,
              })),
              { title: "预警", dataIndex: "flagged", align: "right" },
              {
                title: "逾期未申报",
                dataIndex: "overdue",
                align: "right",
                sorter: (a, b) => a.overdue - b.overdue,
                render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
              },
            ]}
            rowClassName={(c) => (c.overdue ? "row-overdue" : "")}
          />
        </Card>
      ) : null}
      <Card
        size="small"
        title="公示与申报进度"
        data-testid="publicity-progress"
        extra={
          <Space>
            <Link to={`/publicity?year=${stats.year}`}>公示</Link>
            <a href={`/api/v1/exports/reminders?region=${stats.region.code}&year=${stats.year}`} download>
              导出催报名单
            </a>
          </Space>
        }
      >
        <Space size="large" wrap>
          <Statistic title="公示中" value={stats.publicity.publicizing} suffix="个" />
          <Statistic
            title="有异议"
            value={stats.publicity.objected}
            suffix="个"
            valueStyle={{ color: stats.publicity.objected ? "#c8161d" : undefined }}
          />
          <Statistic title="已公示" value={stats.publicity.final} suffix="个" />
          {stats.finalOnly ? <Statistic title="已评定、待公示期满计入" value={stats.pending} suffix="个" /> : null}
          {stats.calendar ? (
            <Statistic
              title={`逾期未申报（截止 ${stats.calendar.submitDeadline}）`}
              value={stats.overdue}
              suffix="个"
              valueStyle={{ color: stats.overdue ? "#c8161d" : undefined }}
            />
          ) : null}
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }}>
          {stats.finalOnly
            ? "本区域只统计公示期满且无异议的评定结果（年度安排中可改为统计全部结果）。"
            : "本区域统计全部评定结果，含公示中的。"}
        </Typography.Paragraph>
      </Card>
      <Card
        size="small"
        title={`随机抽查（${spotChecks.length} 次）`}
        extra={<Link to={`/spot-checks?year=${stats.year}`}>抽查与记录结果</Link>}
        data-testid="spot-checks"
      >
        {spotChecks.length ? (
          <Space size="large" wrap>
            {(
              [
                ["抽查支部", "sampled"],
                ["通过", "passed"],
                ["不通过", "failed"],
                ["待查", "pending"],
              ] as const
            ).map(([title, key]) => (
              <Statistic key={key} title={title} value={spotChecks.reduce((n, c) => n + c[key], 0)} suffix="个" />
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">本年度还没有随机抽查</Typography.Text>
        )}
      </Card>
      <Card size="small" title={`软弱涣散预警（${stats.flaggedBranches.length}）`}>
        <Table
          rowKey="branchId"
          size="small"
          dataSource={stats.flaggedBranches}
          pagination={{ pageSize: 10 }}
          locale={{ emptyText: "没有预警" }}
          columns={[
            { title: "支部", dataIndex: "branchName" },
            { title: "区域", dataIndex: "regionName", width: 120 },
            {
              title: "预警",
              dataIndex: "flags",
              render: (flags: string[]) => (
                <Space wrap>
                  {flags.map((f) => (
                    <Tag color="volcano" key={f}>
                      {f}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        {canEditTargets ? (
          <Col xs={24} lg={12}>
            <TargetsEditor key={stats.region.code} region={stats.region.code} stored={storedTargets} years={years} />
          </Col>
        ) : null}
        <Col xs={24} lg={canEditTargets ? 12 : 24}>
          <ExcelPanel
            key={`${stats.region.code}-${stats.domain}-${stats.year}`}
            region={stats.region.code}
            domain={stats.domain}
            year={stats.year}
            templates={templates}
            canImport={canImport}
          />
        </Col>
      </Row>
    </Space>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
