import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { MetaFunction } from "@remix-run/node";
import { App as AntdApp, Button, ConfigProvider, Result } from "antd";
import zhCN from "antd/locale/zh_CN.js";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn.js";
import type { ReactNode } from "react";
import { AntdStyles } from "./components/AntdStyles";

dayjs.locale("zh-cn");

export const meta: MetaFunction = () => [{ title: "支部标尺 · 党支部建设评价平台" }];

const theme = { token: { colorPrimary: "#c8161d", borderRadius: 6 } };

export function Layout({ children }: { children: ReactNode }) {
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
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  let status = 500;
  let title = "系统出错了";
  let subTitle = "服务器处理请求时出现问题，请稍后重试；如果问题持续，请联系管理员。";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (status === 404) {
      title = "页面不存在";
      subTitle = "您访问的页面不存在或已被移除，请检查地址是否正确。";
    } else if (status === 403) {
      title = "无权访问";
      subTitle = "该页面超出了您的区域或支部权限范围。";
    } else if (status === 401) {
      title = "请先登录";
      subTitle = "登录已过期或尚未登录。";
    }
  }
  const resultStatus = status === 404 ? "404" : status === 403 ? "403" : "500";
  return (
    <div style={{ padding: "64px 16px" }}>
      <Result
        status={resultStatus}
        title={`${status} · ${title}`}
        subTitle={subTitle}
        extra={
          <Button type="primary" href="/">
            返回首页
          </Button>
        }
      />
    </div>
  );
}
