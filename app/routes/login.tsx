import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, Button, Card, Input, Space, Typography } from "antd";
import { createSession, getActor, safeRedirect, signIn, signInRefusalMessage } from "~/server/auth/session.server";
import { requireSameOrigin } from "~/server/platform/http.server";

export const meta: MetaFunction = () => [{ title: "登录 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/");
  return null;
}

/** A throttled sign-in tells the client when to try again, also when the page is the response. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  requireSameOrigin(request);
  const username = String(form.get("username") ?? "");
  const password = String(form.get("password") ?? "");
  if (!username || !password) return data({ error: "请输入用户名和密码。" }, { status: 400 });
  const result = await signIn(username, password, context.clientAddress ?? "unknown");
  if (!result.ok) {
    if (result.reason === "throttled" || result.reason === "busy")
      return data(
        { error: signInRefusalMessage(result.reason, result.retryAfterSeconds) },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    if (result.reason === "disabled") return data({ error: "该账号已停用：请联系您的上级管理员。" }, { status: 403 });
    return data({ error: "用户名或密码错误。" }, { status: 401 });
  }
  const cookie = await createSession(result.user.id, request);
  throw redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <div
      style={{
        minHeight: "100vh",
        display: "grid",
        placeItems: "center",
        background: "linear-gradient(160deg,#fff1f0 0%,#f5f5f5 60%)",
      }}
    >
      <Card style={{ width: 380 }}>
        <Space orientation="vertical" size="large" style={{ width: "100%" }}>
          <div style={{ textAlign: "center" }}>
            <Typography.Title level={3} style={{ marginBottom: 4 }}>
              支部标尺
            </Typography.Title>
            <Typography.Text type="secondary">党支部建设评价平台</Typography.Text>
          </div>
          {actionData?.error ? <Alert type="error" showIcon message={actionData.error} /> : null}
          <Form method="post">
            <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
            <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
              <label>
                <Typography.Text>用户名</Typography.Text>
                <Input name="username" autoComplete="username" autoFocus size="large" required />
              </label>
              <label>
                <Typography.Text>密码</Typography.Text>
                <Input.Password name="password" autoComplete="current-password" size="large" required />
              </label>
              <Button type="primary" htmlType="submit" size="large" block loading={busy}>
                登录
              </Button>
            </Space>
          </Form>
        </Space>
      </Card>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
