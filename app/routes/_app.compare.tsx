import { SwapOutlined } from "@ant-design/icons";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { useApi } from "~/utils/api";
import { JobProgress, useJob } from "~/components/JobProgress";
import { TransitionHeatmap } from "~/components/TransitionHeatmap";
import type { ParamChange, RulesetDiff } from "~/engine/diff";
import type { Json } from "~/engine/types";
import { requireActor } from "~/server/auth/session.server";
import { compareRulesets, parseRulesetRef, type Comparison } from "~/server/analysis/compare.server";
import { DomainError, forbidden } from "~/server/platform/http.server";
import type { ImpactBranch, ImpactReport } from "~/server/analysis/impact.server";
import { regionsWithin } from "~/server/regions/regions.server";
import { submissionYears } from "~/server/submissions/repository.server";
import { listRulesets, publishedRevisionNumbers } from "~/server/rulesets/publishing.server";
import { useActor } from "~/utils/actor";
import { domainTitle } from "~/utils/domains";
import { eventTypeTitle } from "~/utils/labels";
import { regionTreeSelectData } from "~/utils/tree";

export const meta: MetaFunction = () => [{ title: "比较与影响 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role === "branch") throw forbidden("规则比较");
  const url = new URL(request.url);
  const options = listRulesets(actor).flatMap((r) => [
    ...(r.hasDraft
      ? [{ value: `${r.id}@draft`, label: `${r.regionName} · ${domainTitle(r.domain)} · 草稿`, rulesetId: r.id }]
      : []),
    ...publishedRevisionNumbers(r.id)
      .reverse()
      .map((n) => ({
        value: `${r.id}@${n}`,
        label: `${r.regionName} · ${domainTitle(r.domain)} · 第 ${n} 版`,
        rulesetId: r.id,
      })),
  ]);
  let comparison: Comparison | null = null;
  let error: string | null = null;
  const [a, b] = [url.searchParams.get("a"), url.searchParams.get("b")];
  if (a && b) {
    try {
      const { rulesets: _resolved, ...rest } = compareRulesets(actor, parseRulesetRef(a, "a"), parseRulesetRef(b, "b"));
      comparison = rest;
    } catch (thrown) {
      if (!(thrown instanceof DomainError)) throw thrown;
      error = thrown.message;
    }
  }
  const years = submissionYears();
  return {
    a,
    b,
    options,
    comparison,
    error,
    regions: regionsWithin(actor.regionCode).map(({ code, name, parentCode }) => ({ code, name, parentCode })),
    actorRegion: actor.regionCode,
    years,
  };
}

const show = (v: Json | undefined, unit?: string) =>
  v === undefined
    ? "（无）"
    : typeof v === "boolean"
      ? v
        ? "是"
        : "否"
      : `${JSON.stringify(v).replace(/^"|"$/g, "")}${unit ?? ""}`;
const bounds = (b?: { min?: number; max?: number }) => (b ? `${b.min ?? "-∞"} ~ ${b.max ?? "+∞"}` : "");

/** A title; an admin also sees the id behind it in a tooltip. */
function Titled({ title, id }: { title: string; id: string }) {
  const admin = useActor()?.role === "admin";
  const text = <Typography.Text strong>{title}</Typography.Text>;
  return admin ? <Tooltip title={id}>{text}</Tooltip> : text;
}

function ParamsDiff({ params }: { params: ParamChange[] }) {
  return (
    <Table<ParamChange>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={params}
      locale={{ emptyText: "参数无变化" }}
      columns={[
        {
          title: "参数",
          render: (_, p) => <Titled title={p.title ?? "未命名参数"} id={`参数 ${p.id}`} />,
        },
        {
          title: "方案 A",
          render: (_, p) => (
            <Space orientation="vertical" size={0}>
              {show(p.a, p.unit)}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[bounds(p.boundsA as never), p.lockedA ? "锁定" : ""].filter(Boolean).join(" · ")}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: "方案 B",
          render: (_, p) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text mark={JSON.stringify(p.a) !== JSON.stringify(p.b)}>{show(p.b, p.unit)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[bounds(p.boundsB as never), p.lockedB ? "锁定" : ""].filter(Boolean).join(" · ")}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: "变化",
          width: 110,
          render: (_, p) =>
            p.a === undefined ? (
              <Tag color="green">仅 B 有</Tag>
            ) : p.b === undefined ? (
              <Tag color="red">仅 A 有</Tag>
            ) : typeof p.a === "number" && typeof p.b === "number" ? (
              <Tag color={p.b > p.a ? "orange" : "blue"}>{p.b > p.a ? "提高" : p.b < p.a ? "降低" : "范围/锁定"}</Tag>
            ) : (
              <Tag>修改</Tag>
            ),
        },
      ]}
    />
  );
}

function RulesDiff({ rules }: { rules: RulesetDiff["rules"] }) {
  const rows = [
    ...rules.removed.map((r) => ({ key: `-${r.id}`, kind: "removed" as const, ...r, changes: [] as string[] })),
    ...rules.added.map((r) => ({ key: `+${r.id}`, kind: "added" as const, ...r, changes: [] as string[] })),
    ...rules.changed.map((r) => ({ key: `~${r.id}`, kind: "changed" as const, ...r })),
  ];
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: "规则无变化" }}
      columns={[
        {
          title: "",
          width: 80,
          render: (_, r) =>
            ({
              added: <Tag color="green">仅 B 有</Tag>,
              removed: <Tag color="red">仅 A 有</Tag>,
              changed: <Tag color="orange">有变化</Tag>,
            })[r.kind],
        },
        {
          title: "规则",
          render: (_, r) => (
            <Space orientation="vertical" size={0}>
              <Titled title={r.name} id={`规则 id：${r.id}`} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {eventTypeTitle(r.type)}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: "变化内容",
          render: (_, r) =>
            r.changes.length ? (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {r.changes.map((c, i) => (
                  <li key={i} style={{ fontSize: 12 }}>
                    {c}
                  </li>
                ))}
              </ul>
            ) : (
              "—"
            ),
        },
      ]}
    />
  );
}

function ItemsDiff({ title, items }: { title: string; items: RulesetDiff["grades"] | RulesetDiff["indicators"] }) {
  const lines = [
    ...items.added.map((x) => (
      <li key={`+${x.id}`}>
        <Tag color="green">仅 B 有</Tag>
        {x.title}
      </li>
    )),
    ...items.removed.map((x) => (
      <li key={`-${x.id}`}>
        <Tag color="red">仅 A 有</Tag>
        {x.title}
      </li>
    )),
    ...items.changed.map((x) => (
      <li key={`~${x.id}`}>
        <Tag color="orange">有变化</Tag>
        {x.b.title}：{x.changes.join("；")}
      </li>
    )),
  ];
  return (
    <Card size="small" title={title}>
      {lines.length ? (
        <ul style={{ margin: 0, paddingLeft: 0, listStyle: "none" }}>{lines}</ul>
      ) : (
        <Typography.Text type="secondary">无变化</Typography.Text>
      )}
    </Card>
  );
}

function ImpactPanel({
  a,
  b,
  regions,
  actorRegion,
  years,
}: {
  a: string;
  b: string;
  regions: { code: string; name: string; parentCode: string | null }[];
  actorRegion: string;
  years: number[];
}) {
  const { call } = useApi();
  const [region, setRegion] = useState(actorRegion);
  const [year, setYear] = useState<number | null>(years.at(-1) ?? null);
  const { job, setJob, follow } = useJob<ImpactReport>();
  const tree = useMemo(() => regionTreeSelectData(regions), [regions]);

  const start = async () => {
    setJob({ id: "", status: "running", done: 0, total: 0 });
    const outcome = await call<{ job: string }>("/api/v1/impact", {
      json: { a, b, filter: { region, ...(year ? { year } : {}) } },
    });
    if (!outcome.ok) return setJob(null);
    follow(outcome.data.job);
  };
  const report = job?.result;
  const title = (id: string) => report?.grades.find((g) => g.id === id)?.title ?? id;

  return (
    <Card title="影响分析：用两个方案重新评分已存申报" size="small">
      <Space wrap>
        <span>范围</span>
        <TreeSelect
          aria-label="影响分析区域"
          style={{ width: 240 }}
          value={region}
          onChange={setRegion}
          treeData={tree}
          treeDefaultExpandAll
        />
        <span>年度</span>
        <Select
          aria-label="影响分析年度"
          style={{ width: 140 }}
          value={year ?? "all"}
          onChange={(v) => setYear(v === "all" ? null : Number(v))}
          options={[{ value: "all", label: "全部年度" }, ...years.map((y) => ({ value: y, label: `${y} 年度` }))]}
        />
        <Button type="primary" onClick={start} loading={job?.status === "running"}>
          开始分析
        </Button>
        {report ? <Button href={`/api/v1/jobs/${job!.id}/xlsx`}>导出 Excel</Button> : null}
      </Space>
      {job ? (
        <div style={{ marginTop: 16 }} data-testid="impact-progress">
          <JobProgress job={job} />
          {job.status === "failed" ? <Alert type="error" showIcon message={`分析未完成：${job.error}`} /> : null}
        </div>
      ) : null}
      {report ? (
        <Space orientation="vertical" style={{ width: "100%", marginTop: 16 }} size="middle">
          <Row gutter={16}>
            <Col span={6}>
              <Statistic title="重新评分的申报" value={report.total} suffix="份" />
            </Col>
            <Col span={6}>
              <Statistic
                title="等次变化"
                value={report.changed}
                suffix="份"
                valueStyle={{ color: report.changed ? "#c8161d" : undefined }}
              />
            </Col>
            <Col span={6}>
              <Statistic title="得分变化" value={report.scoreChanged} suffix="份" />
            </Col>
            <Col span={6}>
              <Statistic
                title="范围"
                value={`${report.filter.regionName}${report.filter.year ? ` · ${report.filter.year}` : ""}`}
              />
            </Col>
          </Row>
          {report.total ? (
            <Row gutter={16}>
              <Col xs={24} lg={10}>
                <Card size="small" title="等次变化热力图（行：方案 A，列：方案 B）">
                  <TransitionHeatmap grades={report.grades} transitions={report.transitions} />
                </Card>
              </Col>
              <Col xs={24} lg={14}>
                <Card size="small" title={`等次变化的支部（${report.branches.length}）`}>
                  <Table<ImpactBranch>
                    rowKey="submissionId"
                    size="small"
                    dataSource={report.branches}
                    pagination={{ pageSize: 10 }}
                    data-testid="impact-branches"
                    columns={[
                      {
                        title: "支部",
                        dataIndex: "branchName",
                        render: (name: string, r) => <Link to={`/submissions/${r.submissionId}`}>{name}</Link>,
                      },
                      {
                        title: "区域",
                        dataIndex: "regionName",
                        width: 90,
                        filters: [...new Set(report.branches.map((x) => x.regionName))].map((n) => ({
                          text: n,
                          value: n,
                        })),
                        onFilter: (v, r) => r.regionName === v,
                      },
                      { title: "年度", dataIndex: "year", width: 70 },
                      {
                        title: "等次",
                        width: 170,
                        render: (_, r) => (
                          <Space size={4}>
                            <Tag>{title(r.from)}</Tag>→<Tag color="red">{title(r.to)}</Tag>
                          </Space>
                        ),
                      },
                      { title: "得分", width: 120, render: (_, r) => `${r.scoreA} → ${r.scoreB}` },
                      {
                        title: "分差",
                        dataIndex: "delta",
                        width: 70,
                        sorter: (x, y) => x.delta - y.delta,
                        render: (d: number) => (d > 0 ? `+${d}` : String(d)),
                      },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          ) : (
            <Empty description="范围内没有可重新评分的申报" />
          )}
        </Space>
      ) : null}
    </Card>
  );
}

export default function Compare() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [a, setA] = useState(data.a ?? undefined);
  const [b, setB] = useState(data.b ?? undefined);
  const go = (x = a, y = b) => x && y && navigate(`/compare?a=${encodeURIComponent(x)}&b=${encodeURIComponent(y)}`);
  const optionsWith = (value?: string) =>
    value && !data.options.some((o) => o.value === value)
      ? [{ value, label: value, rulesetId: value }, ...data.options]
      : data.options;
  const { comparison } = data;
  const diff = comparison?.diff;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card size="small" title="比较两个规则集或版本">
        <Space wrap>
          <Select
            aria-label="方案 A"
            showSearch={{ optionFilterProp: "label" }}
            placeholder="方案 A"
            style={{ width: 380 }}
            value={a}
            onChange={setA}
            options={optionsWith(a)}
          />
          <Button
            icon={<SwapOutlined />}
            aria-label="交换"
            onClick={() => {
              setA(b);
              setB(a);
              go(b, a);
            }}
          />
          <Select
            aria-label="方案 B"
            showSearch={{ optionFilterProp: "label" }}
            placeholder="方案 B"
            style={{ width: 380 }}
            value={b}
            onChange={setB}
            options={optionsWith(b)}
          />
          <Button type="primary" onClick={() => go()} disabled={!a || !b}>
            比较
          </Button>
        </Space>
      </Card>
      {data.error ? <Alert type="error" showIcon message={data.error} /> : null}
      {comparison && diff ? (
        <>
          <Row gutter={16}>
            {[comparison.a, comparison.b].map((side, i) => (
              <Col span={12} key={side.ref}>
                <Card size="small" title={`方案 ${i ? "B" : "A"}`}>
                  <Titled title={side.label} id={`${side.ref} · ${side.hash.slice(7, 19)}`} />
                </Card>
              </Col>
            ))}
          </Row>
          {comparison.a.hash === comparison.b.hash ? (
            <Alert type="info" showIcon message="两个方案的评分内容完全相同。" />
          ) : null}
          <Card size="small" title={`参数（${diff.params.length} 处不同）`} data-testid="diff-params">
            <ParamsDiff params={diff.params} />
          </Card>
          <Card
            size="small"
            title={`规则（新增 ${diff.rules.added.length}，删除 ${diff.rules.removed.length}，修改 ${diff.rules.changed.length}）`}
            data-testid="diff-rules"
          >
            <RulesDiff rules={diff.rules} />
          </Card>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <ItemsDiff title="等次" items={diff.grades} />
            </Col>
            <Col xs={24} md={8}>
              <ItemsDiff title="指标" items={diff.indicators} />
            </Col>
            <Col xs={24} md={8}>
              <Card size="small" title="表单字段" data-testid="diff-form">
                {diff.formFields.added.length + diff.formFields.removed.length ? (
                  <ul style={{ margin: 0, paddingLeft: 0, listStyle: "none" }}>
                    {diff.formFields.added.map((f) => (
                      <li key={f.path}>
                        <Tag color="green">仅 B 有</Tag>
                        {f.title.replaceAll(" / ", " › ")}
                      </li>
                    ))}
                    {diff.formFields.removed.map((f) => (
                      <li key={f.path}>
                        <Tag color="red">仅 A 有</Tag>
                        {f.title.replaceAll(" / ", " › ")}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <Typography.Text type="secondary">无变化</Typography.Text>
                )}
              </Card>
            </Col>
          </Row>
          <ImpactPanel
            a={comparison.a.ref}
            b={comparison.b.ref}
            regions={data.regions}
            actorRegion={data.actorRegion}
            years={data.years}
          />
        </>
      ) : !data.error ? (
        <Empty description="选择两个规则集或版本进行比较，例如 内蒙古 嘎查村 与 广西 村，或同一规则集的第 1 版与第 2 版。" />
      ) : null}
    </Space>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
