import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { MenuOutlined } from "@ant-design/icons";
import { Button, Drawer, Layout, Menu, Space, Tag } from "antd";
import { useState } from "react";
import { requireActor } from "~/server/auth/session.server";
import { activeNavKey, navFor } from "~/utils/nav";
import { ROLE_TITLES } from "~/utils/roles";
import shellStylesheet from "~/styles/shell.css";
import { TopNav } from "~/components/TopNav";
import { useHydrated } from "~/utils/hydrated";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: shellStylesheet }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { actor };
}

export default function AppShell() {
  const { actor } = useLoaderData<typeof loader>();
  const location = useLocation();
  const items = navFor(actor.role).map((item) => ({ key: item.key, label: <Link to={item.key}>{item.label}</Link> }));
  const selected = activeNavKey(location.pathname, actor.role);
  const [drawer, setDrawer] = useState(false);
  const hydrated = useHydrated();
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 24, paddingInline: 24 }}>
        <Link to="/" style={{ color: "#fff", fontSize: 18, fontWeight: 600, whiteSpace: "nowrap" }}>
          支部标尺
        </Link>
        <TopNav items={items} selected={selected} />
        <div className="nav-mobile" style={{ flex: 1 }}>
          <Button
            type="text"
            icon={<MenuOutlined style={{ color: "#fff", fontSize: 20 }} />}
            aria-label="打开菜单"
            onClick={() => setDrawer(true)}
            style={{ width: 44, height: 44 }}
          />
        </div>
        {/* Opened by a tap, so only once the scripts run: the server does not draw it for every page. */}
        {hydrated ? (
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
        ) : null}
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
