import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSession, messageShown, pickOption, screenshot } from "../helpers/browser";
import { ORG_HEADERS, writeXlsx } from "../helpers/xlsx-writer";

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

  it("onboards a 旗县 from the organisation workbook: template, preview, import, 账号分发表, first sign-in, the form", async () => {
    await page.getByRole("menuitem", { name: "组织机构" }).click();
    await page.waitForURL(`${session.server.url}/admin`);
    await expect.poll(() => page.locator(".ant-table-row").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "导入组织机构" }).click();
    const dialog = page.getByRole("dialog");
    const [template] = await Promise.all([
      page.waitForEvent("download"),
      dialog.getByRole("link", { name: /下载导入模板/ }).click(),
    ]);
    const templateBook = new ExcelJS.Workbook();
    await templateBook.xlsx.readFile((await template.path())!);
    const headers = (name: string) => (templateBook.getWorksheet(name)!.getRow(1).values as string[]).slice(1);
    expect(headers("区域")).toEqual(ORG_HEADERS.regions);

    // Filled by a different writer than the app's, as WPS or Excel would save it.
    const filled = await writeXlsx([
      {
        name: "区域",
        rows: [
          headers("区域"),
          ["150105", "赛罕区", "行政区域", "呼和浩特市"],
          ["150105001", "敕勒川路街道", "行政区域", "赛罕区"],
        ],
      },
      {
        name: "党支部",
        rows: [
          headers("党支部"),
          ["", "赛罕区金河村党支部", "敕勒川路街道", "嘎查村/村", "2010-06-01", 32, "乌云", "13847100000"],
        ],
      },
      {
        name: "账号",
        rows: [headers("账号"), ["jinhe-secretary", "乌云", "党支部", "敕勒川路街道", "赛罕区金河村党支部"]],
      },
    ]);
    await dialog.locator("input[type=file]").setInputFiles({
      name: "赛罕区.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: filled,
    });
    await dialog.getByRole("button", { name: "检查并预览" }).click();
    await expect.poll(() => dialog.getByText("新增行政区域 赛罕区（上级：呼和浩特市，代码 150105）").count()).toBe(0);
    await expect.poll(() => dialog.getByText("没有发现错误。").count(), { timeout: 60_000 }).toBe(1);
    await dialog.getByRole("tab", { name: "将要写入的变化" }).click();
    await expect.poll(() => dialog.getByText("新增行政区域 赛罕区（上级：呼和浩特市，代码 150105）").count()).toBe(1);
    await screenshot(page, "organisation-preview");
    await dialog.getByRole("button", { name: "确认导入" }).click();
    await expect.poll(() => dialog.getByText(/^已导入：区域新增 2/).count(), { timeout: 60_000 }).toBe(1);
    const [sheet] = await Promise.all([
      page.waitForEvent("download"),
      dialog.getByRole("link", { name: /下载账号分发表/ }).click(),
    ]);
    const accounts = new ExcelJS.Workbook();
    await accounts.xlsx.readFile((await sheet.path())!);
    const row = accounts.getWorksheet("账号分发表")!.getRow(2).values as string[];
    expect(row.slice(1, 3)).toEqual(["jinhe-secretary", expect.stringMatching(/^[A-Za-z0-9]{16}$/)]);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".ant-tree-title", { hasText: "赛罕区" }).count()).toBe(1);

    const secretary = await session.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const own = await secretary.newPage();
    await own.goto(session.server.url + "/login");
    await own.getByLabel("用户名").fill("jinhe-secretary");
    await own.getByLabel("密码").fill(row[2]);
    await own.getByRole("button", { name: /登\s*录/ }).click();
    await own.waitForURL(`${session.server.url}/account?required=1`);
    await own.getByLabel("当前密码").fill(row[2]);
    await own.getByLabel("新密码", { exact: true }).fill("Jinhe-River-2026");
    await own.getByLabel("再次输入新密码").fill("Jinhe-River-2026");
    await own.getByRole("button", { name: "修改密码" }).click();
    await own.waitForURL(session.server.url + "/");
    await own.getByRole("menuitem", { name: "填报" }).click();
    await own
      .getByRole("button", { name: /^填报 \d+ 年度$/ })
      .first()
      .click();
    await own.waitForURL(/\/fill\/\d+/);
    await own.locator("#root_political_studySessions").fill("12");
    await expect.poll(() => own.getByTestId("save-status").textContent(), { timeout: 10_000 }).toContain("已自动保存");
    await screenshot(own, "organisation-new-branch-fills");
    await secretary.close();
    expect(errors).toEqual([]);
  });

  it("adds a 党(工)委 in the tree and moves a branch under it, and the branch's history says so", async () => {
    await page.goto(`${session.server.url}/admin?region=150100`);
    await page.getByRole("button", { name: "新增下级" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("党(工)委", { exact: true }).click();
    await dialog.getByLabel("名称").fill("市直机关工委");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => page.locator(".ant-tree-title", { hasText: "市直机关工委" }).count()).toBe(1);

    await page.getByPlaceholder("按支部名称搜索").fill("人民政府办公室");
    await page.getByPlaceholder("按支部名称搜索").press("Enter");
    await page.waitForURL(/q=/);
    await expect.poll(() => page.locator(".ant-table-row").count()).toBe(1);
    await page
      .locator(".ant-table-row")
      .getByRole("button", { name: /编\s*辑/ })
      .click();
    const edit = page.getByRole("dialog");
    await edit.getByRole("combobox", { name: "所属区域" }).click();
    await edit.getByRole("combobox", { name: "所属区域" }).fill("市直");
    await page.locator(".ant-select-tree-title", { hasText: "市直机关工委" }).click();
    await edit.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => page.locator(".ant-table-row").first().textContent()).toContain("市直机关工委");
    await page.locator(".ant-table-row").getByRole("button", { name: "记录" }).click();
    await expect
      .poll(() => page.getByTestId("history-entry").first().textContent())
      .toMatch(/^迁移支部.*所属区域：新城区 → 市直机关工委/);
    await screenshot(page, "organisation-history");
    expect(errors).toEqual([]);
  });
});
