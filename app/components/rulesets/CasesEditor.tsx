import { PlayCircleOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
} from "antd";
import { useState } from "react";
import { isPlainObject } from "~/engine/json";
import type { CaseExpectation, JsonObject, ResolvedRuleset, RulesetCase, RulesetFile } from "~/engine/types";
import { caseColumns, expectationFrom, type CaseOutcome } from "./case-columns";
import { JsonEditor } from "./ClientOnly";

export type { CaseOutcome };

export type StoredSubmission = { id: number; branchName: string; year: number; status: string };

type Props = {
  content: RulesetFile;
  resolved: ResolvedRuleset | null;
  outcomes: CaseOutcome[] | null;
  checking: boolean;
  submissions: StoredSubmission[];
  onChange: (content: RulesetFile) => void;
  onRunAll: () => void;
  /** A case the server makes from a stored submission, expecting what the content as edited gives it. */
  onCaseFromSubmission: (
    submissionId: number,
  ) => Promise<{ case: RulesetCase; grade: { title: string }; score: number } | null>;
  errors: Map<number, string[]>;
  readOnly: boolean;
};

/** Cases: each with its expectation against the actual result, run all, edit, and make one from a stored submission. */
export function CasesEditor({
  content,
  resolved,
  outcomes,
  checking,
  submissions,
  onChange,
  onRunAll,
  onCaseFromSubmission,
  errors,
  readOnly,
}: Props) {
  const { message } = App.useApp();
  const cases = content.cases ?? [];
  const [editing, setEditing] = useState<{ index?: number; value: RulesetCase } | null>(null);
  const [picking, setPicking] = useState(false);
  const gradeTitle = (id: string) => resolved?.grades.find((g) => g.id === id)?.title ?? id;
  const passed = outcomes?.filter((o) => o.passed).length ?? 0;
  const failed = outcomes ? outcomes.length - passed : 0;
  const setCases = (next: RulesetCase[]) => onChange({ ...content, cases: next });

  const fromSubmission = async (id: number) => {
    const made = await onCaseFromSubmission(id);
    if (!made) return;
    setCases([...cases, made.case]);
    setPicking(false);
    message.success(`已按当前规则生成用例：${made.grade.title}，${made.score} 分。请核对期望后保存。`);
  };

  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Space>
          <Button icon={<PlayCircleOutlined />} onClick={onRunAll} loading={checking}>
            运行全部用例
          </Button>
          {outcomes ? (
            <Typography.Text data-testid="case-summary">
              共 {outcomes.length} 个用例：<Typography.Text type="success">通过 {passed}</Typography.Text>，
              <Typography.Text type={failed ? "danger" : "secondary"}>未通过 {failed}</Typography.Text>
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">{resolved ? "" : "规则集有错误，修正后才能运行用例"}</Typography.Text>
          )}
        </Space>
        {readOnly ? null : (
          <Space>
            <Button onClick={() => setPicking(true)} disabled={!submissions.length}>
              从已存申报生成用例
            </Button>
            <Button
              icon={<PlusOutlined />}
              onClick={() => setEditing({ value: { name: `用例 ${cases.length + 1}`, data: {}, expect: {} } })}
            >
              新增用例
            </Button>
          </Space>
        )}
      </Space>
      <Table
        rowKey={(_, i) => String(i)}
        size="small"
        dataSource={cases.map((c, index) => ({ c, index, outcome: outcomes?.[index] }))}
        pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 个` }}
        columns={caseColumns({
          errors,
          readOnly,
          gradeTitle,
          onEdit: (index) => setEditing({ index, value: cases[index] }),
          onAcceptActual: (index, actual) =>
            setCases(cases.map((c, i) => (i === index ? { ...c, expect: expectationFrom(actual) } : c))),
          onRemove: (index) => setCases(cases.filter((_, i) => i !== index)),
        })}
      />
      {editing ? (
        <CaseDrawer
          initial={editing.value}
          resolved={resolved}
          readOnly={readOnly}
          onClose={() => setEditing(null)}
          onSave={(value) => {
            setCases(
              editing.index === undefined ? [...cases, value] : cases.map((c, i) => (i === editing.index ? value : c)),
            );
            setEditing(null);
          }}
        />
      ) : null}
      <Modal open={picking} title="从已存申报生成用例" footer={null} onCancel={() => setPicking(false)} width={720}>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="用该申报的填报内容、四评和评定时的上下文生成用例，期望取当前规则下的结果。"
        />
        <Table
          rowKey="id"
          size="small"
          dataSource={submissions}
          pagination={{ pageSize: 8 }}
          columns={[
            { title: "支部", dataIndex: "branchName" },
            { title: "年度", dataIndex: "year", width: 80 },
            {
              title: "",
              width: 100,
              render: (_, s) => (
                <Button size="small" type="link" onClick={() => fromSubmission(s.id)}>
                  生成用例
                </Button>
              ),
            },
          ]}
        />
      </Modal>
    </Space>
  );
}

function CaseDrawer({
  initial,
  resolved,
  readOnly,
  onClose,
  onSave,
}: {
  initial: RulesetCase;
  resolved: ResolvedRuleset | null;
  readOnly: boolean;
  onClose: () => void;
  onSave: (c: RulesetCase) => void;
}) {
  const [value, setValue] = useState<RulesetCase>(initial);
  const [dataText, setDataText] = useState(() =>
    JSON.stringify({ data: initial.data, context: initial.context ?? {} }, null, 2),
  );
  const [dataError, setDataError] = useState<string | null>(null);
  const expect = value.expect;
  const setExpect = (patch: Partial<CaseExpectation>) => {
    const next = { ...expect, ...patch } as Record<string, unknown>;
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
    setValue({ ...value, expect: next as CaseExpectation });
  };
  const ruleOptions = (type: string) =>
    (resolved?.rules ?? [])
      .filter((r) => r.event.type === type)
      .map((r) => ({ value: r.id, label: `${r.name ?? r.id}（${r.id}）` }));
  const listInput = (key: "vetoes" | "unmet" | "flags", label: string, type: string) => (
    <Form.Item label={label} help="不设置则不检查；设为空表示应当没有">
      <Space>
        <Select
          aria-label={label}
          mode="multiple"
          allowClear
          style={{ minWidth: 360 }}
          value={expect[key] ?? []}
          disabled={expect[key] === undefined}
          onChange={(ids: string[]) => setExpect({ [key]: ids })}
          options={ruleOptions(type)}
        />
        <Button size="small" onClick={() => setExpect({ [key]: expect[key] === undefined ? [] : undefined })}>
          {expect[key] === undefined ? "检查" : "不检查"}
        </Button>
      </Space>
    </Form.Item>
  );
  return (
    <Drawer
      open
      width={900}
      title={`用例：${initial.name}`}
      onClose={onClose}
      extra={
        readOnly ? null : (
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" disabled={Boolean(dataError) || !value.name.trim()} onClick={() => onSave(value)}>
              确定
            </Button>
          </Space>
        )
      }
    >
      <Form layout="vertical" disabled={readOnly}>
        <Form.Item label="名称" required>
          <Input
            aria-label="用例名称"
            value={value.name}
            onChange={(e) => setValue({ ...value, name: e.target.value })}
          />
        </Form.Item>
        <Tabs
          items={[
            {
              key: "expect",
              label: "期望结果",
              children: (
                <>
                  <Space wrap align="start">
                    <Form.Item label="等次">
                      <Select
                        aria-label="期望等次"
                        allowClear
                        style={{ width: 200 }}
                        value={expect.grade}
                        onChange={(grade) => setExpect({ grade })}
                        options={(resolved?.grades ?? []).map((g) => ({ value: g.id, label: g.title }))}
                      />
                    </Form.Item>
                    <Form.Item label="不应为">
                      <Select
                        aria-label="不应为的等次"
                        mode="multiple"
                        allowClear
                        style={{ minWidth: 240 }}
                        value={expect.notGrade ?? []}
                        onChange={(ids: string[]) => setExpect({ notGrade: ids.length ? ids : undefined })}
                        options={(resolved?.grades ?? []).map((g) => ({ value: g.id, label: g.title }))}
                      />
                    </Form.Item>
                    <Form.Item label="总分">
                      <InputNumber
                        aria-label="期望总分"
                        value={expect.score}
                        onChange={(v) => setExpect({ score: v ?? undefined })}
                      />
                    </Form.Item>
                    <Form.Item label="总分不低于">
                      <InputNumber
                        aria-label="期望最低总分"
                        value={expect.minScore}
                        onChange={(v) => setExpect({ minScore: v ?? undefined })}
                      />
                    </Form.Item>
                  </Space>
                  {listInput("vetoes", "负面情形", "veto")}
                  {listInput("unmet", "未达要求", "require")}
                  {listInput("flags", "预警", "flag")}
                </>
              ),
            },
            {
              key: "data",
              label: "填报数据与上下文",
              children: (
                <Space orientation="vertical" style={{ width: "100%" }}>
                  {dataError ? <Alert type="error" showIcon message={dataError} /> : null}
                  <JsonEditor
                    value={dataText}
                    readOnly={readOnly}
                    height="520px"
                    ariaLabel="用例数据 JSON"
                    onChange={(text) => {
                      setDataText(text);
                      try {
                        const parsed = JSON.parse(text) as { data?: unknown; context?: unknown };
                        if (!isPlainObject(parsed.data)) throw new Error("data 应为对象");
                        const { context: _old, ...rest } = value;
                        const context =
                          isPlainObject(parsed.context) && Object.keys(parsed.context).length
                            ? { context: parsed.context as JsonObject }
                            : {};
                        setValue({ ...rest, data: parsed.data as JsonObject, ...context });
                        setDataError(null);
                      } catch (error) {
                        setDataError(
                          `数据未应用：${error instanceof SyntaxError ? "JSON 格式错误" : (error as Error).message}`,
                        );
                      }
                    }}
                  />
                </Space>
              ),
            },
          ]}
        />
      </Form>
    </Drawer>
  );
}
