import { Button, Tag } from "antd";
import type { Result } from "~/engine/types";

/**
 * The live score and grade pinned to the bottom of a phone's screen (hidden on wider screens, where the score panel
 * sits beside the form): what a change does is seen without scrolling to the end of the form.
 */
export function ScoreBar({ result, target }: { result: Result | null; target: string }) {
  if (!result) return null;
  const problems = result.unmet.length + result.vetoes.length;
  return (
    <div className="score-bar" data-testid="score-bar" role="status" aria-live="polite">
      <span>
        得分 <strong>{result.score}</strong> / {result.maxScore}
      </span>
      <Tag color="red" style={{ marginInlineEnd: 0 }}>
        {result.grade.title}
      </Tag>
      {problems ? <span style={{ color: "#cf1322" }}>{problems} 项未达到</span> : null}
      <Button
        size="small"
        onClick={() => document.querySelector(target)?.scrollIntoView({ behavior: "smooth", block: "start" })}
      >
        详情
      </Button>
    </div>
  );
}
