import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { MenuOutlined } from "@ant-design/icons";
import { Button, Drawer, Layout, Menu, Space, Tag } from "antd";
import { useState } from "react";
import { requireActor } from "~/server/auth/session.server";
import { activeNavKey, navFor } from "~/utils/nav";
import { ROLE_TITLES } from "~/utils/roles";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { actor };
}

const SHELL_CSS = `
@media print {
  .ant-layout-header, .ant-layout-footer, .no-print, .score-bar { display: none !important; }
  .print-only { display: block !important; }
  .ant-layout-content { padding: 0 !important; }
}
.print-only { display: none; }
.row-overdue td { background: #fff1f0 !important; }
.nav-mobile, .score-bar { display: none; }
@media (max-width: 767px) {
  .nav-desktop, .user-name { display: none !important; }
  .nav-mobile { display: block; }
  .ant-layout-header { padding-inline: 12px !important; gap: 8px !important; }
  .ant-layout-content { padding: 12px !important; }
  .ant-btn { min-height: 40px; }
  .ant-descriptions-view table { table-layout: fixed; }
  .ant-descriptions-item-label, .ant-descriptions-item-content { word-break: break-word; }
}
@media (max-width: 991px) {
  .score-bar {
    display: flex; position: fixed; left: 0; right: 0; bottom: 0; z-index: 20; gap: 12px;
    align-items: center; justify-content: space-between; padding: 10px 16px; font-size: 15px;
    background: #fff; box-shadow: 0 -2px 8px rgba(0, 0, 0, 0.15);
  }
  .ant-layout-footer { padding-bottom: 72px; }
}
`;

export default function AppShell() {
  const { actor } = useLoaderData<typeof loader>();
  const location = useLocation();
  const items = navFor(actor.role).map((item) => ({ key: item.key, label: <Link to={item.key}>{item.label}</Link> }));
  const selected = activeNavKey(location.pathname, actor.role);
  const [drawer, setDrawer] = useState(false);
  return (
    <Layout style={{ minHeight: "100vh" }}>
      {/* Set as HTML, not as text: React would escape a quote or an angle bracket in text and the page would no longer
          hydrate. Paper: no navigation and no controls (.no-print); .print-only parts (评定表) appear. Phones: the
          menu in a drawer, the score bar pinned to the bottom. */}
      <style dangerouslySetInnerHTML={{ __html: SHELL_CSS }} />
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 24, paddingInline: 24 }}>
        <Link to="/" style={{ color: "#fff", fontSize: 18, fontWeight: 600, whiteSpace: "nowrap" }}>
          支部标尺
        </Link>
        <Menu
          className="nav-desktop"
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          items={items}
          style={{ flex: 1, minWidth: 0 }}
        />
        <div className="nav-mobile" style={{ flex: 1 }}>
          <Button
            type="text"
            icon={<MenuOutlined style={{ color: "#fff", fontSize: 20 }} />}
            aria-label="打开菜单"
            onClick={() => setDrawer(true)}
            style={{ width: 44, height: 44 }}
          />
        </div>
        <Drawer
          placement="left"
          open={drawer}
          onClose={() => setDrawer(false)}
          title={`${actor.displayName} · ${actor.regionName}`}
          width={280}
          styles={{ body: { padding: 0 } }}
        >
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={[...items, { key: "/account", label: <Link to="/account">我的账号</Link> }]}
            onClick={() => setDrawer(false)}
            style={{ borderInlineEnd: 0, fontSize: 16 }}
          />
        </Drawer>
        <Space style={{ color: "#fff" }}>
          <Tag color="gold">{ROLE_TITLES[actor.role]}</Tag>
          <Link to="/account" className="user-name" style={{ color: "#fff" }} title="我的账号：修改密码、API 令牌">
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
