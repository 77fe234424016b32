import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Alert, Button, Card, Col, Collapse, Descriptions, Empty, Row, Space, Tag, Timeline, Typography } from "antd";
import { SubmissionContent } from "~/components/AnswersView";
import { useEvidenceLayout } from "~/components/EvidencePanel";
import { fieldTitlesOf } from "~/utils/form";
import type { FormSchema } from "~/engine/types";
import { IndicatorChart } from "~/components/IndicatorChart";
import { RuleTrace } from "~/components/RuleTrace";
import { ResultSummary } from "~/components/ScorePanel";
import { authorize } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { getSubmission } from "~/server/submissions/repository.server";
import { submissionView } from "~/server/submissions/view.server";
import { domainTitle } from "~/utils/domains";
import { useActor } from "~/utils/actor";
import { formatDate } from "~/utils/format";
import { statusTitle } from "~/utils/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.view.branch.name ?? "申报"} ${data?.view.submission.year ?? ""} 年度评定结果 · 支部标尺` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (!/^\d+$/.test(params.id!)) throw new Response("页面不存在", { status: 404 });
  const submission = getSubmission(Number(params.id));
  authorize(
    actor,
    { action: "submission.read", regionCode: submission.regionCode, branchId: submission.branchId },
    `申报 ${params.id}`,
  );
  return { view: submissionView(actor, submission.id) };
}

const DECISIONS: Record<string, string> = {
  rate: "评定",
  escalate: "向上级申报",
  revoke: "动态调整（撤销）",
  return: "退回修改",
};

export default function SubmissionResult() {
  const { view } = useLoaderData<typeof loader>();
  const { result, ruleset } = { result: view.result, ruleset: view.standard.ruleset };
  const revocation = [...view.reviews].reverse().find((r) => r.decision === "revoke");
  const admin = useActor()?.role === "admin";
  const evidenceLayout = useEvidenceLayout({
    materials: ruleset.materials ?? [],
    sections: Object.keys((view.branchForm.schema as FormSchema).properties ?? {}),
    gradeTitles: Object.fromEntries(ruleset.grades.map((g) => [g.id, g.title])),
    fieldTitles: fieldTitlesOf(view.branchForm.schema as FormSchema),
    files: view.evidence,
  });
  return (
    <div style={{ maxWidth: 1200, margin: "0 auto" }}>
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {view.branch.name} · {view.submission.year} 年度
            </Typography.Title>
            <Typography.Text type="secondary">
              {view.standard.title}（第 {view.standard.revision} 版）· 申报第 {view.submission.revision} 版
            </Typography.Text>
          </div>
          <Space className="no-print" wrap>
            <Tag color={view.submission.status === "revoked" ? "red" : "blue"} data-testid="status">
              {statusTitle(view.submission.status)}
            </Tag>
            {view.canReview && view.submission.status !== "revoked" ? (
              <Link to={`/review/${view.submission.id}`}>
                <Button type="primary">去评定</Button>
              </Link>
            ) : null}
            <Button onClick={() => window.print()}>打印评定表</Button>
            <Button href={`/api/v1/submissions/${view.submission.id}/package`} download>
              下载评定材料包
            </Button>
          </Space>
        </Space>
        <div className="no-print">
          {revocation ? (
            <Alert
              type="error"
              showIcon
              message="等次已撤销（动态调整）"
              description={`${revocation.regionName} ${revocation.reviewer}：${revocation.reason ?? ""}`}
              data-testid="revoked"
            />
          ) : view.counted ? (
            <Alert
              type="success"
              showIcon
              message={`评定等次：${view.counted.gradeTitle}`}
              description={`由${view.counted.regionName}评定（以最高层级的评定为准）；下方“按规则计算的等次”是评价规则对申报内容和四评给出的结果，供参考`}
              data-testid="counted"
            />
          ) : (
            <Alert
              type="info"
              showIcon
              message="尚未评定"
              description="以下为按申报内容计算的结果，四评由上级党组织填写后再评定。"
            />
          )}
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col xs={24} md={10}>
              <Card title="得分与等次">
                <ResultSummary ruleset={ruleset} result={result} gradeLabel="按规则计算的等次" />
              </Card>
            </Col>
            <Col xs={24} md={14}>
              <Card title="五项指标">
                <IndicatorChart indicators={result.indicators} />
              </Card>
              <Card title="评定记录" style={{ marginTop: 16 }}>
                {view.reviews.length ? (
                  <Timeline
                    items={view.reviews.map((r) => ({
                      color:
                        r.decision === "revoke"
                          ? "red"
                          : r.decision === "rate"
                            ? "green"
                            : r.decision === "return"
                              ? "orange"
                              : "blue",
                      children: (
                        <div>
                          <Typography.Text strong>
                            {r.regionName} · {DECISIONS[r.decision]}
                            {r.gradeTitle && r.decision === "rate" ? `：${r.gradeTitle}` : ""}
                            {r.targetRegionName ? ` → ${r.targetRegionName}` : ""}
                          </Typography.Text>
                          <div>
                            <Typography.Text type="secondary">
                              {r.reviewer} · {new Date(r.createdAt).toLocaleString("zh-CN")}
                              {r.reason ? ` · ${r.reason}` : ""}
                            </Typography.Text>
                          </div>
                        </div>
                      ),
                    }))}
                  />
                ) : (
                  <Empty description="暂无评定记录" />
                )}
              </Card>
            </Col>
          </Row>
        </div>
        <SubmissionContent
          form={view.branchForm}
          data={view.data}
          revision={view.submission.revision}
          revisions={view.revisions}
          trace={result.trace}
          sectionExtras={evidenceLayout.bySection}
        />
        {evidenceLayout.rest ? <div className="no-print">{evidenceLayout.rest}</div> : null}
        <Collapse
          className="no-print"
          items={[
            {
              key: "why",
              label: "为什么？查看每条规则的判断过程",
              children: (
                <RuleTrace
                  ruleset={ruleset}
                  trace={result.trace}
                  regionNames={view.standard.regionNames}
                  admin={admin}
                />
              ),
            },
          ]}
        />
        <div className="print-only">
          <Typography.Title level={3} style={{ textAlign: "center" }}>
            {view.submission.year} 年度党支部评定表
          </Typography.Title>
          <Descriptions bordered column={2} size="small">
            <Descriptions.Item label="党支部">{view.branch.name}</Descriptions.Item>
            <Descriptions.Item label="所属区域">{view.branch.regionName}</Descriptions.Item>
            <Descriptions.Item label="领域">{domainTitle(view.branch.domain)}</Descriptions.Item>
            <Descriptions.Item label="党员人数">{view.branch.memberCount} 名</Descriptions.Item>
            {result.indicators.map((i) => (
              <Descriptions.Item key={i.id} label={i.title}>
                {i.score} / {i.max}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label="总分">{result.score}</Descriptions.Item>
            <Descriptions.Item label="评定等次">
              {revocation ? "已撤销" : (view.counted?.gradeTitle ?? `${result.grade.title}（未评定）`)}
            </Descriptions.Item>
            <Descriptions.Item label="负面情形" span={2}>
              {result.vetoes.map((v) => v.message).join("；") || "无"}
            </Descriptions.Item>
            <Descriptions.Item label="未达到的要求" span={2}>
              {result.unmet.map((v) => v.message).join("；") || "无"}
            </Descriptions.Item>
            <Descriptions.Item label="评价标准" span={2}>
              {view.standard.title}（第 {view.standard.revision} 版，{formatDate(view.standard.publishedAt)} 发布）
            </Descriptions.Item>
          </Descriptions>
          <div style={{ display: "flex", justifyContent: "space-between", marginTop: 48 }}>
            <span>党支部书记（签字）：</span>
            <span>评定单位（盖章）：</span>
            <span>{"日期：\u3000\u3000年\u3000\u3000月\u3000\u3000日"}</span>
          </div>
        </div>
      </Space>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
