import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from "antd";
import { useState } from "react";
import { spotCheck, spotChecksOf } from "~/server/analysis/spot-checks.server";
import { can } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { forbidden } from "~/server/platform/http.server";
import { parseYear } from "~/server/platform/validation.server";
import { regionsWithin } from "~/server/regions/regions.server";
import { submissionYears } from "~/server/submissions/repository.server";
import { AttachedFiles } from "~/components/AttachedFiles";
import { ReasonConfirm } from "~/components/ReasonConfirm";
import { YearSelect } from "~/components/YearSelect";
import { useApi } from "~/utils/api";
import { DOMAINS, domainTitle } from "~/utils/domains";
import { formatDateTime } from "~/utils/format";
import { useFilterParams } from "~/utils/search-params";
import { regionTreeSelectData } from "~/utils/tree";

export const meta: MetaFunction = () => [{ title: "随机抽查 · 支部标尺" }];

/** The grades of the shipped standards, for choosing which rated branches to sample. */
const GRADE_OPTIONS = [
  { value: "strongest", label: "最强党支部" },
  { value: "advanced", label: "先进" },
  { value: "middle", label: "中间" },
  { value: "backward", label: "后进" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role === "branch") throw forbidden("随机抽查");
  const url = new URL(request.url);
  const years = submissionYears();
  const year = parseYear(url.searchParams.get("year"), "year", years.at(-1) ?? new Date().getFullYear());
  const selected = url.searchParams.get("id");
  return {
    year,
    years,
    canDraw: can(actor, { action: "spotcheck.manage", regionCode: actor.regionCode }),
    actorRegion: actor.regionCode,
    regions: regionsWithin(actor.regionCode).map(({ code, name, parentCode }) => ({ code, name, parentCode })),
    checks: spotChecksOf(actor, actor.regionCode, year),
    check: selected && /^\d+$/.test(selected) ? spotCheck(actor, Number(selected)) : null,
  };
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

/** The draw: where, which year, which domain and grade, how many, and the seed (recorded either way). */
function DrawForm({ data, onDrawn }: { data: Loaded; onDrawn: (id: number) => void }) {
  const { call, busy } = useApi();
  const [by, setBy] = useState<"size" | "percent">("percent");
  const [form] = Form.useForm();
  const submit = async (values: Record<string, unknown>) => {
    const outcome = await call<{ id: number }>("/api/v1/spot-checks", {
      json: {
        region: values.region,
        year: data.year,
        ...(values.domain ? { domain: values.domain } : {}),
        ...(values.grade ? { grade: values.grade } : {}),
        [by]: values.amount,
        ...(values.seed ? { seed: values.seed } : {}),
      },
    });
    if (outcome.ok) onDrawn(outcome.data.id);
  };
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{ region: data.actorRegion, amount: 10 }}
      onFinish={submit}
      style={{ rowGap: 12 }}
    >
      <Form.Item name="region" label="区域" rules={[{ required: true, message: "请选择区域" }]}>
        <TreeSelect
          aria-label="抽查区域"
          style={{ width: 200 }}
          treeData={regionTreeSelectData(data.regions)}
          treeDefaultExpandedKeys={[data.actorRegion]}
        />
      </Form.Item>
      <Form.Item name="domain" label="领域">
        <Select
          aria-label="抽查领域"
          allowClear
          placeholder="全部领域"
          style={{ width: 140 }}
          options={DOMAINS.map((d) => ({ value: d.id, label: d.title }))}
        />
      </Form.Item>
      <Form.Item name="grade" label="等次">
        <Select
          aria-label="抽查等次"
          allowClear
          placeholder="全部等次"
          style={{ width: 140 }}
          options={GRADE_OPTIONS}
        />
      </Form.Item>
      <Form.Item label="抽取">
        <Space.Compact>
          <Radio.Group value={by} onChange={(e) => setBy(e.target.value)} optionType="button">
            <Radio value="percent">比例</Radio>
            <Radio value="size">数量</Radio>
          </Radio.Group>
          <Form.Item name="amount" noStyle rules={[{ required: true, message: "请填写" }]}>
            <InputNumber
              aria-label="抽查数量或比例"
              min={1}
              max={by === "percent" ? 100 : 10000}
              precision={0}
              suffix={by === "percent" ? "%" : "个"}
              style={{ width: 110 }}
            />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item
        name="seed"
        label="随机种子"
        tooltip="同一种子、同一范围总能抽出同一组支部，便于复核；不填则自动生成并记录。"
      >
        <Input aria-label="随机种子" placeholder="可不填" maxLength={64} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          抽取
        </Button>
      </Form.Item>
    </Form>
  );
}

/** One sampled branch's check: 通过 or 不通过, each with the findings. */
function ResultButtons({ url, onDone }: { url: string; onDone: () => void }) {
  const { call } = useApi();
  const record = async (result: "passed" | "failed", findings: string) => {
    if ((await call(url, { json: { result, findings } })).ok) onDone();
  };
  return (
    <Space size={4}>
      {(
        [
          ["passed", "通过"],
          ["failed", "不通过"],
        ] as const
      ).map(([result, label]) => (
        <ReasonConfirm
          key={result}
          title={`${label}：抽查发现的情况`}
          label="抽查发现"
          okText={label}
          maxLength={1000}
          onConfirm={(findings) => record(result, findings)}
        >
          <Button size="small" danger={result === "failed"}>
            {label}
          </Button>
        </ReasonConfirm>
      ))}
    </Space>
  );
}

export default function SpotChecks() {
  const data = useLoaderData<typeof loader>();
  const update = useFilterParams();
  const revalidator = useRevalidator();
  const { message } = App.useApp();
  const check = data.check;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title="随机抽查：按随机种子从已评定的支部中抽取，结果可复核"
        extra={
          <YearSelect
            value={data.year}
            years={data.years}
            onChange={(year) => update({ year: String(year), id: null })}
          />
        }
      >
        {data.canDraw ? (
          <DrawForm
            data={data}
            onDrawn={(id) => {
              message.success("已抽取，抽查对象见下表");
              update({ id: String(id) });
            }}
          />
        ) : (
          <Typography.Text type="secondary">抽取由本级管理员进行；评定人可记录抽查结果。</Typography.Text>
        )}
      </Card>
      <Card title={`${data.year} 年度的抽查`} size="small">
        <Table
          rowKey="id"
          size="small"
          dataSource={data.checks}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: "本年度还没有抽查" }}
          onRow={(c) => ({ onClick: () => update({ id: String(c.id) }), style: { cursor: "pointer" } })}
          columns={[
            { title: "时间", dataIndex: "createdAt", width: 150, render: (t: number) => formatDateTime(t) },
            { title: "区域", render: (_, c) => c.region.name, width: 110 },
            {
              title: "范围",
              render: (_, c) =>
                [
                  c.domain ? domainTitle(c.domain) : "全部领域",
                  GRADE_OPTIONS.find((g) => g.value === c.gradeId)?.label ?? "全部等次",
                ].join(" · "),
            },
            { title: "抽取 / 总数", width: 110, render: (_, c) => `${c.sampled} / ${c.population}` },
            {
              title: "结果",
              width: 200,
              render: (_, c) => (
                <Space size={4}>
                  <Tag color="green">通过 {c.passed}</Tag>
                  <Tag color={c.failed ? "red" : "default"}>不通过 {c.failed}</Tag>
                  <Tag>待查 {c.pending}</Tag>
                </Space>
              ),
            },
            { title: "随机种子", dataIndex: "seed", width: 170 },
          ]}
        />
      </Card>
      {check ? (
        <Card
          size="small"
          title={`抽查对象：${check.region.name} ${check.year} 年度，${check.items.length} 个（从 ${check.population} 个中抽取，随机种子 ${check.seed}）`}
          data-testid="spot-check"
        >
          <Row gutter={16} style={{ marginBottom: 12 }}>
            {(["passed", "failed", null] as const).map((r) => (
              <Col key={String(r)}>
                <Statistic
                  title={r === "passed" ? "通过" : r === "failed" ? "不通过" : "待查"}
                  value={check.items.filter((i) => i.result === r).length}
                />
              </Col>
            ))}
          </Row>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={check.items}
            columns={[
              {
                title: "支部",
                render: (_, i) => <Link to={`/submissions/${i.submissionId}`}>{i.branchName}</Link>,
              },
              { title: "区域", dataIndex: "regionName", width: 110 },
              { title: "领域", dataIndex: "domain", width: 100, render: (d: string) => domainTitle(d) },
              { title: "评定等次", dataIndex: "grade", width: 120 },
              {
                title: "抽查结果",
                render: (_, i) =>
                  i.result ? (
                    <Space orientation="vertical" size={0}>
                      <Tag color={i.result === "passed" ? "green" : "red"}>
                        {i.result === "passed" ? "通过" : "不通过"}
                      </Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {i.findings}
                      </Typography.Text>
                      {i.result === "failed" && i.canAdjust ? (
                        <Link to={`/review/${i.submissionId}#adjust`}>据此动态调整</Link>
                      ) : null}
                    </Space>
                  ) : (
                    <Tag>待查</Tag>
                  ),
              },
              {
                title: "检查材料",
                width: 200,
                render: (_, i) => (
                  <AttachedFiles
                    uploadUrl={`/api/v1/spot-checks/${check.id}/items/${i.id}/files`}
                    files={i.files}
                    label="上传检查材料"
                    onUploaded={() => revalidator.revalidate()}
                  />
                ),
              },
              {
                title: "",
                width: 170,
                render: (_, i) => (
                  <ResultButtons
                    url={`/api/v1/spot-checks/${check.id}/items/${i.id}/results`}
                    onDone={() => revalidator.revalidate()}
                  />
                ),
              },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
