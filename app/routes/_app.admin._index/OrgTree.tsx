import { Button, Form, Input, Modal, Radio, Space, Tag, Tooltip, Tree, TreeSelect, Typography } from "antd";
import type { DataNode } from "antd/es/tree";
import { useEffect, useState } from "react";
import { toFormFields } from "~/utils/errors";
import { useApi } from "~/utils/api";
import { REGION_KIND_TITLES, type RegionKind } from "~/utils/labels";
import { useFilterParams } from "~/utils/search-params";
import type { RegionTreeSelectNode } from "~/utils/tree";
import { HistoryDrawer } from "./HistoryDrawer";

type Child = { code: string; name: string; kind: RegionKind; retired: boolean; children: number; branches: number };
type Node = DataNode & { key: string; name: string; kind: RegionKind; retired: boolean };

function nodeOf(r: Child): Node {
  return {
    key: r.code,
    name: r.name,
    kind: r.kind,
    retired: r.retired,
    isLeaf: r.children === 0,
    title: (
      <Space size={4}>
        <Typography.Text delete={r.retired} type={r.retired ? "secondary" : undefined}>
          {r.name}
        </Typography.Text>
        {r.kind === "committee" ? <Tag color="red">党(工)委</Tag> : null}
        {r.retired ? <Tag>已撤销</Tag> : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.branches} 个支部
        </Typography.Text>
      </Space>
    ),
  };
}

const withChildren = (nodes: Node[], key: string, children: Node[]): Node[] =>
  nodes.map((n) =>
    n.key === key
      ? { ...n, children, isLeaf: children.length === 0 }
      : n.children
        ? { ...n, children: withChildren(n.children as Node[], key, children) }
        : n,
  );

/** What a new administrative region's code should look like under `parent`. */
function codeHint(parent: string): string {
  if (parent.length === 9) return "苏木乡镇（街道）下不再设行政区域";
  if (parent.endsWith("0000")) return `以 ${parent.slice(0, 2)} 开头、以 00 结尾的 6 位区划代码`;
  if (parent.endsWith("00")) return `以 ${parent.slice(0, 4)} 开头的 6 位区划代码`;
  return `以 ${parent} 开头的 9 位代码（苏木乡镇、街道）`;
}

type Editing = { mode: "add" | "edit" | "retire" } | null;

/**
 * The region tree, a level at a time (GET /api/v1/regions?parent=), with the selected region's actions: add a region
 * below it, rename or move it, retire it, and its history. The admin's own region is changed only from above. After
 * a change the levels it touched are fetched again.
 */
export function OrgTree({
  root,
  rootChildren,
  selected,
  regionOptions,
  reloadRoot,
  onChanged,
}: {
  root: { code: string; name: string; kind: RegionKind };
  rootChildren: Child[];
  selected: { code: string; name: string; retired: boolean; path: string };
  regionOptions: RegionTreeSelectNode[];
  /** Fetch the first level again instead of trusting `rootChildren` (after an import). */
  reloadRoot: boolean;
  onChanged: () => void;
}) {
  const { call, busy } = useApi();
  const update = useFilterParams();
  const [nodes, setNodes] = useState<Node[]>(() => [
    {
      ...nodeOf({ ...root, retired: false, children: rootChildren.length, branches: 0 }),
      title: <Typography.Text strong>{root.name}</Typography.Text>,
      children: rootChildren.map(nodeOf),
    },
  ]);
  const [expanded, setExpanded] = useState<string[]>([root.code]);
  const [editing, setEditing] = useState<Editing>(null);
  const [history, setHistory] = useState(false);
  const [form] = Form.useForm();
  const kind = Form.useWatch("kind", form) as RegionKind | undefined;

  const load = async (code: string) => {
    const outcome = await call<{ regions: Child[] }>(`/api/v1/regions?parent=${encodeURIComponent(code)}`);
    if (outcome.ok) setNodes((current) => withChildren(current, code, outcome.data.regions.map(nodeOf)));
  };
  // Open the levels down to the selected region, one request a level.
  useEffect(() => {
    const chain = selected.path.split("/");
    const below = chain.slice(chain.indexOf(root.code) + 1, -1);
    void (async () => {
      for (const code of reloadRoot ? [root.code, ...below] : below) await load(code);
      setExpanded((current) => [...new Set([...current, ...below])]);
    })();
    // Only on first showing: later selections happen inside the tree, whose levels are already loaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const isRoot = selected.code === root.code;
  const open = (mode: "add" | "edit" | "retire") => {
    form.resetFields();
    if (mode === "add") form.setFieldsValue({ kind: "admin" });
    if (mode === "edit") {
      const parent = selected.path.split("/").at(-2);
      form.setFieldsValue({ name: selected.name, parent });
    }
    setEditing({ mode });
  };
  const submit = async (values: Record<string, string>) => {
    const outcome =
      editing?.mode === "add"
        ? await call("/api/v1/regions", { json: { ...values, parent: selected.code } }, { quiet: true })
        : editing?.mode === "edit"
          ? await call(`/api/v1/regions/${selected.code}`, { json: values }, { quiet: true })
          : await call(`/api/v1/regions/${selected.code}/retire`, { json: values }, { quiet: true });
    if (!outcome.ok) {
      const fields = toFormFields(outcome.errors);
      if (fields.length) form.setFields(fields);
      else form.setFields([{ name: editing?.mode === "retire" ? "reason" : "name", errors: [outcome.error] }]);
      return;
    }
    const parent = selected.path.split("/").at(-2)!;
    if (editing?.mode === "add") {
      await load(selected.code);
      setExpanded((current) => [...new Set([...current, selected.code])]);
    } else {
      await load(parent);
      if (values.parent && values.parent !== parent) await load(values.parent);
    }
    setEditing(null);
    onChanged();
  };

  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap size={4}>
        <Button size="small" type="primary" onClick={() => open("add")} disabled={selected.retired}>
          新增下级
        </Button>
        <Tooltip title={isRoot ? "本级区域由上级管理员维护" : undefined}>
          <Button size="small" onClick={() => open("edit")} disabled={isRoot || selected.retired}>
            改名或迁移
          </Button>
        </Tooltip>
        <Button size="small" danger onClick={() => open("retire")} disabled={isRoot || selected.retired}>
          撤销
        </Button>
        <Button size="small" onClick={() => setHistory(true)}>
          变更记录
        </Button>
      </Space>
      <Typography.Text type="secondary">当前：{selected.name}</Typography.Text>
      <Tree<Node>
        treeData={nodes}
        blockNode
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys as string[])}
        loadData={(node) => (node.children ? Promise.resolve() : load(node.key))}
        selectedKeys={[selected.code]}
        onSelect={(keys) => keys[0] && update({ region: String(keys[0]) })}
      />
      <Modal
        open={editing !== null}
        title={
          editing?.mode === "add"
            ? `在 ${selected.name} 下新增`
            : editing?.mode === "edit"
              ? `改名或迁移 ${selected.name}`
              : `撤销 ${selected.name}`
        }
        okText={editing?.mode === "retire" ? "撤销" : "保存"}
        okButtonProps={{ danger: editing?.mode === "retire" }}
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          {editing?.mode === "add" ? (
            <>
              <Form.Item name="kind" label="类型">
                <Radio.Group
                  optionType="button"
                  options={(Object.keys(REGION_KIND_TITLES) as RegionKind[]).map((k) => ({
                    value: k,
                    label: REGION_KIND_TITLES[k],
                  }))}
                />
              </Form.Item>
              {kind === "admin" ? (
                <Form.Item
                  name="code"
                  label="行政区划代码"
                  extra={codeHint(selected.code)}
                  rules={[{ required: true, message: "请输入区划代码" }]}
                >
                  <Input inputMode="numeric" maxLength={9} />
                </Form.Item>
              ) : (
                <Typography.Paragraph type="secondary">党(工)委的代码由平台生成。</Typography.Paragraph>
              )}
            </>
          ) : null}
          {editing?.mode !== "retire" ? (
            <Form.Item name="name" label="名称" rules={[{ required: true, message: "请输入名称" }]}>
              <Input maxLength={40} />
            </Form.Item>
          ) : null}
          {editing?.mode === "edit" ? (
            <Form.Item name="parent" label="上级区域" extra="迁移时其下的区域、党支部一并迁移">
              <TreeSelect treeData={regionOptions} showSearch treeNodeFilterProp="title" aria-label="上级区域" />
            </Form.Item>
          ) : null}
          {editing?.mode === "retire" ? (
            <Form.Item
              name="reason"
              label="撤销原因"
              extra="只能撤销已没有下级区域、在册党支部和启用账号的区域；历史记录保留。"
              rules={[{ required: true, message: "请填写撤销原因" }]}
            >
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <HistoryDrawer
        title={selected.name}
        url={history ? `/api/v1/regions/${encodeURIComponent(selected.code)}` : null}
        onClose={() => setHistory(false)}
      />
    </Space>
  );
}
