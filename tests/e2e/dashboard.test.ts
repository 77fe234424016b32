import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryFile } from "../helpers/api";
import { browserSession, messageShown, openConfirmation, pickOption, screenshot } from "../helpers/browser";
import type { RunningServer } from "../helpers/server";

let session: Awaited<ReturnType<typeof browserSession>>;
let server: RunningServer;
let page: Page;
let errors: string[];

beforeAll(async () => {
  session = await browserSession("e2e-dashboard.db", "hohhot-admin");
  ({ server, page, errors } = session);
});

afterAll(async () => {
  await session?.close();
});

describe("the dashboard on a 1366×768 screen", () => {
  it("shows 呼和浩特's 2025 ratio against its target with charts, and drills down to 新城区", async () => {
    await page.getByRole("menuitem", { name: "统计" }).click();
    await page.waitForURL(`${server.url}/stats`);
    await expect(page.getByTestId("strongest-ratio").textContent()).resolves.toMatch(/最强比例（目标 50\.0%）\d+\.\d%/);
    for (const chart of ["status-chart", "grades-chart", "children-chart", "trend-chart"]) {
      await expect.poll(() => page.getByTestId(chart).locator("svg").count()).toBe(1);
    }
    await screenshot(page, "dashboard-hohhot");
    await page.getByRole("link", { name: "新城区" }).click();
    await page.waitForURL(/region=150102/);
    await expect.poll(() => page.getByRole("heading", { level: 4 }).textContent()).toContain("新城区");
    await expect.poll(() => page.getByTestId("status-chart").locator("svg").count()).toBe(1);
  });

  it("reports a file that is not xlsx right away, in Chinese", async () => {
    await pickOption(page, page.getByRole("combobox", { name: "领域" }), "嘎查村/村");
    await page.waitForURL(/domain=village/);
    await expect.poll(() => page.getByRole("heading", { level: 4 }).textContent()).toContain("嘎查村/村");
    await expect.poll(() => page.getByRole("combobox", { name: "模板对应的评价标准" }).isDisabled()).toBe(false);
    const refused = messageShown(page, "不是 Excel（.xlsx）文件");
    await page
      .locator("input[type=file]")
      .setInputFiles({ name: "名单.csv", mimeType: "text/csv", buffer: Buffer.from("支部编号,支部名称\n1,红旗村") });
    await refused;
    await screenshot(page, "dashboard-village");
    // The browser logs the refused upload itself; nothing else may fail.
    expect(errors.filter((e) => !e.includes("status of 415"))).toEqual([]);
  });
});

describe("the year's 最强 target box", () => {
  const query = queryFile(() => session.dbFile);
  const stored = () =>
    query<{ ratio: number }>("SELECT ratio FROM targets WHERE region_code = '150100' AND year = 2025");
  const audits = () =>
    query<{ action: string }>("SELECT action FROM audit_log WHERE entity_id = '150100/2025' ORDER BY id");

  it("refuses 150 instead of saving 100%, saves 35 once on Enter, and clears back to the inherited target", async () => {
    await page.goto(`${server.url}/stats?region=150100`);
    const box = page.getByRole("textbox", { name: "2025 年度目标" });
    await box.fill("150");
    const refused = messageShown(page, "2025 年度目标应为 0 到 100 之间的百分数，“150”不是。");
    await box.press("Enter");
    await refused;
    expect(stored()).toEqual([]);
    await expect.poll(() => box.inputValue()).toBe("");

    const saved = messageShown(page, "2025 年度目标已设为 35%");
    await box.fill("35");
    await box.press("Enter");
    await saved;
    await page.getByRole("heading", { level: 4 }).click();
    expect(stored()).toEqual([{ ratio: 0.35 }]);
    expect(audits().map((a) => a.action)).toEqual(["target.set"]);

    const cleared = messageShown(page, "2025 年度目标已清除");
    await box.fill("");
    await box.press("Enter");
    await cleared;
    expect(stored()).toEqual([]);
    expect(audits().map((a) => a.action)).toEqual(["target.set", "target.clear"]);
  });

  it("draws a 随机抽查 twice from one seed, gets the same branches, and a failed check leads the reviewer to 动态调整", async () => {
    const errorsBefore = errors.length;
    await page.goto(`${server.url}/spot-checks?year=2025`);
    const sampleNames = async () => {
      const rows = page.getByTestId("spot-check").locator(".ant-table-row");
      await expect.poll(() => rows.count()).toBe(3);
      return Promise.all((await rows.all()).map((row) => row.locator("td").first().innerText()));
    };
    const drawWithSeed = async () => {
      const url = page.url();
      await page.locator(".ant-radio-button-wrapper", { hasText: "数量" }).click();
      await page.getByLabel("抽查数量或比例").fill("3");
      await page.getByLabel("随机种子").fill("2025年度复核");
      // Not anchored at the start: antd's loading icon can linger in the button (named “loading”) while it fades.
      await page.getByRole("button", { name: /抽\s*取$/ }).click();
      await expect.poll(() => page.url()).not.toBe(url);
      return sampleNames();
    };
    const first = await drawWithSeed();
    const second = await drawWithSeed();
    expect(second).toEqual(first);
    expect(await page.getByTestId("spot-check").innerText()).toContain("随机种子 2025年度复核");

    // The first sampled branch fails its check; the visit's record goes with it.
    const row = page.getByTestId("spot-check").locator(".ant-table-row").first();
    await openConfirmation(row.getByRole("button", { name: /不通过/ }));
    await page.getByLabel("抽查发现").fill("党员大会记录与签到表不符");
    await page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /不通过/ })
      .click();
    await expect.poll(() => row.innerText()).toContain("党员大会记录与签到表不符");
    await row.locator("input[type=file]").setInputFiles({
      name: "现场检查记录.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
    });
    await expect.poll(() => row.getByRole("link", { name: /现场检查记录\.pdf/ }).count()).toBe(1);
    // 动态调整 is the reviewer's: the admin who drew the check is not offered it.
    expect(await row.getByRole("link", { name: "据此动态调整" }).count()).toBe(0);
    await screenshot(page, "spot-check");

    const { page: reviewer } = await session.newPage("reviewer");
    await reviewer.goto(page.url());
    const reviewerRow = reviewer
      .getByTestId("spot-check")
      .locator(".ant-table-row")
      .filter({ hasText: "党员大会记录与签到表不符" });
    await reviewerRow.getByRole("link", { name: "据此动态调整" }).click();
    await reviewer.waitForURL(/\/review\/\d+#adjust$/);
    await expect
      .poll(() => reviewer.getByTestId("failed-spot-check").innerText())
      .toContain("党员大会记录与签到表不符");
    expect(errors.slice(errorsBefore)).toEqual([]);
  });
});
