import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
import type { MetaFunction } from "@remix-run/node";
import { App as AntdApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN.js";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn.js";
import type { ReactNode } from "react";
import { AntdStyles } from "./components/AntdStyles";
import { useNonce } from "./utils/nonce";

dayjs.locale("zh-cn");

export const meta: MetaFunction = () => [{ title: "支部标尺 · 党支部建设评价平台" }];

const theme = { token: { colorPrimary: "#c8161d", borderRadius: 6 } };

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
        <AntdStyles />
      </head>
      <body style={{ margin: 0 }}>
        <ConfigProvider locale={zhCN} theme={theme}>
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
