import { Alert, Card, Empty, List, Progress, Space, Statistic, Tag, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
// The compiled evaluator only: json-rules-engine (the reference, engine/evaluate.ts) would add 30 KB to the form page.
import { createCompiledEvaluator, type CompiledEvaluator } from "~/engine/compile";
import { citationText } from "~/utils/sources";
import type {
  EvaluationContext,
  GivenMaterialCounts,
  JsonObject,
  ResolvedRuleset,
  Result,
  ResultItem,
} from "~/engine/types";

const GRADE_COLORS = ["red", "volcano", "gold", "default"];

export function gradeColor(ruleset: ResolvedRuleset, gradeId: string): string {
  const index = ruleset.grades.findIndex((g) => g.id === gradeId);
  return GRADE_COLORS[Math.min(Math.max(index, 0), GRADE_COLORS.length - 1)];
}

function Items({ items, tone }: { items: ResultItem[]; tone: "error" | "warning" | "info" }) {
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(item) => (
        <List.Item>
          <Space orientation="vertical" size={0}>
            <Typography.Text type={tone === "error" ? "danger" : tone === "warning" ? "warning" : undefined}>
              {item.message}
            </Typography.Text>
            {item.source ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                依据：{citationText(item.source)}
              </Typography.Text>
            ) : null}
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * The result as a panel: grade, total, each indicator as a bar, vetoes, unmet requirements and warnings. Where a
 * reviewer's grade is shown too, `gradeLabel` says that this one is what the rules compute.
 */
export function ResultSummary({
  ruleset,
  result,
  gradeLabel = "等次",
}: {
  ruleset: ResolvedRuleset;
  result: Result;
  gradeLabel?: string;
}) {
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Space align="center" size="large" wrap>
        <Statistic title="总分" value={result.score} suffix={`/ ${result.maxScore}`} />
        <div>
          <Typography.Text type="secondary">{gradeLabel}</Typography.Text>
          <div>
            <Tag
              color={gradeColor(ruleset, result.grade.id)}
              style={{ fontSize: 16, padding: "4px 12px" }}
              data-testid="grade"
            >
              {result.grade.title}
            </Tag>
          </div>
        </div>
        {result.stars ? <Statistic title="星数" value={result.stars} suffix="星" /> : null}
      </Space>
      <div>
        {result.indicators.map((i) => (
          <div key={i.id}>
            <Typography.Text>
              {i.title}：{i.score} / {i.max}
            </Typography.Text>
            <Progress percent={i.max ? Math.round((i.score / i.max) * 100) : 0} size="small" showInfo={false} />
          </div>
        ))}
      </div>
      {result.vetoes.length ? (
        <Alert
          type="error"
          showIcon
          message={`负面情形（一票否决）${result.vetoes.length} 项`}
          description={<Items items={result.vetoes} tone="error" />}
        />
      ) : null}
      {result.unmet.length ? (
        <Alert
          type="warning"
          showIcon
          message={`未达到的要求 ${result.unmet.length} 项`}
          description={<Items items={result.unmet} tone="warning" />}
        />
      ) : null}
      {result.flags.length ? (
        <Alert
          type="info"
          showIcon
          message={`预警 ${result.flags.length} 项`}
          description={<Items items={result.flags} tone="info" />}
        />
      ) : null}
    </Space>
  );
}

/** Scores `data` in the browser with the same engine as the server, on every change; the latest result wins. */
export function useLiveResult(
  ruleset: ResolvedRuleset,
  data: JsonObject,
  context: EvaluationContext,
  materials?: GivenMaterialCounts,
) {
  // Compiled in the effect, so the server's render of the page (which shows no score yet) does not compile it.
  const compiled = useRef<{ ruleset: ResolvedRuleset; evaluator: CompiledEvaluator } | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const sequence = useRef(0);
  useEffect(() => {
    if (compiled.current?.ruleset !== ruleset)
      compiled.current = { ruleset, evaluator: createCompiledEvaluator(ruleset) };
    const { evaluator } = compiled.current;
    const current = ++sequence.current;
    const started = performance.now();
    evaluator.score({ data, context, materials }, { trace: false }).then((next) => {
      if (current !== sequence.current) return;
      setElapsed(performance.now() - started);
      setResult(next);
    });
  }, [ruleset, data, context, materials]);
  return { result, elapsed };
}

export function LiveScorePanel({
  ruleset,
  data,
  context,
  materials,
  title = "实时得分",
  onResult,
}: {
  ruleset: ResolvedRuleset;
  data: JsonObject;
  context: EvaluationContext;
  /** The evidence counts, so that a required material missing is listed like any unmet requirement. */
  materials?: GivenMaterialCounts;
  title?: string;
  /** Told each new result (the phone's score bar shows it too). */
  onResult?: (result: Result) => void;
}) {
  const { result, elapsed } = useLiveResult(ruleset, data, context, materials);
  useEffect(() => {
    if (result) onResult?.(result);
  }, [result, onResult]);
  return (
    <Card title={title} size="small" data-score-ms={elapsed.toFixed(1)} data-testid="live-score">
      {result ? <ResultSummary ruleset={ruleset} result={result} /> : <Empty description="计算中……" />}
    </Card>
  );
}
