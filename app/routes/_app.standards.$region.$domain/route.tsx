import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Alert, App, Badge, Button, Card, Space, Tabs } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import queryBuilderStyles from "react-querybuilder/dist/query-builder.css";
import { CasesEditor } from "~/components/rulesets/CasesEditor";
import { FormEditor } from "~/components/rulesets/FormEditor";
import { ParamsEditor } from "~/components/rulesets/ParamsEditor";
import { RulesEditor } from "~/components/rulesets/RulesEditor";
import type { ResolvedRuleset, RulesetFile } from "~/engine/types";
import { requireActor } from "~/server/auth/session.server";
import { forbidden } from "~/server/platform/http.server";
import { rulesetEditorData } from "~/server/rulesets/editor.server";
import { tabForPath } from "~/utils/ruleset-editing";
import { EditorHeader } from "./EditorHeader";
import { HistoryTab } from "./HistoryTab";
import { JsonTab } from "./JsonTab";
import { NoRuleset } from "./NoRuleset";
import { groupErrors, ProblemList, WarningList, type TabKey } from "./ProblemList";
import { useRulesetDraft } from "./use-ruleset-draft";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.content?.title ?? "评价标准"} · 支部标尺` },
];
export const links = () => [{ rel: "stylesheet", href: queryBuilderStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role === "branch") throw forbidden("评价标准管理");
  return rulesetEditorData(actor, params.region!, params.domain!);
}

/** The rule-set editor: every tab edits the same rule-set JSON, checked by the server as it is typed. */
export default function RulesetEditor() {
  const data = useLoaderData<typeof loader>();
  const { modal } = App.useApp();
  const draft = useRulesetDraft(data);
  const [tab, setTab] = useState<TabKey>("params");
  const [jsonText, setJsonText] = useState(() => JSON.stringify(data.content ?? {}, null, 2));
  const [jsonInvalid, setJsonInvalid] = useState(false);
  const grouped = useMemo(() => groupErrors(draft.errors), [draft.errors]);
  const { content, readOnly } = draft;
  const heading = `${data.region.name} · ${data.domainTitle}`;

  if ((readOnly && data.status === "new") || !content) {
    return (
      <NoRuleset
        title={heading}
        parent={data.parent ? { id: data.parent.id, title: data.parent.title } : null}
        copySources={data.copySources}
        readOnly={readOnly}
        onCopy={draft.copyFrom}
      />
    );
  }

  const switchTab = (key: TabKey) => {
    if (key === "json" && !jsonInvalid) setJsonText(JSON.stringify(content, null, 2));
    setTab(key);
  };
  const publish = async (fromRevision?: number, note?: string) => {
    const refusal = await draft.publish(fromRevision, note);
    if (!refusal) return;
    if (refusal.errors.some((e) => e.path.startsWith("$.cases"))) setTab("cases");
    modal.error({ title: "未发布", content: refusal.refused });
  };
  const parent = data.parent as ResolvedRuleset | null;
  const resolved = draft.check?.ruleset ?? null;
  const failedCases = draft.check?.cases.filter((c) => !c.passed).length ?? 0;
  const otherErrors = draft.errors.filter(
    (e) => !["params", "rules", "cases", "form"].includes(tabForPath(e.path)) || e.file,
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <EditorHeader
        id={data.id}
        title={content.title}
        extendsId={content.extends}
        parentTitle={data.parent?.title}
        publishedRevision={data.publishedRevision}
        status={data.status}
        savedAt={data.savedAt}
        dirty={draft.dirty}
        readOnly={readOnly}
        checking={draft.checking}
        busy={draft.busy}
        onSave={draft.save}
        onPublish={(note) => publish(undefined, note)}
      />
      {data.parentsUpdated.length ? (
        <Alert
          type="warning"
          showIcon
          message={`上级规则集 ${data.parentsUpdated.join("、")} 已发布新版本。已发布的本级版本仍按发布时的上级版本评分；本级重新发布后才会继承上级的修改。`}
        />
      ) : null}
      {draft.backup ? (
        <Alert
          type="warning"
          showIcon
          message={`浏览器中保留着 ${dayjs(draft.backup.at).format("MM-DD HH:mm")} 未保存的修改。`}
          action={
            <Space>
              <Button size="small" onClick={draft.restoreBackup}>
                恢复
              </Button>
              <Button size="small" onClick={draft.discardBackup}>
                丢弃
              </Button>
            </Space>
          }
        />
      ) : null}
      <WarningList warnings={draft.warnings} content={content} parent={parent} onOpenTab={switchTab} />
      <ProblemList
        errors={draft.errors}
        refused={draft.refused}
        content={content}
        parent={parent}
        onOpenTab={switchTab}
      />
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
                  parent={parent}
                  onChange={draft.edit}
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
                  parent={parent}
                  resolved={resolved}
                  onChange={draft.edit}
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
                  inheritedForm={data.parent?.form ?? data.baseForm ?? null}
                  onChange={draft.edit}
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
                  outcomes={
                    draft.check?.cases.length || (content.cases ?? []).length === 0
                      ? (draft.check?.cases ?? null)
                      : null
                  }
                  checking={draft.checking}
                  submissions={data.submissions}
                  onChange={draft.edit}
                  onRunAll={() => draft.runCheck(content)}
                  onCaseFromSubmission={draft.caseFromSubmission}
                  errors={grouped.cases}
                  readOnly={readOnly}
                />
              ),
            },
            {
              key: "json",
              label: <Badge dot={jsonInvalid || otherErrors.length > 0}>JSON</Badge>,
              children: (
                <JsonTab
                  text={jsonText}
                  invalid={jsonInvalid}
                  problems={draft.errors.filter((e) => !e.file)}
                  readOnly={readOnly}
                  onChange={(text) => {
                    setJsonText(text);
                    try {
                      draft.edit(JSON.parse(text) as RulesetFile);
                      setJsonInvalid(false);
                    } catch {
                      setJsonInvalid(true);
                    }
                  }}
                />
              ),
            },
            {
              key: "history",
              label: "版本历史",
              children: (
                <HistoryTab
                  id={data.id}
                  history={data.history}
                  publishedRevision={data.publishedRevision}
                  readOnly={readOnly}
                  onRollback={(revision) => publish(revision)}
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
