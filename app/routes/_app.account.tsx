import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate, useRevalidator } from "@remix-run/react";
import { Alert, App, Button, Card, Col, Form, Input, Popconfirm, Row, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { ownTokens } from "~/server/auth/accounts.server";
import { MIN_PASSWORD_LENGTH } from "~/server/auth/password-policy.server";
import { requireActor } from "~/server/auth/session.server";
import { useApi } from "~/utils/api";
import { ROLE_TITLES } from "~/utils/roles";

export const meta: MetaFunction = () => [{ title: "我的账号 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    actor,
    required: actor.mustChangePassword,
    minLength: MIN_PASSWORD_LENGTH,
    tokens: ownTokens(actor).map((t) => ({
      ...t,
      createdAt: t.createdAt.getTime(),
      lastUsedAt: t.lastUsedAt?.getTime() ?? null,
      expiresAt: t.expiresAt?.getTime() ?? null,
      revokedAt: t.revokedAt?.getTime() ?? null,
    })),
  };
}

const when = (ms: number | null) => (ms === null ? "—" : dayjs(ms).format("YYYY-MM-DD HH:mm"));

type PasswordForm = { current: string; next: string; confirm: string };

function PasswordCard({ required, minLength }: { required: boolean; minLength: number }) {
  const { message } = App.useApp();
  const { call, busy } = useApi();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordForm>();
  const submit = async ({ current, next }: PasswordForm) => {
    const outcome = await call("/api/v1/account/password", { json: { current, next } }, { quiet: true });
    if (!outcome.ok) {
      const field = outcome.errors[0]?.path === "$.current" ? "current" : "next";
      form.setFields([{ name: field, errors: [outcome.errors[0]?.message ?? outcome.error] }]);
      return;
    }
    message.success("密码已修改；在其他设备上的登录已退出。");
    form.resetFields();
    if (required) navigate("/");
  };
  return (
    <Card title="修改密码">
      {required ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message="请先设置您自己的密码"
          description="您的密码由管理员设置或重置。设置新密码后才能使用平台的其他功能。"
        />
      ) : null}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} style={{ maxWidth: 420 }}>
        <Form.Item name="current" label="当前密码" rules={[{ required: true, message: "请输入当前密码" }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="next"
          label="新密码"
          extra={`至少 ${minLength} 个字符；不能包含用户名，不能是常见密码（如 12345678、password）。`}
          rules={[
            { required: true, message: "请输入新密码" },
            { min: minLength, message: `新密码至少 ${minLength} 个字符` },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="再次输入新密码"
          dependencies={["next"]}
          rules={[
            { required: true, message: "请再次输入新密码" },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue("next")
                  ? Promise.resolve()
                  : Promise.reject(new Error("两次输入的新密码不一致")),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          修改密码
        </Button>
      </Form>
    </Card>
  );
}

export default function Account() {
  const { actor, required, minLength, tokens } = useLoaderData<typeof loader>();
  const { message } = App.useApp();
  const { call } = useApi();
  const revalidator = useRevalidator();
  const revoke = async (id: number, label: string) => {
    const outcome = await call(`/api/v1/account/tokens/${id}/revoke`, { json: {} });
    if (!outcome.ok) return;
    message.success(`令牌“${label}”已吊销，使用它的脚本将无法再访问平台。`);
    revalidator.revalidate();
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        我的账号
      </Typography.Title>
      <Typography.Text type="secondary">
        {actor.displayName}（{actor.username}）· {ROLE_TITLES[actor.role]} · {actor.regionName}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <PasswordCard required={required} minLength={minLength} />
        </Col>
        <Col xs={24} lg={14}>
          <Card title="我的 API 令牌">
            <Typography.Paragraph type="secondary">
              脚本用令牌访问平台的接口。令牌由管理员在服务器上生成，只显示一次；不再使用或可能泄露时请立即吊销。
            </Typography.Paragraph>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={tokens}
              locale={{ emptyText: "您还没有 API 令牌" }}
              scroll={{ x: true }}
              columns={[
                { title: "名称", dataIndex: "label" },
                { title: "生成时间", render: (_, t) => when(t.createdAt) },
                { title: "最近使用", render: (_, t) => when(t.lastUsedAt) },
                { title: "到期", render: (_, t) => (t.expiresAt === null ? "长期有效" : when(t.expiresAt)) },
                {
                  title: "状态",
                  render: (_, t) =>
                    t.revokedAt !== null ? (
                      <Tag>已吊销</Tag>
                    ) : t.expiresAt !== null && t.expiresAt <= Date.now() ? (
                      <Tag color="orange">已过期</Tag>
                    ) : (
                      <Tag color="green">有效</Tag>
                    ),
                },
                {
                  title: "操作",
                  render: (_, t) =>
                    t.revokedAt === null ? (
                      <Popconfirm
                        title={`吊销令牌“${t.label}”？`}
                        description="吊销后无法恢复。"
                        okText="吊销"
                        cancelText="取消"
                        onConfirm={() => revoke(t.id, t.label)}
                      >
                        <Button size="small" danger>
                          吊销
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
