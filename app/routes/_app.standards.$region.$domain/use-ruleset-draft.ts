import { useRevalidator } from "@remix-run/react";
import { App } from "antd";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CaseOutcome } from "~/components/rulesets/CasesEditor";
import { canonicalJson } from "~/engine/json";
import type { ResolvedRuleset, RulesetFile } from "~/engine/types";
import type { CaseFromSubmission } from "~/server/rulesets/cases.server";
import { callApi, useApi, type ApiProblem } from "~/utils/api";
import { useHydrated } from "~/utils/hydrated";

export type Check = {
  errors: ApiProblem[];
  warnings?: ApiProblem[];
  ruleset: ResolvedRuleset | null;
  cases: CaseOutcome[];
};

/** What the editor's loader gives the hook: the stored rule set and where it lives. */
export type DraftSource = {
  id: string;
  region: { code: string; name: string };
  domain: string;
  domainTitle: string;
  status: "new" | "draft" | "published";
  content: unknown;
  resolved: unknown;
  canEdit: boolean;
};

/** What the shown errors refused: a save, a publish (after the draft was saved), or publishing an old revision again. */
export type Refusal = "save" | "publish" | "rollback";

const backupKey = (id: string) => `branchmark:ruleset-editor:${id}`;

/**
 * The rule set being edited: its content, the server's lint and case run half a second after each change, save,
 * publish and rollback, and a copy in the browser so that nothing typed is lost before it is saved.
 */
export function useRulesetDraft(source: DraftSource) {
  const { message } = App.useApp();
  const revalidator = useRevalidator();
  const hydrated = useHydrated();
  const saving = useApi();
  const publishing = useApi();
  const lookups = useApi();
  const [content, setContent] = useState<RulesetFile | null>(source.content as RulesetFile | null);
  const [check, setCheck] = useState<Check | null>(
    source.resolved ? { errors: [], ruleset: source.resolved as ResolvedRuleset, cases: [] } : null,
  );
  const [serverErrors, setServerErrors] = useState<ApiProblem[]>([]);
  const [refusedBy, setRefusedBy] = useState<Refusal | null>(null);
  const [checking, setChecking] = useState(false);
  const [backupHandled, setBackupHandled] = useState(false);
  const checkSeq = useRef(0);
  const readOnly = !source.canEdit;
  const apiBase = `/api/v1/rulesets/${source.region.code}/${source.domain}`;
  // A new standard starts from a template the server made: nothing to lose until the template is edited.
  const savedJson = source.content ? canonicalJson(source.content) : null;
  const dirty = content !== null && canonicalJson(content) !== savedJson;

  const runCheck = useCallback(
    async (value: RulesetFile) => {
      const seq = ++checkSeq.current;
      setChecking(true);
      const outcome = await callApi<Check>(`${apiBase}/check`, { json: value });
      if (seq !== checkSeq.current) return;
      setChecking(false);
      if (outcome.ok) setCheck(outcome.data);
      else if (outcome.status === 0) message.error("网络异常：暂时无法检查，修改仍保留在本页和浏览器中。");
      else message.error(outcome.error);
    },
    [apiBase, message],
  );

  // Lint and cases follow the editing, half a second after the last change.
  useEffect(() => {
    if (readOnly || !content) return;
    const timer = setTimeout(() => runCheck(content), 500);
    return () => clearTimeout(timer);
  }, [content, readOnly, runCheck]);

  // Unsaved changes are kept in the browser until they are saved, and offered back on return.
  const backup = useMemo(() => {
    if (!hydrated || backupHandled || readOnly) return null;
    const stored = window.localStorage.getItem(backupKey(source.id));
    const parsed = stored ? (JSON.parse(stored) as { content: RulesetFile; at: number }) : null;
    return parsed && canonicalJson(parsed.content) !== savedJson ? parsed : null;
  }, [hydrated, backupHandled, readOnly, source.id, savedJson]);
  useEffect(() => {
    if (readOnly || !content) return;
    if (dirty) window.localStorage.setItem(backupKey(source.id), JSON.stringify({ content, at: Date.now() }));
  }, [content, dirty, readOnly, source.id]);

  const edit = useCallback((next: RulesetFile) => {
    setContent(next);
    setServerErrors([]);
  }, []);

  const restoreBackup = () => {
    if (backup) edit(backup.content);
    setBackupHandled(true);
  };
  const discardBackup = () => {
    window.localStorage.removeItem(backupKey(source.id));
    setBackupHandled(true);
  };

  const save = async (): Promise<boolean> => {
    if (!content) return false;
    const outcome = await saving.call(apiBase, { method: "PUT", json: content }, { quiet: true });
    if (!outcome.ok) {
      setServerErrors(outcome.errors);
      setRefusedBy("save");
      message.error(outcome.status === 0 ? "网络异常：草稿未保存，修改仍保留在本页和浏览器中。" : outcome.error);
      return false;
    }
    setServerErrors([]);
    setRefusedBy(null);
    window.localStorage.removeItem(backupKey(source.id));
    message.success("草稿已保存");
    revalidator.revalidate();
    return true;
  };

  /**
   * Publishes the draft (saving unsaved changes first) or, with `fromRevision`, an old revision again. A refusal
   * comes back with its errors, so the page can show where.
   */
  const publish = async (
    fromRevision?: number,
    note?: string,
  ): Promise<{ refused: string; errors: ApiProblem[] } | null> => {
    if (fromRevision === undefined && (dirty || source.status !== "draft") && !(await save())) return null;
    const outcome = await publishing.call<{ revision: number }>(
      `${apiBase}/publish`,
      { json: { ...(fromRevision ? { fromRevision } : {}), ...(note ? { note } : {}) } },
      { quiet: true },
    );
    if (!outcome.ok) {
      if (outcome.status === 0) {
        message.error("网络异常：未发布。");
        return null;
      }
      setServerErrors(outcome.errors);
      setRefusedBy(fromRevision === undefined ? "publish" : "rollback");
      return { refused: outcome.error, errors: outcome.errors };
    }
    message.success(
      fromRevision
        ? `已将第 ${fromRevision} 版重新发布为第 ${outcome.data.revision} 版`
        : `已发布第 ${outcome.data.revision} 版`,
    );
    revalidator.revalidate();
    return null;
  };

  /** Starts from another region's published rule set of this domain, as this region's own. */
  const copyFrom = async (sourceId: string) => {
    const outcome = await lookups.call<{ content: RulesetFile; revision: number }>(`/api/v1/rulesets/${sourceId}`);
    if (!outcome.ok) return;
    const copied = outcome.data.content;
    edit({
      ...copied,
      id: source.id,
      ...(copied.region ? { region: source.region.code } : {}),
      title: `${source.region.name}${source.domainTitle}党支部评定标准`,
    });
    message.info(`已复制 ${sourceId} 第 ${outcome.data.revision} 版，请修改后保存草稿。`);
  };

  /** A case made by the server from a stored submission, expecting what the content as edited gives it. */
  const caseFromSubmission = async (submissionId: number) => {
    if (!content) return null;
    const outcome = await lookups.call<CaseFromSubmission>(`${apiBase}/cases`, { json: { content, submissionId } });
    return outcome.ok ? outcome.data : null;
  };

  const errors = serverErrors.length ? serverErrors : (check?.errors ?? []);
  return {
    content,
    edit,
    readOnly,
    dirty,
    check,
    checking,
    runCheck,
    errors,
    /** Lint's advice on the content as edited; never blocks saving or publishing. */
    warnings: check?.warnings ?? [],
    /** Which action the errors refused — the last save or publish — or null for the live check's errors. */
    refused: serverErrors.length > 0 ? refusedBy : null,
    save,
    publish,
    busy: saving.busy ? ("save" as const) : publishing.busy ? ("publish" as const) : null,
    backup,
    restoreBackup,
    discardBackup,
    copyFrom,
    caseFromSubmission,
  };
}
