import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "~/utils/format";
import { apiAs } from "../helpers/api";
import { browserSession, messageShown, pickOption, screenshot } from "../helpers/browser";
import { apiToken, ROOT, type RunningServer } from "../helpers/server";

// The year around the rating in Chromium (issue "The year around the rating"): a reviewer confirms a branch as
// 软弱涣散, the branch files its plan and two monthly reports, the reviewer accepts and closes it, and next year's
// form says so; an admin opens a 公示, the public page is read signed out, an objection is recorded and handled,
// the 公示 closes and the result counts.
let session: Awaited<ReturnType<typeof browserSession>>;
let server: RunningServer;
let reviewer: Page;
let errors: string[];
const tokens: Record<string, string> = {};
const api = apiAs(() => server.url, tokens);
const YEAR = Number(todayInChina().slice(0, 4));
const BRANCH = "新城区红旗村党支部";
const shift = (days: number) => new Date(Date.parse(todayInChina()) + days * 86_400_000).toISOString().slice(0, 10);

/** Types a date into an antd picker and confirms it, as a person does with the keyboard. */
async function typeDate(page: Page, label: string, value: string) {
  const input = page.getByLabel(label);
  await input.click();
  await input.fill(value);
  await input.press("Enter");
  await expect.poll(() => input.inputValue()).toBe(value);
}

beforeAll(async () => {
  session = await browserSession("e2e-year-cycle.db", "reviewer");
  ({ server, page: reviewer, errors } = session);
  for (const user of ["branch", "reviewer"]) tokens[user] = apiToken(session.dbFile, user);
});

afterAll(async () => {
  await session?.close();
});

describe("软弱涣散 from 排查 to 销号, in the browser", () => {
  let caseUrl: string;

  it("a reviewer confirms a candidate; the branch files its plan and two reports; 验收, 销号, and next year's form says so", async () => {
    {
      // the reviewer finds the branch among last year's candidates and confirms it with reasons
      const { page: branch } = await session.newPage("branch");
      await branch.goto(`${server.url}/fill/${YEAR}`);
      await expect.poll(() => branch.getByTestId("live-score").count()).toBe(1);
      expect(await branch.getByTestId("weak-context").count()).toBe(0);

      await reviewer.goto(`${server.url}/weak?year=${YEAR - 1}`);
      const row = reviewer.locator(".ant-table-row", { hasText: BRANCH });
      await expect.poll(() => row.textContent()).toContain(`${YEAR - 1} 年度未申报`);
      await row.getByRole("button", { name: "认定软弱涣散" }).click();
      await pickOption(reviewer, reviewer.getByLabel("软弱涣散原因"), "班子不健全");
      await reviewer.getByLabel("补充说明").fill("书记长期外出务工，支委缺额两名");
      await reviewer.getByRole("button", { name: /^认\s*定$/ }).click();
      await reviewer.waitForURL(/\/weak\/\d+$/);
      caseUrl = reviewer.url();
      await expect.poll(() => reviewer.getByTestId("weak-stage").textContent()).toContain("已认定");
    }
    {
      // the branch files its 整顿 plan and two monthly reports, one with a photo of the meeting
      const { page: branch } = await session.newPage("branch");
      await branch.goto(`${server.url}/weak`);
      await branch.locator(".ant-table-row").getByRole("link", { name: BRANCH }).first().click();
      await branch.waitForURL(caseUrl);
      await branch.getByLabel("存在问题").fill("支委缺额，组织生活不经常");
      await branch.getByLabel("整改措施").fill("补选支委；每月召开支委会，每季度召开党员大会");
      await branch.getByLabel("责任人").fill("新城区委组织部 李某");
      await branch.getByLabel("第一书记（如选派）").fill("王某（区财政局）");
      await typeDate(branch, "整改时限", shift(60));
      const planned = messageShown(branch, "整顿方案已保存");
      await branch.getByRole("button", { name: "保存整顿方案" }).click();
      await planned;
      await expect.poll(() => branch.getByTestId("weak-stage").textContent()).toContain("整顿中");

      const lastMonth = new Date(Date.parse(`${todayInChina().slice(0, 7)}-01`) - 86_400_000).toISOString().slice(0, 7);
      await typeDate(branch, "进展月份", lastMonth);
      await branch.getByLabel("本月整顿进展").fill("召开党员大会，补选支委两名");
      const first = messageShown(branch, "整顿进展已报送");
      await branch.getByRole("button", { name: `报送 ${lastMonth} 整顿进展` }).click();
      await first;
      await typeDate(branch, "进展月份", todayInChina().slice(0, 7));
      await branch.getByLabel("本月整顿进展").fill("建立“三会一课”台账，本月支委会按时召开");
      const second = messageShown(branch, "整顿进展已报送");
      await branch.getByRole("button", { name: `报送 ${todayInChina().slice(0, 7)} 整顿进展` }).click();
      await second;
      const events = branch.getByTestId("weak-events");
      await expect.poll(() => events.locator(".ant-timeline-item").count()).toBe(3);
      await events
        .locator("input[type=file]")
        .first()
        .setInputFiles({
          name: "支委会记录.pdf",
          mimeType: "application/pdf",
          buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
        });
      await expect.poll(() => events.getByRole("link", { name: /支委会记录\.pdf/ }).count()).toBe(1);
      await screenshot(branch, "weak-branch");
    }
    {
      // the reviewer accepts the 整顿 and closes the case; next year's form says so
      await reviewer.goto(caseUrl);
      await reviewer.getByLabel("验收意见").fill("支委配齐，组织生活正常，台账完整");
      const accepted = messageShown(reviewer, "验收结果已记录");
      await reviewer.getByRole("button", { name: "记录验收结果" }).click();
      await accepted;
      await expect.poll(() => reviewer.getByTestId("weak-stage").textContent()).toContain("已验收");
      const closed = messageShown(reviewer, "已销号");
      await reviewer.getByRole("button", { name: /^销\s*号$/ }).click();
      await closed;
      await expect.poll(() => reviewer.getByTestId("weak-stage").textContent()).toContain("已销号");
      await screenshot(reviewer, "weak-closed");

      const { page: branch } = await session.newPage("branch");
      await branch.goto(`${server.url}/fill/${YEAR}`);
      await expect.poll(() => branch.getByTestId("weak-context").textContent()).toContain("上一年度被认定为软弱涣散");
      await reviewer.goto(`${server.url}/weak`);
      await expect
        .poll(() => reviewer.locator(".ant-table-row", { hasText: BRANCH }).first().textContent())
        .toContain("已销号");
    }
  });
});

describe("公示 from opening to counting, in the browser", () => {
  let publicUrl: string;

  it("an admin opens a 公示, anyone reads it signed out, an objection is handled, the 公示 closes and counts", async () => {
    {
      // rates a result, and the admin opens its 公示
      const hohhot = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150100/village.json"), "utf8"));
      const { review, ...data } = structuredClone(hohhot.cases[0].data);
      const submitted = await api("/api/v1/submissions", "branch", { method: "POST", json: { year: YEAR, data } });
      expect(submitted.status).toBe(201);
      const { id } = await submitted.json();
      const rated = await api(`/api/v1/submissions/${id}/reviews`, "reviewer", {
        method: "POST",
        json: { siping: { review }, decision: "rate", gradeId: "advanced", reason: "上年度软弱涣散，已整顿销号" },
      });
      expect(rated.status).toBe(201);

      const { page: admin } = await session.newPage("hohhot-admin");
      await admin.goto(`${server.url}/publicity?year=${YEAR}`);
      await expect.poll(() => admin.locator("body").textContent()).toContain("1 个评定结果待公示");
      // Posted on the notice board three weeks ago: the period is already over.
      await typeDate(admin, "公示开始日期", shift(-21));
      await admin.getByRole("button", { name: /开始公示/ }).click();
      const detail = admin.getByTestId("publicity");
      await expect.poll(() => detail.textContent()).toContain(BRANCH);
      publicUrl = server.url + (await detail.getByRole("link", { name: /公示页面/ }).getAttribute("href"))!;
    }
    {
      // shows the public page to anyone, signed out: branch, region, grade and period only
      const context = await session.browser.newContext({ locale: "zh-CN" });
      const page = await context.newPage();
      await page.goto(publicUrl);
      const shown = page.getByTestId("public-page");
      await expect.poll(() => shown.textContent()).toContain(BRANCH);
      const text = (await shown.innerText()) ?? "";
      expect(text).toContain("公示期");
      expect(text).toMatch(/先进/);
      expect(text).not.toMatch(/得分|分数|\d+(\.\d+)? 分/);
      expect(
        await page.locator("img[alt='本公示的二维码']").evaluate((img: HTMLImageElement) => img.naturalWidth),
      ).toBeGreaterThan(0);
      await screenshot(page, "publicity-public");
      await context.close();
    }
    {
      // records an objection, handles it, closes the 公示, and the result counts
      await reviewer.goto(`${server.url}/publicity?year=${YEAR}`);
      await reviewer.locator(".ant-table-row").first().click();
      const detail = reviewer.getByTestId("publicity");
      await detail.getByRole("button", { name: "登记异议" }).click();
      await reviewer.getByLabel("异议内容").fill("来信反映：该村党员大会记录不全");
      await reviewer.getByRole("button", { name: /^登\s*记$/ }).click();
      await expect.poll(() => detail.textContent()).toContain("有异议");
      await detail.getByRole("button", { name: /^处\s*理$/ }).click();
      await reviewer.getByLabel("处理情况").fill("经核查，会议记录完整，异议不成立");
      await reviewer.getByRole("button", { name: "保存处理结果" }).click();
      await expect.poll(() => detail.textContent()).toContain("不成立");

      const { page: admin } = await session.newPage("hohhot-admin");
      await admin.goto(reviewer.url());
      await admin.getByRole("button", { name: "结束公示" }).click();
      await expect.poll(() => admin.locator(".ant-table-row").first().textContent()).toContain("已结束");
      await admin.goto(`${server.url}/stats?region=150102&year=${YEAR}`);
      const progress = admin.getByTestId("publicity-progress");
      await expect.poll(() => progress.textContent()).toMatch(/已公示1个/);
      expect(errors).toEqual([]);
    }
  });
});
