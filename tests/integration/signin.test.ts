import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, startServer, tempDir, type RunningServer } from "../helpers/server";

let server: RunningServer;

beforeAll(async () => {
  // As behind a reverse proxy on this machine, so each test signs in as a client of its own (X-Forwarded-For).
  server = await startServer(path.join(tempDir(), "signin.db"), { BRANCHMARK_TRUST_PROXY: "loopback" });
});

afterAll(async () => {
  await server?.stop();
});

function attempt(username: string, password: string, client = "203.0.113.7") {
  return fetch(`${server.url}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password }),
    redirect: "manual",
    headers: { "x-forwarded-for": client },
  });
}

describe("sign-in", () => {
  it("serves a Chinese login page styled by antd's baked stylesheet, cached for a year", async () => {
    const html = await (await fetch(`${server.url}/login`)).text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("用户名");
    const href = html.match(/<link rel="stylesheet" href="(\/build\/_assets\/antd-[A-Z0-9]+\.css)"/)?.[1];
    expect(href).toBeDefined();
    const sheet = await fetch(`${server.url}${href}`);
    expect(sheet.headers.get("cache-control")).toContain("immutable");
    const css = await sheet.text();
    expect(css).toContain(".ant-btn");
    // the platform's theme, in the CSS-variable scope every antd element of the page carries
    expect(css).toMatch(/\.bm\{[^}]*--ant-color-primary:#c8161d/i);
    expect(html).toMatch(/class="[^"]*\bant-btn\b[^"]*\bbm\b/);
  });

  it("sends a signed-in page's top navigation as plain links in antd's menu markup, the current page marked", async () => {
    const signedIn = await attempt("reviewer", DEMO_PASSWORD, "203.0.113.40");
    const cookie = signedIn.headers.get("set-cookie")!.split(";")[0];
    const html = await (await fetch(`${server.url}/stats`, { headers: { cookie } })).text();
    const nav = html.match(/<ul class="[^"]*\bnav-desktop\b[^"]*"[^>]*>(.*?)<\/ul>/s)?.[0] ?? "";
    expect(nav).toContain("ant-menu-dark");
    const links = [...nav.matchAll(/<a[^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);
    expect(links).toEqual([
      "首页 /",
      "评价标准 /standards",
      "比较与影响 /compare",
      "评定 /review",
      "统计 /stats",
      "随机抽查 /spot-checks",
      "软弱涣散整顿 /weak",
      "公示 /publicity",
    ]);
    expect(nav.match(/<li[^>]*ant-menu-item-selected[^>]*>.*?<\/li>/s)?.[0]).toContain(">统计</a>");
    // antd's Menu itself is drawn only in the browser (app/components/TopNav.tsx).
    expect(nav).not.toContain("data-menu-id");
  });

  it("serves the icon from the public folder, cached for an hour", async () => {
    const icon = await fetch(`${server.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(icon.headers.get("cache-control")).toContain("max-age=3600");
    expect(await icon.text()).toContain("<svg");
  });

  it("redirects anonymous visitors of a page to the login page", async () => {
    const response = await fetch(`${server.url}/admin`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fadmin");
  });

  it("gives one generic message for an unknown user and for a wrong password", async () => {
    const unknown = await attempt("nobody", "whatever", "203.0.113.1");
    const wrong = await attempt("admin", "wrong-password", "203.0.113.1");
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const [a, b] = [await unknown.text(), await wrong.text()];
    expect(a).toContain("用户名或密码错误");
    expect(b).toContain("用户名或密码错误");
    expect(a).not.toContain("不存在");
  });

  it("sets an httpOnly, SameSite=Lax session cookie and signs out", async () => {
    const response = await attempt("reviewer", DEMO_PASSWORD, "203.0.113.2");
    expect(response.status).toBe(302);
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = setCookie.split(";")[0];
    const home = await fetch(server.url + "/", { headers: { cookie } });
    expect(await home.text()).toContain("新城区委组织部评定人");

    const out = await fetch(`${server.url}/logout`, { method: "POST", headers: { cookie }, redirect: "manual" });
    expect(out.status).toBe(302);
    const after = await fetch(server.url + "/", { headers: { cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
  });

  it("marks the cookie Secure when served over https", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ username: "branch", password: DEMO_PASSWORD }),
      redirect: "manual",
      headers: { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.3" },
    });
    expect(response.headers.get("set-cookie")).toMatch(/Secure/i);
  });

  it("throttles the 6th failure within a minute, even with the right password", async () => {
    for (let i = 1; i <= 5; i++) {
      expect((await attempt("hohhot-admin", `wrong-${i}`, "198.51.100.9")).status).toBe(401);
    }
    const sixth = await attempt("hohhot-admin", DEMO_PASSWORD, "198.51.100.9");
    expect(sixth.status).toBe(429);
    expect(await sixth.text()).toMatch(/登录失败次数过多，请 \d+ 秒后再试/);
    // Another client is not locked out by someone else's failures.
    expect((await attempt("hohhot-admin", DEMO_PASSWORD, "198.51.100.10")).status).toBe(302);
  });

  it("never redirects off-site after sign-in", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ username: "admin", password: DEMO_PASSWORD, redirectTo: "//evil.example/" }),
      redirect: "manual",
      headers: { "x-forwarded-for": "203.0.113.4" },
    });
    expect(response.headers.get("location")).toBe("/");
  });

  it("answers unknown pages with a Chinese 404", async () => {
    const response = await fetch(`${server.url}/no-such-page`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("页面不存在");
  });
});
