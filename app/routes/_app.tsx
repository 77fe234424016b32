import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { Button, Layout, Menu, Space, Tag } from "antd";
import { requireActor } from "~/server/auth/session.server";
import { activeNavKey, navFor } from "~/utils/nav";
import { ROLE_TITLES } from "~/utils/roles";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { actor };
}

export default function AppShell() {
  const { actor } = useLoaderData<typeof loader>();
  const location = useLocation();
  const items = navFor(actor.role).map((item) => ({ key: item.key, label: <Link to={item.key}>{item.label}</Link> }));
  return (
    <Layout style={{ minHeight: "100vh" }}>
      {/* Paper: no navigation and no controls (.no-print); .print-only parts (评定表) appear. */}
      <style>{`@media print { .ant-layout-header, .ant-layout-footer, .no-print { display: none !important; } .print-only { display: block !important; } .ant-layout-content { padding: 0 !important; } } .print-only { display: none; } .row-overdue td { background: #fff1f0 !important; }`}</style>
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 24, paddingInline: 24 }}>
        <Link to="/" style={{ color: "#fff", fontSize: 18, fontWeight: 600, whiteSpace: "nowrap" }}>
          支部标尺
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[activeNavKey(location.pathname, actor.role)]}
          items={items}
          style={{ flex: 1, minWidth: 0 }}
        />
        <Space style={{ color: "#fff" }}>
          <Tag color="gold">{ROLE_TITLES[actor.role]}</Tag>
          <Link to="/account" style={{ color: "#fff" }} title="我的账号：修改密码、API 令牌">
            {actor.displayName} · {actor.regionName}
          </Link>
          <Form method="post" action="/logout">
            <Button size="small" htmlType="submit">
              退出
            </Button>
          </Form>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: "center", color: "#888" }}>支部标尺 · 党支部建设评价平台</Layout.Footer>
    </Layout>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
