import {
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { BranchPicker } from "~/components/BranchPicker";
import type { BranchListRow } from "~/server/regions/branches.server";
import { toFormFields } from "~/utils/errors";
import { useApi } from "~/utils/api";
import { DOMAINS, domainTitle } from "~/utils/domains";
import { formatDate } from "~/utils/format";
import { useFilterParams, useServerPagination } from "~/utils/search-params";
import type { RegionTreeSelectNode } from "~/utils/tree";
import { HistoryDrawer } from "./HistoryDrawer";
import type { AdminData } from "./route";

type Editing = { mode: "new" | "edit" | "merge" | "dissolve"; branch?: BranchListRow } | null;

const STATE_OPTIONS = [
  { value: "active", label: "在册" },
  { value: "dissolved", label: "已撤销" },
  { value: "all", label: "全部" },
];

/**
 * A page of the selected region's branches (filtered, searched and paged on the server) with their actions:
 * create, edit or move, merge into another, dissolve, and history.
 */
export function BranchTable({
  data,
  regionOptions,
  onChanged,
}: {
  data: AdminData;
  regionOptions: RegionTreeSelectNode[];
  onChanged: () => void;
}) {
  const { filter, branches, total, selected, pageSize } = data;
  const update = useFilterParams();
  const pagination = useServerPagination(filter.page, pageSize, total, "个");
  const { call, busy } = useApi();
  const [editing, setEditing] = useState<Editing>(null);
  const [history, setHistory] = useState<BranchListRow | null>(null);
  const [form] = Form.useForm();

  const open = (mode: NonNullable<Editing>["mode"], branch?: BranchListRow) => {
    form.resetFields();
    if (mode === "new") form.setFieldsValue({ region: selected.code, domain: "village" });
    if (mode === "edit" && branch)
      form.setFieldsValue({
        ...branch,
        region: branch.regionCode,
        establishedOn: dayjs(branch.establishedOn),
      });
    setEditing({ mode, branch });
  };
  const submit = async (values: Record<string, unknown>) => {
    const branch = editing?.branch;
    const fields = {
      ...values,
      establishedOn: values.establishedOn ? (values.establishedOn as dayjs.Dayjs).format("YYYY-MM-DD") : undefined,
      secretaryName: (values.secretaryName as string | undefined) || null,
      secretaryPhone: (values.secretaryPhone as string | undefined) || null,
    };
    const outcome =
      editing?.mode === "new"
        ? await call("/api/v1/branches", { json: fields }, { quiet: true })
        : editing?.mode === "edit"
          ? await call(`/api/v1/branches/${branch!.id}`, { json: fields }, { quiet: true })
          : editing?.mode === "merge"
            ? await call(`/api/v1/branches/${branch!.id}/merge`, { json: values }, { quiet: true })
            : await call(`/api/v1/branches/${branch!.id}/dissolve`, { json: values }, { quiet: true });
    if (!outcome.ok) {
      const problems = toFormFields(outcome.errors);
      form.setFields(
        problems.length
          ? problems
          : [
              {
                name: editing?.mode === "merge" ? "into" : editing?.mode === "dissolve" ? "reason" : "name",
                errors: [outcome.error],
              },
            ],
      );
      return;
    }
    setEditing(null);
    onChanged();
  };

  return (
    <Card
      size="small"
      title={
        <Typography.Text strong>
          {selected.name} · 党支部（{total}）
        </Typography.Text>
      }
      extra={
        <Button type="primary" size="small" onClick={() => open("new")} disabled={selected.retired}>
          新建党支部
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label="按支部名称搜索"
          placeholder="按支部名称搜索"
          allowClear
          defaultValue={filter.query}
          onSearch={(q) => update({ q: q || null })}
          style={{ width: 220 }}
        />
        <Select
          aria-label="按领域筛选"
          allowClear
          placeholder="全部领域"
          value={filter.domain ?? undefined}
          onChange={(domain) => update({ domain: domain ?? null })}
          options={DOMAINS.map((d) => ({ value: d.id, label: d.title }))}
          style={{ width: 180 }}
        />
        <Segmented
          aria-label="在册或已撤销"
          value={filter.state}
          onChange={(state) => update({ state: state === "active" ? null : String(state) })}
          options={STATE_OPTIONS}
        />
      </Space>
      <Table<BranchListRow>
        rowKey="id"
        size="small"
        dataSource={branches}
        scroll={{ x: true }}
        pagination={pagination}
        columns={[
          { title: "编号", dataIndex: "id", width: 70 },
          { title: "支部名称", dataIndex: "name" },
          { title: "所属区域", dataIndex: "regionName" },
          { title: "领域", dataIndex: "domain", render: (d: string) => domainTitle(d) },
          { title: "成立日期", dataIndex: "establishedOn" },
          { title: "党员", dataIndex: "memberCount", align: "right" },
          {
            title: "书记",
            render: (_, b) =>
              b.secretaryName ? `${b.secretaryName}${b.secretaryPhone ? ` ${b.secretaryPhone}` : ""}` : "—",
          },
          {
            title: "状态",
            render: (_, b) =>
              b.dissolvedAt ? (
                <Tag>{b.mergedInto ? `已合并到 ${b.mergedInto}` : `${formatDate(b.dissolvedAt)} 撤销`}</Tag>
              ) : (
                <Tag color="green">在册</Tag>
              ),
          },
          {
            title: "操作",
            render: (_, b) => (
              <Space size={4} wrap>
                {b.dissolvedAt ? null : (
                  <>
                    <Button size="small" onClick={() => open("edit", b)}>
                      编辑
                    </Button>
                    <Button size="small" onClick={() => open("merge", b)}>
                      合并
                    </Button>
                    <Button size="small" danger onClick={() => open("dissolve", b)}>
                      撤销
                    </Button>
                  </>
                )}
                <Button size="small" type="link" onClick={() => setHistory(b)}>
                  记录
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={
          editing?.mode === "new"
            ? "新建党支部"
            : editing?.mode === "edit"
              ? `编辑 ${editing.branch!.name}`
              : editing?.mode === "merge"
                ? `将 ${editing.branch!.name} 合并到…`
                : `撤销 ${editing?.branch?.name ?? ""}`
        }
        okText={editing?.mode === "dissolve" ? "撤销" : editing?.mode === "merge" ? "合并" : "保存"}
        okButtonProps={{ danger: editing?.mode === "dissolve" || editing?.mode === "merge" }}
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          {editing?.mode === "new" || editing?.mode === "edit" ? (
            <>
              <Form.Item name="name" label="支部名称" rules={[{ required: true, message: "请输入支部名称" }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item
                name="region"
                label="所属区域"
                extra={
                  editing.mode === "edit" ? "改为其他区域即迁移：其账号随之迁移，以往年度的申报仍归原区域" : undefined
                }
              >
                <TreeSelect
                  treeData={regionOptions}
                  showSearch
                  treeNodeFilterProp="title"
                  treeDefaultExpandedKeys={[data.root.code]}
                  aria-label="所属区域"
                />
              </Form.Item>
              <Form.Item name="domain" label="领域">
                <Select aria-label="领域" options={DOMAINS.map((d) => ({ value: d.id, label: d.title }))} />
              </Form.Item>
              <Space wrap>
                <Form.Item
                  name="establishedOn"
                  label="成立日期"
                  rules={[{ required: true, message: "请选择成立日期" }]}
                >
                  <DatePicker aria-label="成立日期" />
                </Form.Item>
                <Form.Item name="memberCount" label="党员人数" rules={[{ required: true, message: "请输入党员人数" }]}>
                  <InputNumber aria-label="党员人数" min={1} precision={0} addonAfter="人" />
                </Form.Item>
              </Space>
              <Space wrap>
                <Form.Item name="secretaryName" label="书记姓名">
                  <Input maxLength={20} />
                </Form.Item>
                <Form.Item name="secretaryPhone" label="书记电话">
                  <Input inputMode="tel" maxLength={20} />
                </Form.Item>
              </Space>
            </>
          ) : null}
          {editing?.mode === "merge" ? (
            <Form.Item
              name="into"
              label="合并到"
              extra="合并后本支部撤销、账号停用；其以往的申报和等次保留。"
              rules={[{ required: true, message: "请选择要合并到的支部" }]}
            >
              <BranchPicker region={data.root.code} exclude={editing.branch!.id} />
            </Form.Item>
          ) : null}
          {editing?.mode === "dissolve" ? (
            <Form.Item
              name="reason"
              label="撤销原因"
              extra="撤销后该支部不再填报、其账号立即停用；以往的申报和等次保留。"
              rules={[{ required: true, message: "请填写撤销原因" }]}
            >
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <HistoryDrawer
        title={history?.name ?? ""}
        url={history ? `/api/v1/branches/${history.id}` : null}
        onClose={() => setHistory(null)}
      />
    </Card>
  );
}
