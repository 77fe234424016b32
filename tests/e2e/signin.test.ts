import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, watchErrors } from "../helpers/browser";
import { DEMO_PASSWORD, startServer, tempDir, type RunningServer } from "../helpers/server";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(path.join(tempDir(), "e2e-signin.db"));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("signing in with Chromium", () => {
  it("signs in, sees the home page with the role's navigation, and signs out", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const errors = watchErrors(page);
    await page.goto(server.url + "/");
    await page.waitForURL(/\/login\?redirectTo=%2F$/);
    // Styled before any script runs: the server inlined antd's CSS.
    const buttonColor = await page.locator("button[type=submit]").evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(buttonColor).toBe("rgb(200, 22, 29)");
    await screenshot(page, "login");

    await page.getByLabel("用户名").fill("hohhot-admin");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await page.waitForURL(server.url + "/");
    await expect
      .poll(() => page.getByRole("heading", { level: 3 }).textContent())
      .toContain("欢迎，呼和浩特市委组织部管理员");
    const menu = await page.locator(".ant-menu-item").allTextContents();
    expect(menu).toEqual([
      "首页",
      "评价标准",
      "比较与影响",
      "组织机构",
      "账号",
      "审计日志",
      "评定",
      "统计",
      "随机抽查",
      "软弱涣散整顿",
      "公示",
      "年度安排",
    ]);
    // The server sent the menu as plain links; once the page is hydrated it is antd's, folding into ⋯ what does not
    // fit at 1366 px.
    await expect.poll(() => page.locator(".nav-desktop [data-menu-id]").count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator(".nav-desktop .ant-menu-overflow-item-rest").isVisible()).toBe(true);
    const file = await screenshot(page, "home");
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    await page.getByRole("menuitem", { name: "组织机构" }).click();
    await page.waitForURL(server.url + "/admin");
    await expect.poll(() => page.locator(".ant-table-row").count()).toBeGreaterThan(0);
    const regions = await page.locator(".ant-tree-title").allTextContents();
    expect(regions).toEqual(["呼和浩特市", expect.stringMatching(/^新城区\d+ 个支部$/)]);
    // Searching asks the server for the matching page: proof that the page hydrated.
    await page.getByPlaceholder("按支部名称搜索").fill("红旗村");
    await page.getByPlaceholder("按支部名称搜索").press("Enter");
    await page.waitForURL(/q=/);
    await expect.poll(() => page.locator(".ant-table-row").count()).toBe(1);
    await screenshot(page, "admin");

    await page.getByRole("button", { name: /退\s*出/ }).click();
    await page.waitForURL(/\/login/);
    expect(errors).toEqual([]);
  });

  it("shows a wrong password as one generic Chinese message", async () => {
    const page = await browser.newPage({ locale: "zh-CN" });
    await page.goto(server.url + "/login");
    await page.getByLabel("用户名").fill("branch");
    await page.getByLabel("密码").fill("not-the-password");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await expect.poll(() => page.locator(".ant-alert").textContent()).toContain("用户名或密码错误");
    await screenshot(page, "login-error");
  });
});
