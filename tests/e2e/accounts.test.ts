import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSession, messageShown, pickOption, screenshot } from "../helpers/browser";

let session: Awaited<ReturnType<typeof browserSession>>;
let page: Page;
let errors: string[];

beforeAll(async () => {
  session = await browserSession("e2e-accounts.db", "hohhot-admin");
  ({ page, errors } = session);
});

afterAll(async () => {
  await session?.close();
});

describe("a 呼和浩特 admin hands a branch secretary an account", () => {
  it("creates it on 账号, sees the initial password once, and the secretary must choose their own at sign-in", async () => {
    await page.getByRole("menuitem", { name: "账号" }).click();
    await page.waitForURL(`${session.server.url}/admin/users`);
    await expect.poll(() => page.getByRole("row").count()).toBeGreaterThan(1);
    await page.getByRole("button", { name: "新建账号" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("用户名").fill("hongqi-secretary");
    await dialog.getByLabel("姓名").fill("红旗村书记");
    await pickOption(page, dialog.getByRole("combobox", { name: "角色" }), "党支部");
    await dialog.getByRole("combobox", { name: "区域" }).click();
    // antd's tree items carry the region code at the end of their id.
    await page.locator("[role=treeitem][id$='-150102']").click();
    const picker = dialog.getByRole("combobox", { name: "所属党支部" });
    await picker.click();
    await picker.fill("红旗");
    await page.locator(".ant-select-item-option", { hasText: "新城区红旗村党支部" }).click();
    await dialog.getByRole("button", { name: /保\s*存/ }).click();

    const shown = page.getByTestId("one-time-password");
    await expect.poll(() => shown.count()).toBe(1);
    const password = (await shown.textContent())!.trim();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    await screenshot(page, "accounts-created");
    await page.getByRole("button", { name: /知道了|确\s*定|OK/ }).click();
    await expect
      .poll(() => page.getByRole("row", { name: /hongqi-secretary/ }).textContent())
      .toContain("待本人设置密码");

    const secretary = await session.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const own = await secretary.newPage();
    await own.goto(session.server.url + "/login");
    await own.getByLabel("用户名").fill("hongqi-secretary");
    await own.getByLabel("密码").fill(password);
    await own.getByRole("button", { name: /登\s*录/ }).click();
    await own.waitForURL(`${session.server.url}/account?required=1`);
    await expect.poll(() => own.getByText("请先设置您自己的密码").count()).toBe(1);
    await own.getByLabel("当前密码").fill(password);
    await own.getByLabel("新密码", { exact: true }).fill("12345678");
    await own.getByLabel("再次输入新密码").fill("12345678");
    await own.getByRole("button", { name: "修改密码" }).click();
    await expect.poll(() => own.getByText("这是很常见的密码，容易被猜到：请换一个。").count()).toBe(1);
    await own.getByLabel("新密码", { exact: true }).fill("Grassland-Wind-88");
    await own.getByLabel("再次输入新密码").fill("Grassland-Wind-88");
    const changed = messageShown(own, "密码已修改");
    await own.getByRole("button", { name: "修改密码" }).click();
    await changed;
    await own.waitForURL(session.server.url + "/");
    await own.getByRole("menuitem", { name: "填报" }).click();
    await own.waitForURL(/\/fill/);
    await screenshot(own, "accounts-secretary-fill");
    await secretary.close();
    expect(errors).toEqual([]);
  });
});
