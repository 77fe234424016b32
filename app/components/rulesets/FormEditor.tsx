import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from "@ant-design/icons";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { extendSchema, listFields, mergeUi } from "~/engine/forms";
import { isPlainObject } from "~/engine/json";
import type { Form as StandardFormModel, JsonObject, RulesetFile } from "~/engine/types";
import {
  FIELD_KINDS,
  ownFields,
  sectionsOf,
  suggestKey,
  writeOwnFields,
  type FormSection,
  type OwnField,
} from "~/utils/ruleset-editing";
import { StandardForm } from "../form/StandardForm";
import { JsonEditor } from "./ClientOnly";

type Props = {
  content: RulesetFile;
  /** The form this rule set inherits: the parent's resolved form, or a root's base form. */
  inheritedForm: StandardFormModel | null;
  onChange: (content: RulesetFile) => void;
  errors: string[];
  readOnly: boolean;
};

const kindLabel = (kind: string) => FIELD_KINDS.find((k) => k.value === kind)?.label ?? kind;

/** The form as it will be rendered: the inherited form with this rule set's fields and layout. */
function previewForm(content: RulesetFile, inherited: StandardFormModel | null): StandardFormModel | null {
  if (!inherited) return null;
  const spec = isPlainObject(content.form) ? content.form : {};
  const schema = spec.extend ? extendSchema(inherited.schema, spec.extend as JsonObject).schema : inherited.schema;
  return {
    id: inherited.id,
    schema,
    uiSchema: spec.ui ? mergeUi(inherited.uiSchema, spec.ui as JsonObject) : inherited.uiSchema,
  };
}

/**
 * The form editor: the fields this rule set adds (add, edit, remove, reorder) written as JSON Schema and uiSchema,
 * the inherited fields listed but never removable, a live preview of the rendered form, and the JSON.
 */
export function FormEditor({ content, inheritedForm, onChange, errors, readOnly }: Props) {
  const fields = ownFields(content);
  const sections = sectionsOf(content, inheritedForm);
  const newSections = sections.filter((s) => !s.inherited);
  const [editing, setEditing] = useState<{ field: OwnField; index?: number } | null>(null);
  const [addingSection, setAddingSection] = useState(false);
  const [previewData, setPreviewData] = useState<JsonObject>({});
  const preview = useMemo(() => previewForm(content, inheritedForm), [content, inheritedForm]);
  const inheritedFields = useMemo(
    () => (inheritedForm ? listFields(inheritedForm.schema).filter((f) => f.type !== "object") : []),
    [inheritedForm],
  );
  const sectionTitle = (key: string) => sections.find((s) => s.key === key)?.title ?? key;

  const write = (next: OwnField[], nextSections: FormSection[] = newSections) =>
    onChange(writeOwnFields(content, next, nextSections, inheritedForm));
  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    if (target < 0 || target >= fields.length || fields[target].section !== fields[index].section) return;
    const next = [...fields];
    [next[index], next[target]] = [next[target], next[index]];
    write(next);
  };

  if (!inheritedForm)
    return <Alert type="warning" showIcon message="该规则集没有可扩展的表单：根规则集需要先指定基础表单（form）。" />;

  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Space orientation="vertical" style={{ width: "100%" }}>
          {errors.length ? <Alert type="error" showIcon message="表单有错误" description={errors.join("；")} /> : null}
          <Card
            size="small"
            title="本级新增字段"
            extra={
              readOnly ? null : (
                <Space>
                  <Button size="small" onClick={() => setAddingSection(true)}>
                    新增分组
                  </Button>
                  <Button
                    size="small"
                    type="primary"
                    icon={<PlusOutlined />}
                    onClick={() =>
                      setEditing({
                        field: {
                          section: newSections[0]?.key ?? sections[0]?.key ?? "local",
                          key: suggestKey(fields.map((f) => f.key)),
                          title: "",
                          kind: "number",
                          required: false,
                        },
                      })
                    }
                  >
                    新增字段
                  </Button>
                </Space>
              )
            }
          >
            <Table<OwnField & { index: number }>
              rowKey={(f) => `${f.section}.${f.key}`}
              size="small"
              pagination={false}
              dataSource={fields.map((f, index) => ({ ...f, index }))}
              locale={{ emptyText: "本级尚未新增字段" }}
              columns={[
                { title: "分组", render: (_, f) => sectionTitle(f.section), width: 120 },
                {
                  title: "字段",
                  render: (_, f) => (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text strong>{f.title}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        $.{f.section}.{f.key}
                      </Typography.Text>
                    </Space>
                  ),
                },
                { title: "类型", width: 70, render: (_, f) => kindLabel(f.kind) },
                { title: "单位", width: 60, dataIndex: "unit" },
                { title: "必填", width: 60, render: (_, f) => (f.required ? <Tag color="red">必填</Tag> : "") },
                {
                  title: "操作",
                  width: 190,
                  render: (_, f) =>
                    readOnly ? null : (
                      <Space size={0}>
                        <Button
                          size="small"
                          type="text"
                          icon={<ArrowUpOutlined />}
                          aria-label={`上移 ${f.title}`}
                          onClick={() => move(f.index, -1)}
                        />
                        <Button
                          size="small"
                          type="text"
                          icon={<ArrowDownOutlined />}
                          aria-label={`下移 ${f.title}`}
                          onClick={() => move(f.index, 1)}
                        />
                        <Button size="small" type="link" onClick={() => setEditing({ field: f, index: f.index })}>
                          编辑
                        </Button>
                        <Popconfirm
                          title="删除这个本级字段？读取它的规则需要一并修改。"
                          onConfirm={() => write(fields.filter((_, i) => i !== f.index))}
                          okText="删除"
                          cancelText="取消"
                        >
                          <Button size="small" type="link" danger>
                            删除
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                },
              ]}
            />
          </Card>
          <Collapse
            items={[
              {
                key: "inherited",
                label: `继承的字段（${inheritedFields.length} 个，下级不能删除或修改）`,
                children: (
                  <Table
                    rowKey="path"
                    size="small"
                    pagination={{ pageSize: 10 }}
                    dataSource={inheritedFields}
                    columns={[
                      { title: "字段", dataIndex: "title" },
                      { title: "路径", dataIndex: "path", width: 260 },
                      { title: "类型", dataIndex: "type", width: 80 },
                    ]}
                  />
                ),
              },
            ]}
          />
        </Space>
      </Col>
      <Col xs={24} xl={12}>
        <Tabs
          items={[
            {
              key: "preview",
              label: "预览",
              children: preview ? (
                <div data-testid="form-preview" style={{ maxHeight: 720, overflow: "auto" }}>
                  <StandardForm
                    schema={preview.schema as RJSFSchema}
                    uiSchema={preview.uiSchema as UiSchema}
                    formData={previewData}
                    onChange={setPreviewData}
                  />
                </div>
              ) : null,
            },
            {
              key: "json",
              label: "JSON",
              children: preview ? (
                <JsonEditor
                  value={JSON.stringify({ schema: preview.schema, uiSchema: preview.uiSchema }, null, 2)}
                  readOnly
                  height="640px"
                  ariaLabel="表单 JSON"
                />
              ) : null,
            },
          ]}
        />
      </Col>
      {editing ? (
        <FieldModal
          initial={editing.field}
          sections={sections}
          yesNoFields={[
            ...inheritedFields
              .filter((f) => f.type === "boolean")
              .map((f) => ({ section: f.path.split(".")[1], key: f.path.split(".")[2], title: f.title })),
            ...fields
              .filter((f, i) => f.kind === "boolean" && i !== editing.index)
              .map((f) => ({ section: f.section, key: f.key, title: f.title })),
          ]}
          takenKeys={[
            ...fields.filter((_, i) => i !== editing.index).map((f) => `${f.section}.${f.key}`),
            ...inheritedFields.map((f) => f.path.slice(2)),
          ]}
          onCancel={() => setEditing(null)}
          onOk={(field) => {
            const next = [...fields];
            if (editing.index === undefined) next.push(field);
            else next[editing.index] = field;
            write(next);
            setEditing(null);
          }}
        />
      ) : null}
      {addingSection ? (
        <SectionModal
          takenKeys={sections.map((s) => s.key)}
          onCancel={() => setAddingSection(false)}
          onOk={(section) => {
            write(fields, [...newSections, section]);
            setAddingSection(false);
          }}
        />
      ) : null}
    </Row>
  );
}

const KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9]*$/;

function FieldModal({
  initial,
  sections,
  yesNoFields,
  takenKeys,
  onCancel,
  onOk,
}: {
  initial: OwnField;
  sections: FormSection[];
  /** The form's yes/no questions, which a field may be shown after (a 说明 after a “是”). */
  yesNoFields: { section: string; key: string; title: string }[];
  takenKeys: string[];
  onCancel: () => void;
  onOk: (f: OwnField) => void;
}) {
  const [field, setField] = useState<OwnField>(initial);
  const set = (patch: Partial<OwnField>) => setField({ ...field, ...patch });
  const numeric = field.kind === "number" || field.kind === "integer";
  const keyProblem = !KEY_PATTERN.test(field.key)
    ? "字段名只能用字母和数字，以字母开头"
    : takenKeys.includes(`${field.section}.${field.key}`)
      ? "该分组中已有同名字段"
      : undefined;
  const titleProblem = field.title.trim() ? undefined : "请填写标题";
  const optionsProblem = field.kind === "enum" && !(field.options ?? []).length ? "请至少填写一个选项" : undefined;
  const rangeProblem =
    numeric && field.minimum !== undefined && field.maximum !== undefined && field.minimum > field.maximum
      ? "最小值不能大于最大值"
      : undefined;
  const problem = keyProblem ?? titleProblem ?? optionsProblem ?? rangeProblem;
  return (
    <Modal
      open
      title={initial.title ? `编辑字段：${initial.title}` : "新增字段"}
      onCancel={onCancel}
      onOk={() => onOk(field)}
      okButtonProps={{ disabled: Boolean(problem) }}
      okText="确定"
      cancelText="取消"
      width={640}
    >
      <Form layout="vertical">
        <Form.Item label="分组" required>
          <Select
            aria-label="分组"
            value={field.section}
            onChange={(section) => set({ section, showWhen: undefined })}
            options={sections.map((s) => ({ value: s.key, label: `${s.title}${s.inherited ? "" : "（本级新增）"}` }))}
          />
        </Form.Item>
        <Form.Item label="标题" required validateStatus={titleProblem ? "error" : undefined} help={titleProblem}>
          <Input aria-label="字段标题" value={field.title} onChange={(e) => set({ title: e.target.value })} />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item
            label="字段名（英文，规则中引用）"
            required
            validateStatus={keyProblem ? "error" : undefined}
            help={keyProblem}
          >
            <Input
              aria-label="字段名"
              value={field.key}
              onChange={(e) => set({ key: e.target.value.trim() })}
              style={{ width: 220 }}
            />
          </Form.Item>
          <Form.Item label="类型" required>
            <Select
              aria-label="字段类型"
              value={field.kind}
              onChange={(kind) => set({ kind })}
              style={{ width: 140 }}
              options={FIELD_KINDS.map((k) => ({ value: k.value, label: k.label }))}
            />
          </Form.Item>
          <Form.Item label="必填">
            <Switch aria-label="必填" checked={field.required} onChange={(required) => set({ required })} />
          </Form.Item>
        </Space>
        {numeric ? (
          <Space align="start" wrap>
            <Form.Item label="单位">
              <Input
                aria-label="单位"
                value={field.unit ?? ""}
                onChange={(e) => set({ unit: e.target.value || undefined })}
                style={{ width: 120 }}
              />
            </Form.Item>
            <Form.Item label="最小值" validateStatus={rangeProblem ? "error" : undefined} help={rangeProblem}>
              <InputNumber
                aria-label="最小值"
                value={field.minimum}
                onChange={(v) => set({ minimum: v ?? undefined })}
              />
            </Form.Item>
            <Form.Item label="最大值">
              <InputNumber
                aria-label="最大值"
                value={field.maximum}
                onChange={(v) => set({ maximum: v ?? undefined })}
              />
            </Form.Item>
          </Space>
        ) : null}
        {field.kind === "enum" ? (
          <Form.Item
            label="选项（输入后回车）"
            required
            validateStatus={optionsProblem ? "error" : undefined}
            help={optionsProblem}
          >
            <Select
              aria-label="选项"
              mode="tags"
              value={field.options ?? []}
              onChange={(options: string[]) => set({ options })}
              open={false}
            />
          </Form.Item>
        ) : null}
        <Form.Item label="显示条件" help="例如“佐证说明”只在上一项回答“是”时才需要填写">
          <Space wrap>
            <Select
              aria-label="显示条件"
              value={field.showWhen?.field ?? ""}
              style={{ width: 320 }}
              onChange={(key: string) =>
                set({ showWhen: key ? { field: key, equals: field.showWhen?.equals ?? true } : undefined })
              }
              options={[
                { value: "", label: "始终显示" },
                ...yesNoFields
                  .filter((f) => f.section === field.section)
                  .map((f) => ({ value: f.key, label: `仅当“${f.title.split(" / ").at(-1)}”回答为` })),
              ]}
            />
            {field.showWhen ? (
              <Select
                aria-label="显示条件的回答"
                value={field.showWhen.equals === false ? "false" : "true"}
                style={{ width: 120 }}
                onChange={(v: string) => set({ showWhen: { field: field.showWhen!.field, equals: v === "true" } })}
                options={[
                  { value: "true", label: "“是”时显示" },
                  { value: "false", label: "“否”时显示" },
                ]}
              />
            ) : null}
          </Space>
        </Form.Item>
        <Form.Item label="填写说明">
          <Input.TextArea
            aria-label="填写说明"
            rows={2}
            value={field.description ?? ""}
            onChange={(e) => set({ description: e.target.value || undefined })}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SectionModal({
  takenKeys,
  onCancel,
  onOk,
}: {
  takenKeys: string[];
  onCancel: () => void;
  onOk: (s: FormSection) => void;
}) {
  const [key, setKey] = useState("");
  const [title, setTitle] = useState("");
  const keyProblem = !KEY_PATTERN.test(key)
    ? "分组名只能用字母和数字，以字母开头"
    : takenKeys.includes(key)
      ? "已有同名分组"
      : undefined;
  return (
    <Modal
      open
      title="新增分组"
      onCancel={onCancel}
      onOk={() => onOk({ key, title, inherited: false })}
      okButtonProps={{ disabled: Boolean(keyProblem || !title.trim()) }}
      okText="确定"
      cancelText="取消"
    >
      <Form layout="vertical">
        <Form.Item label="分组标题" required>
          <Input aria-label="分组标题" value={title} onChange={(e) => setTitle(e.target.value)} />
        </Form.Item>
        <Form.Item
          label="分组名（英文）"
          required
          validateStatus={key && keyProblem ? "error" : undefined}
          help={key ? keyProblem : undefined}
        >
          <Input aria-label="分组名" value={key} onChange={(e) => setKey(e.target.value.trim())} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
