import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { authorize } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { listUsers, USERS_PAGE_SIZE, type UserRow } from "~/server/auth/users.server";
import { regionsWithin } from "~/server/regions/regions.server";
import { toFormFields } from "~/utils/errors";
import { useApi } from "~/utils/api";
import { BranchPicker } from "~/components/BranchPicker";
import { useFilterParams, useServerPagination } from "~/utils/search-params";
import { ROLE_TITLES, ROLES, type Role } from "~/utils/roles";
import { regionTreeSelectData } from "~/utils/tree";

export const meta: MetaFunction = () => [{ title: "账号 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  authorize(actor, { action: "organisation.manage", regionCode: actor.regionCode }, "账号管理");
  const url = new URL(request.url);
  const role = url.searchParams.get("role");
  const filter = {
    page: Math.max(1, Number(url.searchParams.get("page")) || 1),
    query: url.searchParams.get("q") ?? "",
    role: ROLES.includes(role as Role) ? (role as Role) : undefined,
    region: url.searchParams.get("region") || undefined,
  };
  return {
    filter: { ...filter, role: filter.role ?? null, region: filter.region ?? null },
    selfId: actor.id,
    pageSize: USERS_PAGE_SIZE,
    regions: regionsWithin(actor.regionCode).map(({ code, name, parentCode }) => ({ code, name, parentCode })),
    ...listUsers(actor, filter),
  };
}

type Placement = { displayName?: string; role: Role; region: string; branchId?: number | null };
function PlacementFields({
  tree,
  withUsername,
}: {
  tree: ReturnType<typeof regionTreeSelectData>;
  withUsername: boolean;
}) {
  const form = Form.useFormInstance<Placement>();
  const role = Form.useWatch("role", form);
  const region = Form.useWatch("region", form);
  return (
    <>
      {withUsername ? (
        <Form.Item
          name="username"
          label="用户名"
          extra="3–40 个字符：字母、数字、点、下划线或连字符"
          rules={[{ required: true, message: "请输入用户名" }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      ) : null}
      <Form.Item name="displayName" label="姓名">
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="role" label="角色" rules={[{ required: true, message: "请选择角色" }]}>
        <Select aria-label="角色" options={ROLES.map((r) => ({ value: r, label: ROLE_TITLES[r] }))} />
      </Form.Item>
      <Form.Item name="region" label="区域" rules={[{ required: true, message: "请选择区域" }]}>
        <TreeSelect aria-label="区域" treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll />
      </Form.Item>
      {role === "branch" ? (
        <Form.Item name="branchId" label="所属党支部" rules={[{ required: true, message: "请选择党支部" }]}>
          <BranchPicker key={region} region={region} />
        </Form.Item>
      ) : null}
    </>
  );
}

/** The password shown once, after creating an account or resetting one. */
function showPassword(modal: ReturnType<typeof App.useApp>["modal"], username: string, password: string) {
  modal.success({
    title: `${username} 的初始密码`,
    content: (
      <Space orientation="vertical">
        <Typography.Text copyable strong style={{ fontSize: 18 }} data-testid="one-time-password">
          {password}
        </Typography.Text>
        <Typography.Text type="secondary">
          只显示这一次，请妥善交给本人。对方首次登录后须改为自己的密码。
        </Typography.Text>
      </Space>
    ),
  });
}

export default function Users() {
  const { users, total, filter, regions, selfId, pageSize } = useLoaderData<typeof loader>();
  const { message, modal } = App.useApp();
  const { call, busy } = useApi();
  const revalidator = useRevalidator();
  const tree = useMemo(() => regionTreeSelectData(regions), [regions]);
  const [editing, setEditing] = useState<UserRow | "new" | null>(null);
  const [form] = Form.useForm();
  const update = useFilterParams();
  const pagination = useServerPagination(filter.page, pageSize, total, "个账号");

  const open = (user: UserRow | "new") => {
    setEditing(user);
    form.resetFields();
    if (user !== "new")
      form.setFieldsValue({
        displayName: user.displayName,
        role: user.role,
        region: user.regionCode,
        branchId: user.branchId,
      });
  };
  const save = async (values: Placement & { username?: string }) => {
    const body = { ...values, branchId: values.role === "branch" ? (values.branchId ?? null) : null };
    const outcome =
      editing === "new"
        ? await call<{ password: string }>("/api/v1/users", { json: body }, { quiet: true })
        : await call(`/api/v1/users/${(editing as UserRow).id}`, { json: body }, { quiet: true });
    if (!outcome.ok) {
      const fields = toFormFields(outcome.errors);
      if (fields.length) form.setFields(fields);
      else message.error(outcome.error);
      return;
    }
    if (editing === "new") showPassword(modal, values.username!, (outcome.data as { password: string }).password);
    else message.success("账号已保存");
    setEditing(null);
    revalidator.revalidate();
  };
  const setDisabled = async (user: UserRow, disabled: boolean) => {
    const outcome = await call(`/api/v1/users/${user.id}`, { json: { disabled } });
    if (!outcome.ok) return;
    message.success(disabled ? `${user.username} 已停用，其登录和令牌立即失效` : `${user.username} 已恢复`);
    revalidator.revalidate();
  };
  const reset = async (user: UserRow) => {
    const outcome = await call<{ password: string }>(`/api/v1/users/${user.id}/password-reset`, { json: {} });
    if (outcome.ok) showPassword(modal, user.username, outcome.data.password);
    revalidator.revalidate();
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          账号
        </Typography.Title>
        <Button type="primary" onClick={() => open("new")}>
          新建账号
        </Button>
      </Space>
      <Space wrap>
        <Input.Search
          aria-label="搜索用户名或姓名"
          placeholder="用户名或姓名"
          allowClear
          defaultValue={filter.query}
          onSearch={(q) => update({ q: q || null })}
          style={{ width: 220 }}
        />
        <Select
          aria-label="按角色筛选"
          allowClear
          placeholder="全部角色"
          value={filter.role ?? undefined}
          onChange={(role) => update({ role: role ?? null })}
          options={ROLES.map((r) => ({ value: r, label: ROLE_TITLES[r] }))}
          style={{ width: 140 }}
        />
        <TreeSelect
          aria-label="按区域筛选"
          allowClear
          placeholder="全部区域"
          value={filter.region ?? undefined}
          onChange={(region) => update({ region: region ?? null })}
          treeData={tree}
          showSearch
          treeNodeFilterProp="title"
          style={{ width: 220 }}
        />
      </Space>
      <Table<UserRow>
        rowKey="id"
        size="small"
        dataSource={users}
        scroll={{ x: true }}
        pagination={pagination}
        columns={[
          { title: "用户名", dataIndex: "username" },
          { title: "姓名", dataIndex: "displayName" },
          { title: "角色", render: (_, u) => ROLE_TITLES[u.role] },
          { title: "区域", dataIndex: "regionName" },
          { title: "党支部", render: (_, u) => u.branchName ?? "—" },
          {
            title: "状态",
            render: (_, u) =>
              u.disabled ? (
                <Tag>已停用</Tag>
              ) : u.mustChangePassword ? (
                <Tag color="orange">待本人设置密码</Tag>
              ) : (
                <Tag color="green">正常</Tag>
              ),
          },
          {
            title: "操作",
            render: (_, u) =>
              u.id === selfId ? (
                <Typography.Text type="secondary">本人（在“我的账号”中修改）</Typography.Text>
              ) : (
                <Space size="small" wrap>
                  <Button size="small" onClick={() => open(u)}>
                    编辑
                  </Button>
                  <Popconfirm
                    title={`为 ${u.username} 生成新密码？`}
                    description="其现有登录会退出，新密码只显示一次。"
                    okText="重置"
                    cancelText="取消"
                    onConfirm={() => reset(u)}
                  >
                    <Button size="small">重置密码</Button>
                  </Popconfirm>
                  <Popconfirm
                    title={u.disabled ? `恢复 ${u.username}？` : `停用 ${u.username}？`}
                    description={u.disabled ? undefined : "其登录和 API 令牌立即失效，账号和历史记录保留。"}
                    okText={u.disabled ? "恢复" : "停用"}
                    cancelText="取消"
                    onConfirm={() => setDisabled(u, !u.disabled)}
                  >
                    <Button size="small" danger={!u.disabled}>
                      {u.disabled ? "恢复" : "停用"}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === "new" ? "新建账号" : `编辑 ${editing?.username ?? ""}`}
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing === "new" ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message="保存后显示一次初始密码；对方首次登录时须改为自己的密码。"
          />
        ) : null}
        <Form form={form} layout="vertical" onFinish={save} preserve={false}>
          <PlacementFields tree={tree} withUsername={editing === "new"} />
        </Form>
      </Modal>
    </Space>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
