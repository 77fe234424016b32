import { Alert, Typography } from "antd";
import type { ApiProblem } from "~/utils/api";
import { tabForPath } from "~/utils/ruleset-editing";

export const TAB_TITLES = {
  params: "参数",
  rules: "规则",
  form: "表单",
  cases: "用例",
  json: "JSON",
  history: "版本历史",
} as const;
export type TabKey = keyof typeof TAB_TITLES;

/** Lint errors, each with the tab that fixes it, and the parent rule set that forbids it where one does. */
export function ProblemList({
  errors,
  refused,
  onOpenTab,
}: {
  errors: ApiProblem[];
  refused: boolean;
  onOpenTab: (tab: TabKey) => void;
}) {
  if (!errors.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="lint-errors"
      message={`${refused ? "未保存：" : ""}有 ${errors.length} 处错误`}
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {errors.slice(0, 12).map((e, i) => (
            <li key={i}>
              <Typography.Link onClick={() => onOpenTab(tabForPath(e.path))}>
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
