import { CheckCircleFilled, CloseCircleFilled } from "@ant-design/icons";
import { Button, Popconfirm, Space, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { CaseExpectation, RulesetCase } from "~/engine/types";

export type CaseOutcome = {
  name: string;
  passed: boolean;
  failures: string[];
  actual: {
    grade: { id: string; title: string };
    score: number;
    stars: number;
    vetoes: string[];
    unmet: string[];
    flags: string[];
  };
};

export type CaseRow = { c: RulesetCase; index: number; outcome?: CaseOutcome };

export function expectationText(expect: CaseExpectation, gradeTitle: (id: string) => string): string {
  const parts: string[] = [];
  if (expect.grade) parts.push(`等次 ${gradeTitle(expect.grade)}`);
  if (expect.notGrade?.length) parts.push(`不是 ${expect.notGrade.map(gradeTitle).join("、")}`);
  if (expect.score !== undefined) parts.push(`总分 ${expect.score}`);
  if (expect.minScore !== undefined) parts.push(`总分 ≥ ${expect.minScore}`);
  if (expect.stars !== undefined) parts.push(`${expect.stars} 星`);
  if (expect.vetoes) parts.push(expect.vetoes.length ? `负面情形 ${expect.vetoes.join("、")}` : "无负面情形");
  if (expect.unmet) parts.push(expect.unmet.length ? `未达要求 ${expect.unmet.join("、")}` : "要求全部达到");
  if (expect.flags?.length) parts.push(`预警 ${expect.flags.join("、")}`);
  return parts.join("；") || "（未设期望）";
}

/** What the case should expect to pass with the result it has now. */
export function expectationFrom(actual: CaseOutcome["actual"]): CaseExpectation {
  return {
    grade: actual.grade.id,
    score: actual.score,
    vetoes: actual.vetoes,
    unmet: actual.unmet,
    flags: actual.flags,
  };
}

type Options = {
  errors: Map<number, string[]>;
  readOnly: boolean;
  gradeTitle: (id: string) => string;
  onEdit: (index: number) => void;
  onAcceptActual: (index: number, actual: CaseOutcome["actual"]) => void;
  onRemove: (index: number) => void;
};

/** The cases table's columns: passed or not, what it expects against what it got, and its actions. */
export function caseColumns({
  errors,
  readOnly,
  gradeTitle,
  onEdit,
  onAcceptActual,
  onRemove,
}: Options): ColumnsType<CaseRow> {
  return [
    {
      title: "结果",
      width: 90,
      filters: [
        { text: "通过", value: "pass" },
        { text: "未通过", value: "fail" },
      ],
      onFilter: (value, r) => (value === "pass" ? Boolean(r.outcome?.passed) : r.outcome?.passed === false),
      render: (_, r) =>
        r.outcome ? (
          r.outcome.passed ? (
            <Tag icon={<CheckCircleFilled />} color="success">
              通过
            </Tag>
          ) : (
            <Tag icon={<CloseCircleFilled />} color="error">
              未通过
            </Tag>
          )
        ) : (
          <Tag>未运行</Tag>
        ),
    },
    {
      title: "用例",
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{r.c.name}</Typography.Text>
          {r.outcome && !r.outcome.passed ? (
            <Typography.Text type="danger">{r.outcome.failures.join("；")}</Typography.Text>
          ) : null}
          {errors.get(r.index)?.length ? (
            <Typography.Text type="danger">{errors.get(r.index)!.join("；")}</Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: "期望",
      width: 260,
      render: (_, r) => (
        <Typography.Text style={{ fontSize: 12 }}>{expectationText(r.c.expect, gradeTitle)}</Typography.Text>
      ),
    },
    {
      title: "实际",
      width: 200,
      render: (_, r) =>
        r.outcome ? (
          <Typography.Text
            style={{ fontSize: 12 }}
          >{`${r.outcome.actual.grade.title}，${r.outcome.actual.score} 分`}</Typography.Text>
        ) : (
          "—"
        ),
    },
    {
      title: "操作",
      width: 230,
      render: (_, r) => (
        <Space size={0} wrap>
          <Button size="small" type="link" onClick={() => onEdit(r.index)}>
            {readOnly ? "查看" : "编辑"}
          </Button>
          {!readOnly && r.outcome && !r.outcome.passed ? (
            <Popconfirm
              title="把期望改为当前的实际结果？请先确认实际结果确实符合新的标准。"
              onConfirm={() => onAcceptActual(r.index, r.outcome!.actual)}
              okText="确定"
              cancelText="取消"
            >
              <Button size="small" type="link">
                以实际结果为期望
              </Button>
            </Popconfirm>
          ) : null}
          {readOnly ? null : (
            <Popconfirm title="删除这个用例？" onConfirm={() => onRemove(r.index)} okText="删除" cancelText="取消">
              <Button size="small" type="link" danger>
                删除
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
}
