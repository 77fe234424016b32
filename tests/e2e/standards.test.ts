import type { Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiAs, publishRuleset } from "../helpers/api";
import { hohhot, raisedStandard } from "../helpers/standards";
import { browserSession, messageShown, openConfirmation, pickOption, screenshot } from "../helpers/browser";
import { apiToken } from "../helpers/server";

// One server for the file; every test opens the editor in a browser context of its own and builds the revisions
// it needs through the API, so each can run alone and in any order.
let session: Awaited<ReturnType<typeof browserSession>>;
let page: Page;
let errors: string[];
let closePage: () => Promise<void>;
const tokens: Record<string, string> = {};
const api = apiAs(() => session.server.url, tokens);

const editedStandard = () => raisedStandard({ fixCase: true, gridWorkers: true });

/** The shipped standard published again, then the edited one: two revisions to compare. */
async function editedRevisions() {
  const a = await publishRuleset(api, "hohhot-admin", hohhot);
  const b = await publishRuleset(api, "hohhot-admin", editedStandard());
  return { a: a.revision, b: b.revision };
}

const saveDraft = async (content: object) =>
  expect((await api("/api/v1/rulesets/150100/village", "hohhot-admin", { method: "PUT", json: content })).status).toBe(
    200,
  );

beforeAll(async () => {
  session = await browserSession("e2e-standards.db", "hohhot-admin");
  tokens["hohhot-admin"] = apiToken(session.dbFile, "hohhot-admin");
});

beforeEach(async () => {
  ({ page, errors, close: closePage } = await session.newPage());
});

afterEach(async () => {
  expect(errors).toEqual([]);
  await closePage();
});

afterAll(async () => {
  await session?.close();
});

const pick = (select: Locator, option: string) => pickOption(page, select, option);
const drawer = () => page.getByRole("dialog").last();
const caseSummary = () => page.getByTestId("case-summary");
const openEditor = async () => {
  await page.goto(`${session.server.url}/standards/150100/village`);
  await expect.poll(() => page.getByRole("tab", { name: "参数" }).count()).toBe(1);
};

describe("a 呼和浩特 administrator changes its 嘎查村 standard without writing code", () => {
  it("raises the 最强 line in the params table, and is told at the field when a value breaks the parent's bound", async () => {
    await page.getByRole("menuitem", { name: "评价标准" }).click();
    await page.waitForURL(`${session.server.url}/standards`);
    await page.getByRole("link", { name: "编辑" }).first().click();
    await page.waitForURL(`${session.server.url}/standards/150100/village`);

    const scoreLine = page.getByLabel("最强党支部分数线 的取值");
    await scoreLine.fill("85");
    await expect
      .poll(() => page.locator(".ant-form-item-explain-error").first().textContent())
      .toContain("低于上级规则集允许的下限 90");
    await screenshot(page, "standards-param-bound");
    await scoreLine.fill("95");
    await expect.poll(() => page.locator(".ant-form-item-explain-error").count()).toBe(0);
  });

  it("adds a 集体经济增收星 rule with the visual builder, comparing a form field with a param", async () => {
    await openEditor();
    await page.getByRole("tab", { name: "规则" }).click();
    await page.getByRole("button", { name: "新增规则" }).click();
    await drawer().getByLabel("规则编号").fill("local-income-star");
    await drawer().getByLabel("规则名称").fill("集体经济增收星");
    await pick(drawer().getByLabel("规则效果"), "得星");
    await drawer().getByLabel("星的名称").fill("集体经济增收星");
    await drawer().getByLabel("来源").fill("呼和浩特市本地选择");

    const rule = drawer().locator(".rule").first();
    await pick(rule.locator(".rule-fields"), "集体经济年经营性收入");
    await pick(rule.locator(".rule-operators"), "≥");
    await pick(rule.locator(".rule-valueSource"), "参数或字段");
    await pick(rule.locator(".rule-value"), "参数 · 集体经济年经营性收入下限");
    await expect
      .poll(() => drawer().locator(".ant-alert-info").textContent())
      .toContain("嘎查村集体经济年经营性收入 ≥ 集体经济年经营性收入下限（10 万元）");
    await screenshot(page, "standards-visual-builder");

    await drawer().getByRole("tab", { name: "JSON" }).click();
    await expect.poll(() => drawer().locator(".cm-content").textContent()).toContain('"path": "$.collectiveIncomeMin"');
    await drawer().getByRole("tab", { name: "可视化" }).click();
    await expect(rule.locator(".rule-value").textContent()).resolves.toContain("集体经济年经营性收入下限");
    await drawer().getByRole("button", { name: "确 定" }).click();
    await page.getByPlaceholder("按编号、名称或来源搜索规则").fill("增收");
    await page.getByPlaceholder("按编号、名称或来源搜索规则").press("Enter");
    await expect.poll(() => page.locator(".ant-table-row").filter({ hasText: "集体经济增收星" }).count()).toBe(1);
    await expect(page.locator(".ant-table-row").filter({ hasText: "集体经济增收星" }).textContent()).resolves.toContain(
      "本级新增",
    );
  });

  it("adds a field to its own section in the form editor and sees it in the live preview", async () => {
    await openEditor();
    await page.getByRole("tab", { name: "表单" }).click();
    await page.getByRole("button", { name: "新增字段" }).click();
    const dialog = page.getByRole("dialog").last();
    await dialog.getByLabel("字段标题").fill("网格员人数");
    await dialog.getByLabel("字段名").fill("gridWorkers");
    await pick(dialog.getByLabel("字段类型"), "整数");
    await dialog.getByLabel("单位").fill("名");
    await dialog.getByLabel("最小值").fill("0");
    await dialog.getByRole("button", { name: "确 定" }).click();
    await expect.poll(() => page.locator(".ant-table-row").filter({ hasText: "$.local.gridWorkers" }).count()).toBe(1);
    await expect.poll(() => page.getByTestId("form-preview").getByText("网格员人数").count()).toBe(1);
    await screenshot(page, "standards-form-editor");
  });

  it("raises the line, sees the case at the old line fail, fixes its expectation, and the cases pass", async () => {
    await saveDraft(hohhot);
    await openEditor();
    await page.getByLabel("最强党支部分数线 的取值").fill("95");
    await page.getByRole("tab", { name: /用例/ }).click();
    await page.getByRole("button", { name: "运行全部用例" }).click();
    await expect.poll(() => caseSummary().textContent(), { timeout: 60_000 }).toContain("未通过 1");
    const failing = page.locator(".ant-table-row").filter({ hasText: "恰好92分" });
    await expect(failing.textContent()).resolves.toContain("等次应为 “最强党支部”，实际为 “先进”");
    await screenshot(page, "standards-case-fails");

    await failing.getByRole("button", { name: "编辑" }).click();
    await drawer().getByLabel("用例名称").fill("92分低于新分数线95分，评为先进");
    await pick(drawer().getByLabel("期望等次"), "先进");
    await drawer().getByRole("button", { name: "确 定" }).click();
    await expect.poll(() => caseSummary().textContent(), { timeout: 60_000 }).toContain("未通过 0");
  });

  it("makes a case from a stored submission, expecting what the draft gives it", async () => {
    await saveDraft(editedStandard());
    await openEditor();
    await page.getByRole("tab", { name: /用例/ }).click();
    await expect.poll(() => caseSummary().textContent(), { timeout: 60_000 }).toContain("未通过 0");
    const before = Number(/共 (\d+) 个用例/.exec((await caseSummary().textContent()) ?? "")![1]);
    await page.getByRole("button", { name: "从已存申报生成用例" }).click();
    const dialog = page.getByRole("dialog").last();
    const submission = dialog.locator(".ant-table-row").filter({ hasText: "面铺窑村" }).first();
    const made = messageShown(page, "已按当前规则生成用例");
    await submission.getByRole("button", { name: "生成用例" }).click();
    await made;
    await expect.poll(() => caseSummary().textContent(), { timeout: 60_000 }).toContain(`共 ${before + 1} 个用例`);
    await expect(caseSummary().textContent()).resolves.toContain("未通过 0");
    await expect(
      page.locator(".ant-table-row").filter({ hasText: "面铺窑村党支部" }).first().textContent(),
    ).resolves.toContain("先进");
  });

  it("a refused publish says the draft was saved but not published, and names the failing case by its name", async () => {
    await saveDraft(raisedStandard());
    await openEditor();
    await openConfirmation(page.getByRole("button", { name: "发 布" }));
    await page.locator(".ant-popconfirm").getByRole("button", { name: "发 布" }).click();
    const problems = page.getByTestId("lint-errors");
    await expect.poll(() => problems.count(), { timeout: 60_000 }).toBe(1);
    const text = await problems.textContent();
    expect(text).toContain("未发布（草稿已保存）");
    expect(text).toContain("用例「恰好92分」");
    expect(text).toContain("等次应为 “最强党支部”，实际为 “先进”");
    expect(text).not.toContain("$.");
    expect(text).not.toContain("未保存");
    // The refusal itself is the only thing the browser logs.
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    errors.length = 0;
  });

  it("a region setting up its standard for the first time sees no unsaved-changes warning until it edits", async () => {
    await page.goto(`${session.server.url}/standards/150102/village`);
    await expect.poll(() => page.getByRole("tab", { name: "参数" }).count()).toBe(1);
    await page.getByLabel("最强党支部分数线 的取值").fill("93");
    // Typing shows the badge only once the page is hydrated, and a stale backup banner would have shown by then.
    await expect.poll(() => page.getByText("有未保存的修改").count()).toBe(1);
    expect(await page.getByText(/浏览器中保留着/).count()).toBe(0);
  });

  it("publishes the edited draft as the next revision", async () => {
    const latest = (await (await api("/api/v1/rulesets/150100/village", "hohhot-admin")).json()).revision as number;
    await saveDraft(editedStandard());
    await openEditor();
    await openConfirmation(page.getByRole("button", { name: "发 布" }));
    await page.getByLabel("修改说明").fill("提高分数线，增加网格员人数");
    const published = messageShown(page, `已发布第 ${latest + 1} 版`);
    await page.locator(".ant-popconfirm").getByRole("button", { name: "发 布" }).click();
    await published;
    await expect
      .poll(() => page.getByText(`已发布 第 ${latest + 1} 版`).count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    await page.getByRole("tab", { name: "版本历史" }).click();
    await expect
      .poll(() => page.locator(".ant-table-row").filter({ hasText: "提高分数线，增加网格员人数" }).count())
      .toBe(1);
    await screenshot(page, "standards-published");
  });

  it("shows the same rule set as JSON, and says in Chinese where the JSON breaks", async () => {
    await saveDraft(editedStandard());
    await openEditor();
    await page.getByRole("tab", { name: "JSON" }).click();
    const editor = page.locator(".cm-content").first();
    await expect.poll(() => editor.textContent()).toContain('"scoreLine": 95');
    await editor.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(",");
    await expect.poll(() => page.getByText("JSON 有格式错误").count()).toBe(1);
    await expect.poll(() => page.locator(".cm-lint-marker-error").count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await screenshot(page, "standards-json");
  });

  it("lists the publication in the audit log in sentences, with its change note and a highlighted diff", async () => {
    await publishRuleset(api, "hohhot-admin", hohhot);
    await publishRuleset(api, "hohhot-admin", editedStandard(), "按本年度要求提高分数线");
    await page.goto(`${session.server.url}/audit`);
    const row = page.locator(".ant-table-row").filter({ hasText: "发布规则集" }).first();
    const text = await row.textContent();
    expect(text).toContain("修改说明：按本年度要求提高分数线");
    expect(text).toContain("参数「最强党支部分数线」：92 分 → 95 分");
    expect(text).toContain("新增表单字段「网格员人数」");
    await row.getByRole("button", { name: "修改前后对比" }).click();
    const changes = page.getByTestId("audit-changes");
    const line = changes.locator("tr").filter({ hasText: "最强党支部分数线" });
    await expect.poll(() => line.count()).toBe(1);
    await expect(line.locator("del").textContent()).resolves.toBe("92");
    await expect(line.locator("ins").textContent()).resolves.toBe("95");
    await screenshot(page, "standards-audit");
  });

  it("compares two revisions: the raised line, the new rule and the new field", async () => {
    const { a, b } = await editedRevisions();
    await page.goto(
      `${session.server.url}/compare?a=${encodeURIComponent(`150100/village@${a}`)}&b=${encodeURIComponent(`150100/village@${b}`)}`,
    );
    const params = page.getByTestId("diff-params");
    await expect(params.textContent()).resolves.toMatch(/最强党支部分数线.*92分.*95分.*提高/);
    await expect(page.getByTestId("diff-rules").textContent()).resolves.toContain("集体经济增收星");
    const fields = await page.getByTestId("diff-form").textContent();
    expect(fields).toContain("本市特色指标 › 网格员人数");
    expect(fields).not.toContain("$.");
    await screenshot(page, "standards-compare");
  });

  it("sees which demo branches change grade under the edited standard, with a progress bar and a heatmap", async () => {
    const { a, b } = await editedRevisions();
    await page.goto(
      `${session.server.url}/compare?a=${encodeURIComponent(`150100/village@${a}`)}&b=${encodeURIComponent(`150100/village@${b}`)}`,
    );
    await pick(page.getByLabel("影响分析年度"), "2025 年度");
    await page.getByRole("button", { name: "开始分析" }).click();
    await expect
      .poll(() => page.getByTestId("impact-progress").textContent(), { timeout: 30_000 })
      .toMatch(/^(\d+) \/ \1$/);
    const rows = page.getByTestId("impact-branches").locator(".ant-table-row");
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const first = await rows.first().textContent();
    expect(first).toMatch(/新城区.*村党支部/);
    expect(first).toMatch(/最强党支部.*先进/);
    await expect.poll(() => page.getByTestId("transition-heatmap").locator("svg").count()).toBe(1);
    await screenshot(page, "standards-impact");
  });
});
