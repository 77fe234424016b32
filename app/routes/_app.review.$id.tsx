import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useBeforeUnload, useBlocker, useLoaderData, useNavigate } from "@remix-run/react";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Divider,
  Empty,
  Input,
  Row,
  Select,
  Space,
  Tag,
  Typography,
  type ModalFuncProps,
} from "antd";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useApi } from "~/utils/api";
import { SubmissionContent } from "~/components/AnswersView";
import { ResultSummary, useLiveResult } from "~/components/ScorePanel";
import { useEvidenceLayout, type EvidenceItem, type EvidenceReview } from "~/components/EvidencePanel";
import { StandardForm } from "~/components/form/StandardForm";
import { countFiles } from "~/engine/materials";
import { allowedGrades } from "~/engine/grade";
import { listFields } from "~/engine/forms";
import { canonicalJson } from "~/engine/json";
import type { EvaluationContext, FormSchema, JsonObject } from "~/engine/types";
import { answerFields } from "~/utils/answers";
import { authorize } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { getSubmission } from "~/server/submissions/repository.server";
import { submissionView } from "~/server/submissions/view.server";
import { failedChecksOf } from "~/server/analysis/spot-checks.server";
import { formatDate } from "~/utils/format";
import { inconsistentAnswers } from "~/utils/consistency";
import { toErrorSchema } from "~/utils/errors";
import { fieldTitlesOf, pickSections } from "~/utils/form";
import { statusTitle } from "~/utils/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `评定：${data?.view.branch.name ?? ""} · 支部标尺` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (!/^\d+$/.test(params.id!)) throw new Response("页面不存在", { status: 404 });
  const submission = getSubmission(Number(params.id));
  authorize(actor, { action: "submission.review", regionCode: submission.regionCode }, `申报 ${params.id} 的评定`);
  return { view: submissionView(actor, submission.id), failedChecks: failedChecksOf(actor, submission.id) };
}

type Problem = { path: string; message: string };

export default function ReviewSubmission() {
  const { view, failedChecks } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const ruleset = view.standard.ruleset;
  const lastSiping = [...view.reviews]
    .reverse()
    .find((r) => r.decision === "rate" || r.decision === "escalate")?.siping;
  const [siping, setSiping] = useState<JsonObject>(lastSiping ?? pickSections(view.data, view.reviewerForm.schema));
  const merged = useMemo(() => ({ ...view.data, ...siping }), [view.data, siping]);
  // The standard's checks on the 四评 (“优秀”票数 ≤ 参评人数) as the reviewer types, each at its field.
  const inconsistent = useMemo(() => inconsistentAnswers(ruleset, merged), [ruleset, merged]);
  const [evidence, setEvidence] = useState<EvidenceItem[]>(view.evidence);
  const counts = useMemo(() => countFiles(evidence), [evidence]);
  const { result } = useLiveResult(ruleset, merged, view.context as EvaluationContext, counts);
  const gradeTitles = useMemo(() => Object.fromEntries(ruleset.grades.map((g) => [g.id, g.title])), [ruleset]);
  const fieldTitles = fieldTitlesOf(view.branchForm.schema as FormSchema);
  const fileReview = useApi();
  const reviewFile: EvidenceReview = async (file, decision, reason) => {
    const outcome = await fileReview.call<{ file: EvidenceItem }>(`/api/v1/evidence/${file.id}/reviews`, {
      json: { decision, ...(reason ? { reason } : {}) },
    });
    if (!outcome.ok) return;
    setEvidence((all) => all.map((f) => (f.id === file.id ? outcome.data.file : f)));
    message.success(`“${file.name}”已认定${decision === "accepted" ? "合格" : "不合格"}`);
  };
  const allowed = result ? allowedGrades(ruleset, result) : [];
  const [gradeId, setGradeId] = useState<string>();
  const [reason, setReason] = useState("");
  const [problems, setProblems] = useState<Problem[]>([]);
  const { call, busy } = useApi();
  const [negative, setNegative] = useState<string>();
  const [note, setNote] = useState("");
  const rank = (id?: string) => ruleset.grades.findIndex((g) => g.id === id);
  const needsReason = Boolean(result && gradeId && rank(gradeId) > rank(result.grade.id));
  const locked = view.submission.status === "revoked";
  const returned = view.submission.status === "returned";
  const evidenceLayout = useEvidenceLayout({
    materials: ruleset.materials ?? [],
    sections: Object.keys((view.branchForm.schema as FormSchema).properties ?? {}),
    gradeTitles,
    fieldTitles,
    files: evidence,
    onReview: locked || returned ? undefined : reviewFile,
  });
  const [returnReason, setReturnReason] = useState("");
  const [returnFields, setReturnFields] = useState<string[]>([]);
  const fieldOptions = useMemo(
    () =>
      answerFields(listFields(view.branchForm.schema as FormSchema)).map((f) => ({ value: f.path, label: f.title })),
    [view.branchForm.schema],
  );

  // Typed 四评 are only the reviewer's until a decision stores them: leaving the page asks first.
  const [initialSiping] = useState(() => canonicalJson(siping));
  const leaving = useRef(false);
  const dirty = canonicalJson(siping) !== initialSiping;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useBeforeUnload(
    useCallback(
      (event) => {
        if (dirty && !leaving.current) event.preventDefault();
      },
      [dirty],
    ),
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    modal.confirm({
      title: "离开评定页面？",
      content: "已填写的四评尚未保存（评定、向上级申报时才保存），离开将丢失。",
      okText: "离开",
      cancelText: "留下",
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal]);

  /** Asks first; then sends the decision to the submission's `route` and goes to its result page. */
  const decide = (question: ModalFuncProps, route: string, body: unknown, done: string) =>
    modal.confirm({
      ...question,
      onOk: async () => {
        const outcome = await call(`/api/v1/submissions/${view.submission.id}/${route}`, { json: body });
        if (!outcome.ok) return setProblems(outcome.errors);
        message.success(done);
        leaving.current = true;
        navigate(`/submissions/${view.submission.id}`);
      },
    });

  return (
    <div style={{ maxWidth: 1400, margin: "0 auto" }}>
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              评定：{view.branch.name} · {view.submission.year} 年度
            </Typography.Title>
            <Typography.Text type="secondary">
              {view.branch.regionName} · {view.standard.title}（第 {view.standard.revision} 版）· 申报第{" "}
              {view.submission.revision} 版
            </Typography.Text>
          </div>
          <Space>
            <Tag color="blue">{statusTitle(view.submission.status)}</Tag>
            <Link to={`/submissions/${view.submission.id}`}>查看申报结果</Link>
          </Space>
        </Space>
        {view.counted ? (
          <Alert
            type="success"
            showIcon
            message={`当前评定结果：${view.counted.gradeTitle}（${view.counted.regionName}）`}
          />
        ) : null}
        {locked ? <Alert type="error" showIcon message="该申报的等次已撤销，不能再评定。" /> : null}
        {returned ? <Alert type="warning" showIcon message="该申报已退回支部修改，待支部重新申报后再评定。" /> : null}
        <SubmissionContent
          form={view.branchForm}
          data={view.data}
          revision={view.submission.revision}
          revisions={view.revisions}
          trace={view.result.trace}
          sectionExtras={evidenceLayout.bySection}
        />
        {evidenceLayout.rest}
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Card title="四评（组织评定、党员评议、群众评判、社会评价）" size="small">
              <StandardForm
                schema={view.reviewerForm.schema as RJSFSchema}
                uiSchema={view.reviewerForm.uiSchema as UiSchema}
                formData={siping}
                onChange={setSiping}
                disabled={locked}
                extraErrors={toErrorSchema([
                  ...problems,
                  ...inconsistent.filter((c) => !problems.some((p) => p.path === c.path)),
                ])}
              />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
              <Card title="综合评价（申报内容 + 四评）" size="small" data-testid="combined-score">
                {result ? (
                  <ResultSummary ruleset={ruleset} result={result} gradeLabel="按规则计算的等次" />
                ) : (
                  <Empty description="计算中……" />
                )}
              </Card>
              <Card title="评定" size="small">
                <Space orientation="vertical" style={{ width: "100%" }}>
                  <Typography.Text type="secondary">
                    按评价规则可评定的等次：{allowed.map((g) => g.title).join("、") || "—"}
                  </Typography.Text>
                  <Select
                    id="review-grade"
                    aria-label="评定等次"
                    placeholder="选择等次"
                    value={gradeId}
                    onChange={setGradeId}
                    disabled={locked}
                    style={{ width: "100%" }}
                    options={ruleset.grades.map((g) => ({
                      value: g.id,
                      label: g.title,
                      disabled: !allowed.some((a) => a.id === g.id),
                    }))}
                  />
                  {needsReason ? (
                    <Input.TextArea
                      aria-label="理由"
                      placeholder="评定等次低于规则给出的等次，请说明理由"
                      value={reason}
                      onChange={(e) => setReason(e.target.value)}
                      rows={2}
                    />
                  ) : null}
                  <Space wrap>
                    <Button
                      type="primary"
                      disabled={locked || returned || !gradeId || (needsReason && !reason.trim())}
                      loading={busy}
                      onClick={() =>
                        decide(
                          {
                            title: `评定为“${ruleset.grades.find((g) => g.id === gradeId)?.title ?? ""}”？`,
                            content: "评定结果将通知支部并写入审计日志；如需更改，须由本级或上级动态调整。",
                            okText: "评定",
                            cancelText: "再看看",
                          },
                          "reviews",
                          { siping, decision: "rate", gradeId, reason },
                          "已评定",
                        )
                      }
                    >
                      评定
                    </Button>
                    <Button
                      disabled={locked || returned}
                      loading={busy}
                      onClick={() =>
                        decide(
                          {
                            title: "向上级申报？",
                            content: "申报连同四评交由上一级党组织评定，以上级的评定为准。",
                            okText: "向上级申报",
                            cancelText: "再看看",
                          },
                          "reviews",
                          { siping, decision: "escalate" },
                          "已向上级申报",
                        )
                      }
                    >
                      向上级申报
                    </Button>
                  </Space>
                  <Divider style={{ margin: "8px 0" }} />
                  <Typography.Text strong>退回修改</Typography.Text>
                  <Typography.Text type="secondary">
                    申报有缺漏或不实的，说明理由并标出需要修改的项目，退回支部；支部改好后重新申报，再行评定。
                  </Typography.Text>
                  <Select
                    mode="multiple"
                    aria-label="需要修改的项目"
                    placeholder="标出需要修改的项目（可选）"
                    value={returnFields}
                    onChange={setReturnFields}
                    disabled={locked || returned}
                    optionFilterProp="label"
                    style={{ width: "100%" }}
                    options={fieldOptions}
                  />
                  <Input.TextArea
                    aria-label="退回理由"
                    placeholder="退回理由：缺少什么、哪里需要更正"
                    value={returnReason}
                    onChange={(e) => setReturnReason(e.target.value)}
                    rows={2}
                    maxLength={500}
                    disabled={locked || returned}
                  />
                  <Button
                    disabled={locked || returned || !returnReason.trim()}
                    loading={busy}
                    onClick={() =>
                      decide(
                        {
                          title: "退回支部修改？",
                          content: "支部将看到退回理由和标出的项目，改好后重新申报。",
                          okText: "退回修改",
                          cancelText: "取消",
                        },
                        "returns",
                        { reason: returnReason, fields: returnFields },
                        "已退回支部修改",
                      )
                    }
                  >
                    退回修改
                  </Button>
                  <Divider style={{ margin: "8px 0" }} />
                  <Typography.Text strong id="adjust">
                    动态调整
                  </Typography.Text>
                  {failedChecks.map((c) => (
                    <Alert
                      key={`${c.spotCheckId}-${c.at}`}
                      type="error"
                      showIcon
                      data-testid="failed-spot-check"
                      message={`随机抽查未通过（${c.regionName}，${formatDate(c.at)}）`}
                      description={c.findings}
                    />
                  ))}
                  <Typography.Text type="secondary">
                    评定后出现负面情形的，记录情形后重新计算，等次随之撤销。
                  </Typography.Text>
                  <Select
                    id="review-negative"
                    aria-label="出现的负面情形"
                    placeholder="选择出现的负面情形"
                    value={negative}
                    onChange={setNegative}
                    disabled={locked}
                    style={{ width: "100%" }}
                    options={view.negatives.map((n) => ({ value: n.key, label: n.title }))}
                  />
                  <Input.TextArea
                    aria-label="撤销依据"
                    placeholder="撤销依据：时间、文件、情况说明"
                    value={note}
                    onChange={(e) => setNote(e.target.value)}
                    rows={2}
                    disabled={locked}
                  />
                  <Button
                    danger
                    disabled={locked || !negative || !note.trim()}
                    loading={busy}
                    onClick={() =>
                      decide(
                        {
                          title: "确认撤销该支部的等次？",
                          content: "将记录负面情形并重新计算，操作会写入审计日志。",
                          okText: "撤销等次",
                          okButtonProps: { danger: true },
                          cancelText: "取消",
                        },
                        "revocations",
                        { field: negative, note },
                        "已撤销等次",
                      )
                    }
                  >
                    撤销等次
                  </Button>
                </Space>
              </Card>
            </Space>
          </Col>
        </Row>
      </Space>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
