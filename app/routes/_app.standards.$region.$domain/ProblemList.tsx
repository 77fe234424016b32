import { Alert, Tooltip, Typography } from "antd";
import type { ResolvedRuleset, RulesetFile } from "~/engine/types";
import type { ApiProblem } from "~/utils/api";
import { tabForPath } from "~/utils/ruleset-editing";
import type { Refusal } from "./use-ruleset-draft";

const REFUSALS: Record<Refusal, string> = {
  save: "草稿未保存：",
  publish: "未发布（草稿已保存）：",
  rollback: "未发布：",
};

export const TAB_TITLES = {
  params: "参数",
  rules: "规则",
  form: "表单",
  cases: "用例",
  json: "JSON",
  history: "版本历史",
} as const;
export type TabKey = keyof typeof TAB_TITLES;

/** Where a problem is, by the titles an admin knows it by: 规则「…」, 参数「…」, 用例「…」, 等次「…」. */
export function problemPlace(path: string, content: RulesetFile | null, parent: ResolvedRuleset | null): string {
  const at = (pattern: RegExp) => pattern.exec(path)?.[1];
  const param = at(/^\$\.params\.([A-Za-z0-9_]+)/);
  if (param !== undefined) {
    const own = content?.params?.[param];
    const title =
      (own && typeof own === "object" && "title" in own ? own.title : undefined) ?? parent?.params[param]?.title;
    return `参数「${title ?? param}」`;
  }
  const rule = at(/^\$\.rules\[(\d+)\]/);
  if (rule !== undefined) return `规则「${content?.rules?.[Number(rule)]?.name ?? `第 ${Number(rule) + 1} 条`}」`;
  const kase = at(/^\$\.cases\[(\d+)\]/);
  if (kase !== undefined) return `用例「${content?.cases?.[Number(kase)]?.name ?? `第 ${Number(kase) + 1} 个`}」`;
  const grade = at(/^\$\.grades\[(\d+)\]/);
  if (grade !== undefined) return `等次「${content?.grades?.[Number(grade)]?.title ?? `第 ${Number(grade) + 1} 个`}」`;
  return TAB_TITLES[tabForPath(path)];
}

type Located = {
  content: RulesetFile | null;
  parent: ResolvedRuleset | null;
  onOpenTab: (tab: TabKey) => void;
};

/**
 * Problems as a list: each names its place by title (规则「…」, 参数「…」) and opens the tab that fixes it; the file,
 * the JSON path and the rule set that forbids it are in the tooltip.
 */
function ProblemItems({
  problems,
  unit,
  content,
  parent,
  onOpenTab,
}: Located & { problems: ApiProblem[]; unit: string }) {
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {problems.slice(0, 12).map((p, i) => (
        <li key={i}>
          <Tooltip
            title={[p.file, p.path, p.forbiddenBy ? `依据 ${p.parent}：${p.forbiddenBy}` : ""]
              .filter(Boolean)
              .join(" · ")}
          >
            <Typography.Link onClick={() => onOpenTab(tabForPath(p.path))}>
              {problemPlace(p.path, content, parent)}
            </Typography.Link>
          </Tooltip>
          ：{p.message}
        </li>
      ))}
      {problems.length > 12 ? (
        <li>
          ……另有 {problems.length - 12} {unit}
        </li>
      ) : null}
    </ul>
  );
}

/** Lint's warnings: worth a look, never in the way of saving or publishing. */
export function WarningList({ warnings, ...located }: Located & { warnings: ApiProblem[] }) {
  if (!warnings.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      closable
      data-testid="lint-warnings"
      message={`有 ${warnings.length} 条建议（不影响保存和发布）`}
      description={<ProblemItems problems={warnings} unit="条" {...located} />}
    />
  );
}

/** Lint errors, or the last save's or publish's refusal, saying which action was refused. */
export function ProblemList({
  errors,
  refused,
  ...located
}: Located & { errors: ApiProblem[]; refused: Refusal | null }) {
  if (!errors.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="lint-errors"
      message={`${refused ? REFUSALS[refused] : ""}有 ${errors.length} 处错误`}
      description={<ProblemItems problems={errors} unit="处" {...located} />}
    />
  );
}

/** Errors grouped by the tab that shows them beside their field. */
export function groupErrors(errors: ApiProblem[]) {
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
