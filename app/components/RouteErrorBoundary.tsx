import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Button, Result } from "antd";

const TITLES: Record<number, { title: string; subTitle: string }> = {
  400: { title: "请求有误", subTitle: "请求的内容不正确，请检查后重试。" },
  401: { title: "请先登录", subTitle: "登录已过期或尚未登录。" },
  403: { title: "无权访问", subTitle: "该页面超出了您的区域或支部权限范围。" },
  404: { title: "页面不存在", subTitle: "您访问的页面不存在或已被移除，请检查地址是否正确。" },
  409: { title: "暂时不能这样做", subTitle: "当前状态不允许这项操作。" },
  422: { title: "内容需要修改", subTitle: "提交的内容没有通过检查。" },
};
const FALLBACK = {
  title: "系统出错了",
  subTitle: "服务器处理请求时出现问题，请稍后重试；如果问题持续，请联系管理员。",
};

/**
 * What a page shows when its loader or action refuses or fails: the status in Chinese and, for a refusal, the
 * server's own sentence (a DomainError's message). Programming errors never show their text.
 */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = TITLES[status] ?? FALLBACK;
  const said = isRouteErrorResponse(error) && typeof error.data?.error === "string" ? error.data.error : null;
  const resultStatus = status === 404 ? "404" : status === 403 ? "403" : status >= 500 ? "500" : "warning";
  return (
    <div style={{ padding: "64px 16px" }} data-testid="route-error">
      <Result
        status={resultStatus}
        title={`${status} · ${known.title}`}
        subTitle={said ?? known.subTitle}
        extra={
          <Button type="primary" href="/">
            返回首页
          </Button>
        }
      />
    </div>
  );
}
