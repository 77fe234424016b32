import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { Alert, App, Badge, Button, Card, Empty, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { CasesEditor, type CaseOutcome } from "~/components/rulesets/CasesEditor";
import { JsonEditor } from "~/components/rulesets/ClientOnly";
import { FormEditor } from "~/components/rulesets/FormEditor";
import { ParamsEditor } from "~/components/rulesets/ParamsEditor";
import { RulesEditor } from "~/components/rulesets/RulesEditor";
import { validateFormat } from "~/engine/format";
import { canonicalJson } from "~/engine/json";
import type { ResolvedRuleset, RulesetFile } from "~/engine/types";
import { requireActor } from "~/server/auth/session.server";
import { forbidden } from "~/server/platform/http.server";
import { rulesetEditorData } from "~/server/rulesets/editor.server";
import { useHydrated } from "~/utils/hydrated";
import { tabForPath } from "~/utils/ruleset-editing";
import rulesetSchema from "../../schemas/ruleset.schema.json";
import queryBuilderStyles from "react-querybuilder/dist/query-builder.css";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.content?.title ?? "评价标准"} · 支部标尺` },
];
export const links = () => [{ rel: "stylesheet", href: queryBuilderStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role === "branch") throw forbidden("评价标准管理");
  return rulesetEditorData(actor, params.region!, params.domain!);
}

type FieldError = { path: string; message: string; file?: string; parent?: string; forbiddenBy?: string };
type Check = { errors: FieldError[]; ruleset: ResolvedRuleset | null; cases: CaseOutcome[] };
type TabKey = "params" | "rules" | "form" | "cases" | "json" | "history";

const TAB_TITLES: Record<TabKey, string> = {
  params: "参数",
  rules: "规则",
  form: "表单",
  cases: "用例",
  json: "JSON",
  history: "版本历史",
};
const backupKey = (id: string) => `branchmark:ruleset-editor:${id}`;

/** Errors grouped by where the editor shows them. */
function groupErrors(errors: FieldError[]) {
  const params = new Map<string, string[]>();
  const rules = new Map<number, string[]>();
  const cases = new Map<number, string[]>();
  const form: string[] = [];
  const push = <K,>(map: Map<K, string[]>, key: K, message: string) => map.set(key, [...(map.get(key) ?? []), message]);
  for (const e of errors) {
    const param = /^\$\.params\.([A-Za-z0-9_]+)/.exec(e.path);
    const rule = /^\$\.rules\[(\d+)\]/.exec(e.path);
    const kase = /^\$\.cases\[(\d+)\]/.exec(e.path);
    if (param) push(params, param[1], e.message);
    else if (rule) push(rules, Number(rule[1]), e.message);
    else if (kase) push(cases, Number(kase[1]), e.message);
    else if (e.path.startsWith("$.form")) form.push(`${e.path}：${e.message}`);
  }
  return { params, rules, cases, form };
}

export default function RulesetEditor() {
  const data = useLoaderData<typeof loader>();
  const { message, modal } = App.useApp();
  const revalidator = useRevalidator();
  const [content, setContent] = useState<RulesetFile | null>(data.content as RulesetFile | null);
  const [check, setCheck] = useState<Check | null>(
    data.resolved ? { errors: [], ruleset: data.resolved as ResolvedRuleset, cases: [] } : null,
  );
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [checking, setChecking] = useState(false);
  const [busy, setBusy] = useState<"save" | "publish" | null>(null);
  const [tab, setTab] = useState<TabKey>("params");
  const [jsonText, setJsonText] = useState(() => JSON.stringify(data.content ?? {}, null, 2));
  const [jsonInvalid, setJsonInvalid] = useState(false);
  const [backupHandled, setBackupHandled] = useState(false);
  const hydrated = useHydrated();
  const checkSeq = useRef(0);
  const readOnly = !data.canEdit;
  const savedJson = data.status === "new" || !data.content ? null : canonicalJson(data.content);
  const dirty = content !== null && canonicalJson(content) !== savedJson;
  const apiBase = `/api/v1/rulesets/${data.region.code}/${data.domain}`;

  const runCheck = useCallback(
    async (value: RulesetFile) => {
      const seq = ++checkSeq.current;
      setChecking(true);
      try {
        const response = await fetch(`${apiBase}/check`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(value),
        });
        const body = await response.json();
        if (seq !== checkSeq.current) return;
        if (!response.ok) return void message.error(body.error ?? "检查失败");
        setCheck({ errors: body.errors, ruleset: body.ruleset, cases: body.cases });
      } catch {
        if (seq === checkSeq.current) message.error("网络异常：暂时无法检查，修改仍保留在本页和浏览器中。");
      } finally {
        if (seq === checkSeq.current) setChecking(false);
      }
    },
    [apiBase, message],
  );

  // Lint and cases follow the editing, half a second after the last change.
  useEffect(() => {
    if (readOnly || !content) return;
    const timer = setTimeout(() => runCheck(content), 500);
    return () => clearTimeout(timer);
  }, [content, readOnly, runCheck]);

  // Nothing typed is lost: unsaved changes are kept in the browser until they are saved, and offered back on return.
  const backup = useMemo(() => {
    if (!hydrated || backupHandled) return null;
    const stored = window.localStorage.getItem(backupKey(data.id));
    const parsed = stored ? (JSON.parse(stored) as { content: RulesetFile; at: number }) : null;
    return parsed && canonicalJson(parsed.content) !== savedJson ? parsed : null;
  }, [hydrated, backupHandled, data.id, savedJson]);
  useEffect(() => {
    if (readOnly || !content) return;
    if (dirty) window.localStorage.setItem(backupKey(data.id), JSON.stringify({ content, at: Date.now() }));
  }, [content, dirty, readOnly, data.id]);

  const edit = (next: RulesetFile) => {
    setContent(next);
    setServerErrors([]);
  };

  const errors = useMemo(() => (serverErrors.length ? serverErrors : (check?.errors ?? [])), [serverErrors, check]);
  const grouped = useMemo(() => groupErrors(errors), [errors]);
  const failedCases = check?.cases.filter((c) => !c.passed).length ?? 0;

  const save = async (): Promise<boolean> => {
    if (!content) return false;
    setBusy("save");
    try {
      const response = await fetch(apiBase, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(content),
      });
      const body = await response.json();
      if (!response.ok) {
        setServerErrors(body.errors ?? []);
        message.error(body.error);
        return false;
      }
      setServerErrors([]);
      window.localStorage.removeItem(backupKey(data.id));
      message.success("草稿已保存");
      revalidator.revalidate();
      return true;
    } catch {
      message.error("网络异常：草稿未保存，修改仍保留在本页和浏览器中。");
      return false;
    } finally {
      setBusy(null);
    }
  };

  const publish = async (fromRevision?: number) => {
    if (fromRevision === undefined && (dirty || data.status !== "draft") && !(await save())) return;
    setBusy("publish");
    try {
      const response = await fetch(`${apiBase}/publish`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fromRevision ? { fromRevision } : {}),
      });
      const body = await response.json();
      if (!response.ok) {
        setServerErrors(body.errors ?? []);
        if (body.errors?.some((e: FieldError) => e.path.startsWith("$.cases"))) setTab("cases");
        modal.error({ title: "未发布", content: body.error });
        return;
      }
      message.success(
        fromRevision ? `已将第 ${fromRevision} 版重新发布为第 ${body.revision} 版` : `已发布第 ${body.revision} 版`,
      );
      revalidator.revalidate();
    } catch {
      message.error("网络异常：未发布。");
    } finally {
      setBusy(null);
    }
  };

  const switchTab = (key: TabKey) => {
    if (key === "json" && !jsonInvalid && content) setJsonText(JSON.stringify(content, null, 2));
    setTab(key);
  };

  const copyFrom = async (sourceId: string) => {
    const [region, domain] = sourceId.split("/");
    const response = await fetch(`/api/v1/rulesets/${region}/${domain}`);
    const body = await response.json();
    if (!response.ok) return void message.error(body.error);
    const source = body.content as RulesetFile;
    edit({
      ...source,
      id: data.id,
      ...(source.region ? { region: data.region.code } : {}),
      title: `${data.region.name}${data.domainTitle}党支部评定标准`,
    });
    message.info(`已复制 ${sourceId} 第 ${body.revision} 版，请修改后保存草稿。`);
  };

  if (readOnly && data.status === "new") {
    return (
      <Card title={`${data.region.name} · ${data.domainTitle}`}>
        <Empty
          description={
            data.parent ? (
              <>
                本区域未设立该领域的评价标准，沿用 <Link to={`/standards/${data.parent.id}`}>{data.parent.title}</Link>
                。
              </>
            ) : (
              "本区域及其上级都还没有该领域的评价标准。"
            )
          }
        />
      </Card>
    );
  }

  if (!content) {
    return (
      <Card title={`${data.region.name} · ${data.domainTitle}`}>
        <Empty description="本区域及其上级都还没有该领域的评价标准。">
          {readOnly ? null : (
            <Space direction="vertical">
              <Typography.Text>可以复制其他地区已发布的同领域标准作为起点：</Typography.Text>
              <Select
                aria-label="复制来源"
                placeholder="选择要复制的规则集"
                style={{ width: 320 }}
                options={data.copySources.map((id) => ({ value: id, label: id }))}
                onChange={copyFrom}
              />
            </Space>
          )}
        </Empty>
      </Card>
    );
  }

  const inheritedForm = data.parent?.form ?? data.baseForm ?? null;
  const resolved = check?.ruleset ?? null;
  const otherErrors = errors.filter(
    (e) => !["params", "rules", "cases", "form"].includes(tabForPath(e.path)) || e.file,
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Card size="small">
        <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
          <Space direction="vertical" size={0}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {content.title}
            </Typography.Title>
            <Space wrap>
              <Typography.Text type="secondary">{data.id}</Typography.Text>
              {content.extends ? (
                <Typography.Text type="secondary">继承 {content.extends}</Typography.Text>
              ) : (
                <Tag>根规则集</Tag>
              )}
              {data.publishedRevision ? (
                <Tag color="blue">已发布 第 {data.publishedRevision} 版</Tag>
              ) : (
                <Tag>尚未发布</Tag>
              )}
              {data.status === "draft" ? (
                <Badge status="processing" text={`草稿保存于 ${dayjs(data.savedAt).format("MM-DD HH:mm")}`} />
              ) : null}
              {dirty ? <Badge status="warning" text="有未保存的修改" /> : null}
              {readOnly ? <Tag>只读</Tag> : null}
              {checking ? <Typography.Text type="secondary">检查中……</Typography.Text> : null}
            </Space>
          </Space>
          <Space>
            {data.publishedRevision ? (
              <Link
                to={`/compare?a=${encodeURIComponent(`${data.id}@${data.publishedRevision}`)}&b=${encodeURIComponent(`${data.id}@draft`)}`}
              >
                与已发布版本比较
              </Link>
            ) : null}
            {readOnly ? null : (
              <>
                <Button onClick={save} loading={busy === "save"} disabled={!dirty || busy !== null}>
                  保存草稿
                </Button>
                <Popconfirm
                  title="发布后成为不可修改的新版本，并用于之后的申报。确定发布？"
                  onConfirm={() => publish()}
                  okText="发布"
                  cancelText="取消"
                  disabled={busy !== null}
                >
                  <Button
                    type="primary"
                    loading={busy === "publish"}
                    disabled={busy !== null || (!dirty && data.status !== "draft" && data.status !== "new")}
                  >
                    发布
                  </Button>
                </Popconfirm>
              </>
            )}
          </Space>
        </Space>
      </Card>
      {data.parentsUpdated.length ? (
        <Alert
          type="warning"
          showIcon
          message={`上级规则集 ${data.parentsUpdated.join("、")} 已发布新版本。已发布的本级版本仍按发布时的上级版本评分；本级重新发布后才会继承上级的修改。`}
        />
      ) : null}
      {backup && !readOnly ? (
        <Alert
          type="warning"
          showIcon
          message={`浏览器中保留着 ${dayjs(backup.at).format("MM-DD HH:mm")} 未保存的修改。`}
          action={
            <Space>
              <Button
                size="small"
                onClick={() => {
                  edit(backup.content);
                  setBackupHandled(true);
                }}
              >
                恢复
              </Button>
              <Button
                size="small"
                onClick={() => {
                  window.localStorage.removeItem(backupKey(data.id));
                  setBackupHandled(true);
                }}
              >
                丢弃
              </Button>
            </Space>
          }
        />
      ) : null}
      {errors.length ? (
        <Alert
          type="error"
          showIcon
          data-testid="lint-errors"
          message={`${serverErrors.length ? "未保存：" : ""}有 ${errors.length} 处错误`}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {errors.slice(0, 12).map((e, i) => (
                <li key={i}>
                  <Typography.Link onClick={() => switchTab(tabForPath(e.path))}>
                    {TAB_TITLES[tabForPath(e.path)]}
                  </Typography.Link>{" "}
                  · <Typography.Text code>{e.path}</Typography.Text>
                  {e.file ? `（${e.file}）` : ""}：{e.message}
                  {e.forbiddenBy ? `（依据 ${e.parent}：${e.forbiddenBy}）` : ""}
                </li>
              ))}
              {errors.length > 12 ? <li>……另有 {errors.length - 12} 处</li> : null}
            </ul>
          }
        />
      ) : null}
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(key) => switchTab(key as TabKey)}
          items={[
            {
              key: "params",
              label: <Badge dot={grouped.params.size > 0}>参数</Badge>,
              children: (
                <ParamsEditor
                  content={content}
                  parent={data.parent as ResolvedRuleset | null}
                  onChange={edit}
                  errors={grouped.params}
                  readOnly={readOnly}
                />
              ),
            },
            {
              key: "rules",
              label: <Badge dot={grouped.rules.size > 0}>规则</Badge>,
              children: (
                <RulesEditor
                  content={content}
                  parent={data.parent as ResolvedRuleset | null}
                  resolved={resolved}
                  onChange={edit}
                  errors={grouped.rules}
                  readOnly={readOnly}
                />
              ),
            },
            {
              key: "form",
              label: <Badge dot={grouped.form.length > 0}>表单</Badge>,
              children: (
                <FormEditor
                  content={content}
                  inheritedForm={inheritedForm}
                  onChange={edit}
                  errors={grouped.form}
                  readOnly={readOnly}
                />
              ),
            },
            {
              key: "cases",
              label: (
                <Badge count={failedCases} size="small" offset={[8, 0]}>
                  用例
                </Badge>
              ),
              children: (
                <CasesEditor
                  content={content}
                  resolved={resolved}
                  outcomes={check?.cases.length || (content.cases ?? []).length === 0 ? (check?.cases ?? null) : null}
                  checking={checking}
                  submissions={data.submissions}
                  onChange={edit}
                  onRunAll={() => runCheck(content)}
                  errors={grouped.cases}
                  readOnly={readOnly}
                />
              ),
            },
            {
              key: "json",
              label: <Badge dot={jsonInvalid || otherErrors.length > 0}>JSON</Badge>,
              children: (
                <Space direction="vertical" style={{ width: "100%" }}>
                  {jsonInvalid ? (
                    <Alert
                      type="error"
                      showIcon
                      message="JSON 有格式错误：其他页显示的是最后一次有效的内容，修正后才会应用。"
                    />
                  ) : null}
                  <JsonEditor
                    value={jsonText}
                    schema={rulesetSchema}
                    validate={validateFormat}
                    problems={errors.filter((e) => !e.file)}
                    readOnly={readOnly}
                    height="640px"
                    ariaLabel="规则集 JSON"
                    onChange={(text) => {
                      setJsonText(text);
                      try {
                        edit(JSON.parse(text) as RulesetFile);
                        setJsonInvalid(false);
                      } catch {
                        setJsonInvalid(true);
                      }
                    }}
                  />
                </Space>
              ),
            },
            {
              key: "history",
              label: "版本历史",
              children: (
                <Table
                  rowKey="id"
                  size="small"
                  dataSource={data.history}
                  pagination={{ pageSize: 20 }}
                  columns={[
                    {
                      title: "版本",
                      render: (_, r) => (r.revision ? <Tag color="blue">第 {r.revision} 版</Tag> : <Tag>草稿</Tag>),
                      width: 100,
                    },
                    {
                      title: "内容哈希",
                      dataIndex: "sha256",
                      render: (h: string) => <Typography.Text code>{h.slice(7, 19)}</Typography.Text>,
                      width: 140,
                    },
                    { title: "作者", dataIndex: "author", render: (a: string | null) => a ?? "标准库导入", width: 220 },
                    {
                      title: "时间",
                      dataIndex: "createdAt",
                      render: (t: string) => dayjs(t).format("YYYY-MM-DD HH:mm:ss"),
                      width: 180,
                    },
                    {
                      title: "操作",
                      render: (_, r) =>
                        r.revision ? (
                          <Space>
                            {data.publishedRevision && r.revision !== data.publishedRevision ? (
                              <Link
                                to={`/compare?a=${encodeURIComponent(`${data.id}@${r.revision}`)}&b=${encodeURIComponent(`${data.id}@${data.publishedRevision}`)}`}
                              >
                                与最新版比较
                              </Link>
                            ) : null}
                            {!readOnly && r.revision !== data.publishedRevision ? (
                              <Popconfirm
                                title={`把第 ${r.revision} 版的内容重新发布为新版本？历史版本保持不变。`}
                                onConfirm={() => publish(r.revision!)}
                                okText="回滚"
                                cancelText="取消"
                              >
                                <Button size="small" type="link">
                                  回滚到此版本
                                </Button>
                              </Popconfirm>
                            ) : null}
                          </Space>
                        ) : null,
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
