import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { Alert, App, Button, Card, Col, Result as AntResult, Row, Space, Tag, Tooltip, Typography } from "antd";
import { useCallback, useMemo, useRef, useState } from "react";
import { callApi, useApi } from "~/utils/api";
import { useEvidenceLayout, type EvidenceItem } from "~/components/EvidencePanel";
import { LiveScorePanel } from "~/components/ScorePanel";
import { ScoreBar } from "~/components/ScoreBar";
import { SectionIndex } from "~/components/form/SectionIndex";
import { countFiles } from "~/engine/materials";
import { StandardForm } from "~/components/form/StandardForm";
import type { FormSchema, JsonObject, Result } from "~/engine/types";
import { fillPage, fillYear, requireFiller, type FillContent } from "~/server/submissions/fill.server";
import { toErrorSchema } from "~/utils/errors";
import { parseShared, sharedText } from "~/utils/shared-json";
import { SharedJsonPreload } from "~/components/SharedJsonPreload";
import { shareWithDocument } from "~/server/platform/shared-json.server";
import { statusTitle } from "~/utils/labels";
import { unansweredForRules } from "~/utils/answers";
import { fieldTitlesOf, formFieldsOf } from "~/utils/form";
import { validateFormData } from "~/engine/validate";
import { inconsistentAnswers } from "~/utils/consistency";
import { useHydrated, useIsomorphicLayoutEffect } from "~/utils/hydrated";
import {
  focusedField,
  takeCarriedAnswers,
  typedAnswers,
  withTypedAnswers,
  type FocusedField,
} from "~/components/form/typed-answers";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.page.year ?? ""} 年度填报 · 支部标尺` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor, branchId } = await requireFiller(request);
  const page = fillPage(branchId, fillYear(params.year));
  if (!page.standard) return { userId: actor.id, page };
  const content = shareWithDocument(context, page.standard.content);
  return { userId: actor.id, page: { ...page, standard: { ...page.standard, content } } };
}

type SaveState =
  { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: number } | { kind: "offline" } | { kind: "expired" };
type Problem = { path: string; message: string };

function SaveStatus({ state }: { state: SaveState }) {
  switch (state.kind) {
    case "saving":
      return <Tag>正在保存……</Tag>;
    case "saved":
      return (
        <Tag color="green" data-testid="save-status">
          已自动保存 {new Date(state.at).toLocaleTimeString("zh-CN")}
        </Tag>
      );
    case "offline":
      return <Tag color="orange">网络异常：已暂存在本机，恢复后自动保存</Tag>;
    case "expired":
      return (
        <Tag color="red">
          登录已过期：内容已暂存在本机，
          <Link
            to={`/login?redirectTo=${encodeURIComponent(typeof location === "undefined" ? "/fill" : location.pathname)}`}
          >
            重新登录
          </Link>
          后继续
        </Tag>
      );
    default:
      return null;
  }
}

/** What the branch's 软弱涣散 record means for this year's evaluation, in a sentence (nothing when it has none). */
function weakContext(history: unknown): string | null {
  const h = (history ?? {}) as { weakLastYear?: boolean; weakUnresolved?: boolean };
  if (h.weakUnresolved) return "本支部的软弱涣散整顿尚未销号：评价时按“整顿尚未销号”计。";
  if (h.weakLastYear) return "本支部上一年度被认定为软弱涣散党组织（或评为后进）：按评价标准不能越级评定为最高等次。";
  return null;
}

type SubmissionWindow = {
  calendar: { submitDeadline: string; regionName: string } | null;
  daysLeft: number | null;
  closed: boolean;
  reopenedUntil: string | null;
};

/** The 申报 deadline with a countdown: red in its last three days and once it has passed. */
function DeadlineTag({ window, returned }: { window: SubmissionWindow; returned: boolean }) {
  if (!window.calendar || window.daysLeft === null) return null;
  const { submitDeadline, regionName } = window.calendar;
  const text = window.reopenedUntil
    ? `申报已截止，已为本支部重新开放至 ${window.reopenedUntil}`
    : window.closed
      ? returned
        ? `申报已于 ${submitDeadline} 截止；退回修改的申报仍可重新申报`
        : `申报已于 ${submitDeadline} 截止，如需补报请联系上级组织部门`
      : window.daysLeft === 0
        ? `今天（${submitDeadline}）申报截止`
        : `距申报截止还有 ${window.daysLeft} 天（${submitDeadline}）`;
  return (
    <Tooltip title={`${regionName}规定的申报截止日期`}>
      <Tag color={window.closed || window.daysLeft <= 3 ? "red" : "blue"} data-testid="deadline">
        {text}
      </Tag>
    </Tooltip>
  );
}

export default function FillYear() {
  const { userId, page } = useLoaderData<typeof loader>();
  if (!page.standard) {
    return (
      <AntResult
        status="info"
        title={`${page.year} 年度暂无适用的评价标准`}
        subTitle="上级尚未发布适用于本支部所在区域和领域的评价标准，请联系上级组织部门。"
        extra={<Link to="/fill">返回</Link>}
      />
    );
  }
  return <FillForm userId={userId} page={page} contentText={sharedText(page.standard.content)} />;
}

type FillPageData = ReturnType<typeof useLoaderData<typeof loader>>["page"];

function FillForm({
  userId,
  page,
  contentText,
}: {
  userId: number;
  page: Extract<FillPageData, { standard: object }>;
  contentText: string;
}) {
  const standard = useMemo(
    () => ({ ...page.standard, ...parseShared<FillContent>(contentText) }),
    [page.standard, contentText],
  );
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const storageKey = `branchmark:draft:${userId}:${page.year}`;
  const returned = page.submission?.returned ?? null;
  const scoredWith = page.submission?.scoredWith ?? null;
  const locked = page.submission && page.submission.status !== "submitted" && !returned;
  const serverData = page.draft?.data ??
    page.submission?.data ?? {
      basic: {
        branchName: page.branch.name,
        memberCount: page.branch.memberCount,
        establishedOn: page.branch.establishedOn,
      },
    };
  const [formData, setFormData] = useState<JsonObject>(serverData as JsonObject);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [evidence, setEvidence] = useState<EvidenceItem[]>(page.evidence);
  const [liveResult, setLiveResult] = useState<Result | null>(null);
  const materialCountsNow = useMemo(() => countFiles(evidence), [evidence]);
  const fieldTitles = fieldTitlesOf(standard.form.schema as FormSchema);
  const evidenceLayout = useEvidenceLayout({
    materials: standard.ruleset.materials ?? [],
    sections: Object.keys((standard.form.schema as FormSchema).properties ?? {}),
    gradeTitles: Object.fromEntries(standard.ruleset.grades.map((g) => [g.id, g.title])),
    fieldTitles,
    files: evidence,
    uploadUrl: !locked ? (materialId) => page.evidenceUpload + encodeURIComponent(materialId) : undefined,
    onChange: setEvidence,
  });
  // The standard's consistency checks (预备党员 ≤ 党员 …) as the answers are typed, each at its field.
  const inconsistent = useMemo(() => inconsistentAnswers(standard.ruleset, formData), [standard, formData]);
  const submitting = useApi();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const idempotencyKey = useRef<string | null>(null);

  const saveToServer = useCallback(
    async (data: JsonObject) => {
      setSave({ kind: "saving" });
      const outcome = await callApi(`/api/v1/drafts/${page.year}`, { method: "PUT", json: { data } });
      if (outcome.ok) setSave({ kind: "saved", at: Date.now() });
      else setSave({ kind: outcome.status === 401 ? "expired" : "offline" });
    },
    [page.year],
  );

  const keep = useCallback(
    (data: JsonObject, wait: number) => {
      window.localStorage.setItem(storageKey, JSON.stringify({ data, savedAt: Date.now() }));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveToServer(data), wait);
    },
    [storageKey, saveToServer],
  );

  // The server draws the form as plain HTML a branch can fill before the scripts arrive; the page is hydrated with it,
  // then the real form takes its place with what was typed (read in a layout effect: no key press in between).
  const plainForm = useRef<HTMLDivElement>(null);
  const hydrated = useHydrated();
  const [early, setEarly] = useState({ live: hydrated, focus: undefined as FocusedField | undefined });
  // A copy kept in this browser outlives a reload, a network error or an expired session; the newer copy wins.
  useIsomorphicLayoutEffect(() => {
    const plain = early.live ? null : plainForm.current;
    const typed = plain ? [...takeCarriedAnswers(), ...typedAnswers(plain)] : [];
    if (!early.live) setEarly({ live: true, focus: plain ? focusedField(plain) : undefined });
    if (locked) return;
    const stored = window.localStorage.getItem(storageKey);
    const local = stored ? (JSON.parse(stored) as { data: JsonObject; savedAt: number }) : null;
    const restored = local && local.savedAt > (page.draft?.updatedAt ?? 0) ? local.data : null;
    if (!restored && !typed.length) return;
    const data = withTypedAnswers(restored ?? (serverData as JsonObject), typed);
    setFormData(data);
    if (restored) message.info("已恢复本机暂存的填报内容");
    keep(data, 0);
    // When the page opens, and again should it be given another draft; not on every render the functions change in.
  }, [storageKey, page.draft?.updatedAt, locked]);

  const onChange = (data: JsonObject) => {
    setFormData(data);
    idempotencyKey.current = null;
    keep(data, 800);
  };

  const submit = async () => {
    idempotencyKey.current ??= crypto.randomUUID();
    const outcome = await submitting.call<{ id: number; revision: number }>(
      "/api/v1/submissions",
      { json: { year: page.year, data: formData }, headers: { "idempotency-key": idempotencyKey.current } },
      { quiet: true },
    );
    if (outcome.ok) {
      window.localStorage.removeItem(storageKey);
      message.success(`已申报（第 ${outcome.data.revision} 版）`);
      navigate(`/submissions/${outcome.data.id}`);
      return;
    }
    if (outcome.status === 401) setSave({ kind: "expired" });
    setProblems(outcome.errors.length ? outcome.errors : [{ path: "$", message: outcome.error }]);
    if (outcome.status === 0) message.error("网络异常，未能申报，请稍后重试（填写内容已暂存在本机）。");
    else if (!outcome.errors.length) message.error(outcome.error);
  };

  /**
   * Checks the form in the browser first — errors shown at their fields, the page scrolled to the first — and names
   * the answers the rules need that are still empty before asking to confirm.
   */
  const confirmSubmit = () => {
    const found = [
      ...validateFormData(standard.form as { schema: FormSchema; uiSchema: JsonObject }, formData),
      ...inconsistent,
    ];
    if (found.length) {
      setProblems(found);
      const first = document.getElementById(`root_${found[0].path.replace(/^\$\.?/, "").replaceAll(".", "_")}`);
      first?.scrollIntoView({ block: "center" });
      first?.focus();
      return;
    }
    const missing = unansweredForRules(
      standard.ruleset.rules,
      formFieldsOf(standard.form.schema as FormSchema),
      formData,
    );
    modal.confirm({
      title: page.submission ? "确认更正申报？" : "确认申报？",
      content: (
        <>
          {missing.length ? (
            <Typography.Paragraph type="danger" data-testid="missing-answers">
              还有 {missing.length} 项评分所需的内容未填写（如“{missing[0].title}”），未填写的项目不得分，会影响等次。
            </Typography.Paragraph>
          ) : null}
          {page.submission ? "更正会生成新的版本，之前的版本仍然保留。" : "申报后将提交上级党组织评定。"}
        </>
      ),
      okText: missing.length ? "仍要申报" : "申报",
      cancelText: "再检查一下",
      onOk: submit,
    });
  };

  return (
    <div style={{ maxWidth: 1400, margin: "0 auto" }}>
      <Space orientation="vertical" style={{ width: "100%" }} size="middle">
        <Space wrap align="center" style={{ justifyContent: "space-between", width: "100%" }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {page.year} 年度 · {page.branch.name}
            </Typography.Title>
            <Typography.Text type="secondary" data-testid="standard-revision">
              {scoredWith && scoredWith.revisionId !== standard.revisionId
                ? `已申报的内容按 ${scoredWith.title}（第 ${scoredWith.revision} 版）评分；再次申报将按现行 ${standard.title}（第 ${standard.revision} 版）评分`
                : `评价标准：${standard.title}（第 ${standard.revision} 版）`}
            </Typography.Text>
          </div>
          <Space>
            <DeadlineTag window={page.window} returned={Boolean(returned)} />
            <SaveStatus state={save} />
            {!locked && (!page.window.closed || returned) ? (
              <Button type="primary" size="large" loading={submitting.busy} onClick={confirmSubmit}>
                {returned ? "重新申报" : page.submission ? "更正申报" : "申报"}
              </Button>
            ) : null}
          </Space>
        </Space>
        {returned ? (
          <Alert
            type="warning"
            showIcon
            data-testid="returned"
            message={`${returned.by}退回修改：${returned.reason}`}
            description={
              <>
                {returned.fields.length ? (
                  <div>需要修改：{returned.fields.map((f) => f.title).join("；")}（已在表单中标出）</div>
                ) : null}
                <div>改好后点“重新申报”，将生成新的版本，评定单位重新评定。</div>
              </>
            }
          />
        ) : page.submission ? (
          <Alert
            type={locked ? "warning" : "success"}
            showIcon
            message={`已申报第 ${page.submission.revision} 版，状态：${statusTitle(page.submission.status)}${page.submission.grade ? `，按规则计算的等次：${page.submission.grade}` : ""}`}
            description={locked ? "已进入评定，不能再修改。" : "如需修改，改好后点“更正申报”，将生成新的版本。"}
            action={<Link to={`/submissions/${page.submission.id}`}>查看结果</Link>}
          />
        ) : null}
        {weakContext(page.context.history) ? (
          <Alert type="warning" showIcon data-testid="weak-context" message={weakContext(page.context.history)} />
        ) : null}
        {problems.length ? (
          <Alert
            type="error"
            showIcon
            message={`有 ${problems.length} 处需要修改`}
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {problems.map((p) => (
                  <li key={p.path + p.message}>{p.message}</li>
                ))}
              </ul>
            }
            closable
            onClose={() => setProblems([])}
          />
        ) : null}
        <Row gutter={16}>
          <Col xs={24} lg={16}>
            <Card size="small">
              <SectionIndex
                schema={standard.form.schema as FormSchema}
                order={(standard.form.uiSchema as { "ui:order"?: string[] })["ui:order"]}
                data={formData}
              />
              <StandardForm
                schema={standard.form.schema as RJSFSchema}
                uiSchema={standard.form.uiSchema as UiSchema}
                formData={formData}
                onChange={onChange}
                disabled={Boolean(locked)}
                early={early}
                plainFormRef={plainForm}
                sectionExtras={evidenceLayout.bySection}
                extraErrors={toErrorSchema([
                  ...problems,
                  ...inconsistent.filter((c) => !problems.some((p) => p.path === c.path)),
                  ...(returned?.fields ?? []).map((f) => ({ path: f.path, message: "评定单位要求修改此项" })),
                ])}
              />
            </Card>
            {evidenceLayout.rest ? <div style={{ marginTop: 16 }}>{evidenceLayout.rest}</div> : null}
          </Col>
          <Col xs={24} lg={8}>
            <div style={{ position: "sticky", top: 16 }}>
              <div id="live-score">
                <LiveScorePanel
                  ruleset={standard.ruleset}
                  data={formData}
                  context={page.context}
                  materials={materialCountsNow}
                  title="实时得分（四评待上级填写）"
                  onResult={setLiveResult}
                />
              </div>
            </div>
          </Col>
        </Row>
        <ScoreBar result={liveResult} target="#live-score" />
      </Space>
      <SharedJsonPreload json={page.standard.content} />
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
