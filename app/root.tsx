import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { App as AntdApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN.js";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn.js";
import type { ReactNode } from "react";
import antdStylesheet from "./styles/antd.css";
import { THEME } from "./utils/theme";
import { useNonce } from "./utils/nonce";

dayjs.locale("zh-cn");

export const meta: MetaFunction = () => [{ title: "支部标尺 · 党支部建设评价平台" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: antdStylesheet }];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        <Links />
      </head>
      <body style={{ margin: 0 }}>
        <ConfigProvider locale={zhCN} theme={THEME}>
          <AntdApp>{children}</AntdApp>
        </ConfigProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export { RouteErrorBoundary as ErrorBoundary } from "./components/RouteErrorBoundary";
