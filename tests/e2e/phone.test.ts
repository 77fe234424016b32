import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, PHONE, screenshot, signedInPage, signInAs, watchErrors } from "../helpers/browser";
import { apiToken, ROOT, startServer, tempDir, type RunningServer } from "../helpers/server";

// A village secretary on a phone (issue "Village secretaries on phones", item 1 and its proof): at 390×844 the menu
// is a drawer, the score and grade stay pinned to the bottom while the form scrolls, the section index says how much
// is filled, and the form can be submitted; its result and 整顿台账 fit the phone (cards, stacked answers, a chart whose
// labels do not collide). Reviewers' and admins' pages stay usable at a tablet's 768 px.
let server: RunningServer;
let browser: Browser;
let dbFile: string;
const YEAR = new Date().getFullYear() - 1;

beforeAll(async () => {
  dbFile = path.join(tempDir(), "e2e-phone.db");
  server = await startServer(dbFile);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const branchIdOf = (username: string) => {
  const sqlite = new Database(dbFile, { readonly: true });
  try {
    return (sqlite.prepare("SELECT branch_id AS id FROM users WHERE username = ?").get(username) as { id: number }).id;
  } finally {
    sqlite.close();
  }
};

describe("a branch secretary on a 390×844 phone", () => {
  it("signs in, opens the menu, fills two sections watching the score bar, and submits", async () => {
    const { page, errors, close } = await signedInPage(browser, server.url, "branch", {
      device: PHONE,
      timeout: 20_000,
    });
    // 呼和浩特's full-marks answers, as an import would bring them, minus one answer in each of two sections.
    const hohhot = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150100/village.json"), "utf8"));
    const { review: _review, ...data } = structuredClone(hohhot.cases[0].data);
    delete data.political.studySessions;
    delete data.life.memberMeetings;
    expect((await page.request.put(`${server.url}/api/v1/drafts/${YEAR}`, { data: { data } })).status()).toBe(200);

    // The menu: a button that opens a drawer, not a bar of links too narrow to tap.
    expect(await page.locator(".nav-desktop").isVisible()).toBe(false);
    await page.getByRole("button", { name: "打开菜单" }).click();
    const drawer = page.getByRole("dialog");
    await drawer.getByRole("menuitem", { name: "填报" }).click();
    await page.waitForURL(`${server.url}/fill`);
    await page.getByRole("button", { name: `填报 ${YEAR} 年度` }).click();
    await page.waitForURL(`${server.url}/fill/${YEAR}`);

    const bar = page.getByTestId("score-bar");
    await expect.poll(() => bar.isVisible()).toBe(true);
    const index = page.getByTestId("section-index");
    await expect.poll(() => index.textContent()).toMatch(/已填 \d+\/\d+/);
    const filled = async () => Number(/已填 (\d+)\//.exec((await index.textContent()) ?? "")![1]);
    const before = { bar: await bar.textContent(), filled: await filled() };

    await page.locator("#root_political_studySessions").fill("12");
    await expect.poll(() => bar.textContent()).not.toBe(before.bar);
    const afterFirst = await bar.textContent();
    await page.locator("#root_life_memberMeetings").fill("12");
    await expect.poll(() => bar.textContent()).not.toBe(afterFirst);
    await expect.poll(filled).toBe(before.filled + 2);
    // Still pinned to the bottom of the screen while the form is scrolled.
    const box = await bar.boundingBox();
    expect(box!.y + box!.height).toBeGreaterThan(800);
    expect(box!.width).toBe(390);
    await screenshot(page, "phone-fill");

    // A 佐证说明 is asked for only after a “是”: answering “否” takes its box away, “是” brings it back with its text.
    const note = page.locator("#root_political_implementsDecisionsNote");
    await expect.poll(() => note.count()).toBe(1);
    const typed = await note.inputValue();
    const decisions = page.locator("#root_political_implementsDecisions");
    await decisions.getByText("否", { exact: true }).click();
    await expect.poll(() => note.count()).toBe(0);
    await decisions.getByText("是", { exact: true }).click();
    await expect.poll(() => note.count()).toBe(1);
    expect(await note.inputValue()).toBe(typed);

    await expect.poll(() => page.getByTestId("save-status").textContent(), { timeout: 10_000 }).toContain("已自动保存");
    await page.getByRole("button", { name: /^申\s*报$/ }).click();
    await page
      .locator(".ant-modal-confirm")
      .getByRole("button", { name: /申\s*报/ })
      .click();
    await page.waitForURL(/\/submissions\/\d+$/);
    await expect.poll(() => page.getByTestId("status").textContent()).toBe("已申报");
    // The result page fits the phone's width: nothing to scroll sideways.
    await expect.poll(() => page.locator("[data-testid=indicator-chart] svg").count()).toBe(1);
    const sticksOut = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > 391)
        .slice(0, 8)
        .map((e) => `${e.tagName}.${String(e.className).slice(0, 60)}`),
    );
    expect(sticksOut).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "phone-result");

    // The indicators' names side by side at 390 px would overlap: each has a row of its own.
    const labels = await page.locator("[data-testid=indicator-chart] svg text").evaluateAll((texts) =>
      texts
        .filter((t) => /强$/.test(t.textContent ?? ""))
        .map((t) => {
          const r = t.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
        }),
    );
    expect(labels).toHaveLength(5);
    const overlapping = labels.filter((a, i) =>
      labels.some((b, j) => i < j && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom),
    );
    expect(overlapping).toEqual([]);
    // Answers: each label above its answer, not squeezed into a column a character wide.
    const labelWidths = await page
      .locator(".ant-descriptions-item-label")
      .evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().width).filter((width) => width > 0));
    expect(labelWidths.length).toBeGreaterThan(10);
    expect(Math.min(...labelWidths)).toBeGreaterThan(250);
    // Why: every rule as a card, not a table to scroll sideways.
    await page.getByText("为什么？查看每条规则的判断过程").click();
    const cards = page.getByTestId("rule-trace-cards").locator(".ant-card");
    await expect.poll(() => cards.count()).toBeGreaterThan(20);
    expect(await page.locator(".ant-collapse .ant-table").count()).toBe(0);
    expect(await cards.first().evaluate((c) => c.getBoundingClientRect().right)).toBeLessThanOrEqual(390);

    // The branch's 整顿台账: a case confirmed by its reviewer, shown as a card with its stage.
    const confirm = await fetch(`${server.url}/api/v1/weak-cases`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken(dbFile, "reviewer")}`, "content-type": "application/json" },
      body: JSON.stringify({
        branchId: branchIdOf("branch"),
        year: YEAR - 1,
        reasons: ["班子不健全"],
        note: "书记长期外出",
      }),
    });
    expect(confirm.status).toBe(201);
    await page.goto(`${server.url}/weak`);
    const caseCard = page.getByTestId("weak-case-cards").locator(".ant-card");
    await expect.poll(() => caseCard.count()).toBe(1);
    await expect.poll(() => caseCard.textContent()).toContain("班子不健全");
    expect(await page.locator(".ant-table").count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "phone-weak");
    expect(errors).toEqual([]);
    await close();
  });

  it("opened from its address, draws the form from the standard it fetched while the scripts loaded, or keeps what was typed over a reload", async () => {
    const { page, errors, close } = await signedInPage(browser, server.url, "branch", {
      device: PHONE,
      timeout: 20_000,
    });
    const fetched: string[] = [];
    page.on("requestfinished", async (request) => {
      if (!request.url().includes("/content?v=")) return;
      const response = await request.response();
      fetched.push(`${response?.status()} ${request.resourceType()}`);
    });
    await page.goto(`${server.url}/fill/${YEAR}`);
    await expect.poll(() => page.locator("form.rjsf #root_political_studySessions").count()).toBe(1);
    await expect.poll(() => page.getByTestId("section-index").textContent()).toMatch(/已填 \d+\/\d+/);
    await expect.poll(() => page.getByTestId("score-bar").textContent()).toMatch(/得分 \d+/);
    // One request, the preload's (Chromium counts its kind as "other"): the fetch before hydration took its answer
    // instead of asking again. And the page hydrated without a mismatch.
    expect(fetched).toEqual(["200 other"]);
    expect(errors).toEqual([]);

    // Without it (the network dropped), the page says so in Chinese and offers to reload, instead of failing.
    await page.route("**/content?v=*", (route) => route.abort("internetdisconnected"));
    await page.goto(`${server.url}/fill/${YEAR}`);
    await expect.poll(() => page.locator(".load-failure[role=alert]").textContent()).toContain("页面数据未能载入");
    expect(errors.filter((e) => !e.includes("ERR_INTERNET_DISCONNECTED"))).toEqual([]);
    // The form the server drew can still be filled, and what is typed into it goes with the reload.
    await page.locator(".plain-form #root_political_studySessions").fill("7");
    await page.unroute("**/content?v=*");
    await page.getByRole("button", { name: "刷新页面" }).click();
    await expect.poll(() => page.locator("form.rjsf #root_political_studySessions").inputValue()).toBe("7");
    await expect
      .poll(async () => (await (await page.request.get(`${server.url}/api/v1/drafts/${YEAR}`)).json()).data.political)
      .toMatchObject({ studySessions: 7 });
    await close();
  });

  it("fills the form the server drew before the scripts arrive, and keeps what was typed when they do", async () => {
    const { page, errors, close } = await signedInPage(browser, server.url, "branch", {
      device: PHONE,
      timeout: 20_000,
    });
    // The page's scripts held back, as a slow network holds them, until the answers are typed.
    let release!: () => void;
    const scriptsMayCome = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/build/**/*.js", async (route) => (await scriptsMayCome, await route.continue()));
    await page.goto(`${server.url}/fill/${YEAR}`, { waitUntil: "commit" });

    const plain = page.locator(".plain-form");
    await plain.locator("#root_political_studySessions").fill("9");
    await plain.locator('[data-f="oneShoulder"]').getByText("是", { exact: true }).click();
    // The 一肩挑 说明 the live form asks for once 是 is chosen, and the unit beside a number, drawn by the server.
    expect(await plain.locator('[data-f="memberCount"]').textContent()).toContain("名");
    const themedDays = plain.locator("#root_political_themedPartyDays");
    await themedDays.fill("");
    await themedDays.pressSequentially("11");
    expect(await page.locator("form.rjsf").count()).toBe(0);
    await screenshot(page, "phone-before-scripts");

    release();
    const live = page.locator("form.rjsf");
    await expect.poll(() => live.locator("#root_political_studySessions").inputValue()).toBe("9");
    expect(await live.locator("#root_basic_oneShoulder-0").isChecked()).toBe(true);
    expect(await live.locator("#root_basic_oneShoulderNote").count()).toBe(1);
    expect(await live.locator("#root_political_themedPartyDays").inputValue()).toBe("11");
    // Still typing in the field it was typing in, and the live form answers the next key.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("root_political_themedPartyDays");
    await page.keyboard.press("Backspace");
    await expect.poll(() => live.locator("#root_political_themedPartyDays").inputValue()).toBe("1");
    // Saved as any answer is: first what was typed before the scripts, then the key pressed after.
    const saved = async () => (await (await page.request.get(`${server.url}/api/v1/drafts/${YEAR}`)).json()).data;
    await expect.poll(async () => (await saved()).political.themedPartyDays, { timeout: 10_000 }).toBe(1);
    expect((await saved()).political.studySessions).toBe(9);
    expect((await saved()).basic.oneShoulder).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });

  it("leaves every reviewer's and admin's page usable at 768 px: nothing reaches past the screen's edge", async () => {
    const submission = (() => {
      const sqlite = new Database(dbFile, { readonly: true });
      try {
        return (sqlite.prepare("SELECT id FROM submissions ORDER BY id LIMIT 1").get() as { id: number }).id;
      } finally {
        sqlite.close();
      }
    })();
    const walks = {
      admin: ["/", "/standards", "/standards/150000/village", "/compare", "/admin", "/admin/users", "/audit"]
        .concat(["/review", `/submissions/${submission}`, "/stats", "/spot-checks", "/weak", "/publicity"])
        .concat(["/calendar", "/account"]),
      "hohhot-reviewer": ["/", "/review", `/submissions/${submission}`, "/stats", "/weak", "/publicity"],
    };
    for (const [user, pages] of Object.entries(walks)) {
      const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: "zh-CN" });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signInAs(page, server.url, user);
      for (const pathname of pages) {
        await page.goto(`${server.url}${pathname}`);
        await page.waitForLoadState("networkidle");
        // What is wider than the screen must sit in a box that scrolls sideways within the screen (a wide table).
        const outside = await page.evaluate(() =>
          [...document.querySelectorAll("body *")]
            .filter((element) => {
              if (element.getBoundingClientRect().right <= innerWidth + 1) return false;
              for (let box = element.parentElement; box; box = box.parentElement) {
                const overflow = getComputedStyle(box).overflowX;
                if (overflow !== "visible" && box.getBoundingClientRect().right <= innerWidth + 1) return false;
              }
              return true;
            })
            .slice(0, 4)
            .map((element) => `${element.tagName}.${String(element.className).slice(0, 60)}`),
        );
        expect({ user, pathname, outside }).toEqual({ user, pathname, outside: [] });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
