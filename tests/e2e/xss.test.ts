import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, publishRuleset } from "../helpers/api";
import { launchBrowser, pickOption, signInAs } from "../helpers/browser";
import { hohhot } from "../helpers/standards";
import { apiToken, ROOT, startServer, tempDir, type RunningServer } from "../helpers/server";

/**
 * H2 and the stored-XSS walk: a payload in every string a user can write — rule-set titles and descriptions,
 * params, rules, grades, indicators, form fields and their option names, cases, region, branch and user names,
 * answers, review reasons — then every page opened in Chromium, its tabs, drawers and chart tooltips included.
 * The browser ignores the Content-Security-Policy here (bypassCSP), so what is proven is the escaping itself: a
 * payload that reached the page as markup would run and be counted.
 */
const MARK = "XSS标记";
const payload = (n: number) =>
  `${MARK}${n}"'><img src=x onerror="window.__xss.push(${n})"><svg onload="window.__xss.push(${n})"></svg>` +
  `<script>window.__xss.push(${n})</script>`;

let server: RunningServer;
let browser: Browser;
let dbFile: string;
const tokens: Record<string, string> = {};
const api = apiAs(() => server.url, tokens);
let counter = 0;
let submissionId: number;
let spotCheckId: number;
let weakCaseId: number;
let publicity: { id: number; slug: string };

/** Every title, description, name, message and source in a rule set, each with its own payload after it. */
function poisoned<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, child]) => [
        key,
        typeof child === "string" && ["title", "description", "name", "message", "source"].includes(key)
          ? `${child}${payload(++counter)}`
          : walk(child),
      ]),
    );
  };
  return walk(value) as T;
}

async function poisonEverything() {
  const province = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150000/village.json"), "utf8"));
  await publishRuleset(api, "admin", poisoned(province));

  const city = poisoned(structuredClone(hohhot));
  city.form.extend.local.properties.xssNote = { type: "string", title: `说明${payload(++counter)}` };
  city.form.extend.local.properties.xssChoice = {
    type: "string",
    title: `选项${payload(++counter)}`,
    oneOf: [
      { const: "a", title: `甲${payload(++counter)}` },
      { const: "b", title: `乙${payload(++counter)}` },
    ],
  };
  city.form.ui.local["ui:order"].push("xssNote", "xssChoice");
  await publishRuleset(api, "hohhot-admin", city);

  const sqlite = new Database(dbFile);
  sqlite.prepare("UPDATE regions SET name = name || ? WHERE code IN ('150100', '150102')").run(payload(++counter));
  sqlite.prepare("UPDATE branches SET name = name || ? WHERE region_code = '150102'").run(payload(++counter));
  sqlite.prepare("UPDATE users SET display_name = display_name || ?").run(payload(++counter));
  sqlite.close();

  const { review, ...answers } = structuredClone(hohhot.cases[0].data);
  answers.local = { ...answers.local, xssNote: payload(++counter), xssChoice: "a" };
  const submitted = await api("/api/v1/submissions", "branch", { method: "POST", json: { year: 2025, data: answers } });
  expect(submitted.status).toBe(201);
  const { id } = await submitted.json();
  const rated = await api(`/api/v1/submissions/${id}/reviews`, "reviewer", {
    method: "POST",
    json: { siping: { review }, decision: "rate", gradeId: "advanced", reason: payload(++counter) },
  });
  expect(rated.status).toBe(201);
  const draft = await api("/api/v1/drafts/2026", "branch", {
    method: "PUT",
    json: { data: { local: { xssNote: payload(++counter) } } },
  });
  expect(draft.status).toBe(200);

  // Names of uploaded files are user strings too (a name may not hold “/”, so the payload here has none).
  const hostileName = (n: number) => `${MARK}${n}"'><img src=x onerror="window.__xss.push(${n})">.pdf`;
  const evidence = await fetch(`${server.url}/api/v1/drafts/2026/materials/member-meeting-minutes`, {
    method: "POST",
    headers: { authorization: `Bearer ${tokens.branch}`, "x-file-name": encodeURIComponent(hostileName(++counter)) },
    body: new TextEncoder().encode("%PDF-1.4\n%%EOF\n"),
  });
  expect(evidence.status).toBe(201);
  // A spot check of the rated submission: its seed, its findings and a check file's name.
  const drawn = await api("/api/v1/spot-checks", "hohhot-admin", {
    method: "POST",
    json: { region: "150102", year: 2025, size: 50, seed: `${MARK}<img src=x onerror=__xss.push(${++counter})>` },
  });
  expect(drawn.status).toBe(201);
  const check = (await drawn.json()) as { id: number; items: { id: number; submissionId: number }[] };
  spotCheckId = check.id;
  const item = check.items.find((i) => i.submissionId === id)!;
  const findings = await api(`/api/v1/spot-checks/${check.id}/items/${item.id}/results`, "reviewer", {
    method: "POST",
    json: { result: "failed", findings: payload(++counter) },
  });
  expect(findings.status).toBe(201);
  const checkFile = await fetch(`${server.url}/api/v1/spot-checks/${check.id}/items/${item.id}/files`, {
    method: "POST",
    headers: { authorization: `Bearer ${tokens.reviewer}`, "x-file-name": encodeURIComponent(hostileName(++counter)) },
    body: new TextEncoder().encode("%PDF-1.4\n% check\n%%EOF\n"),
  });
  expect(checkFile.status).toBe(201);

  // The year around the rating: a 软弱涣散 case's note, plan and report; a 公示's title and an objection.
  const weak = await api("/api/v1/weak-cases", "reviewer", {
    method: "POST",
    json: { ...(await branchOf("branch")), year: 2024, reasons: ["班子不健全"], note: payload(++counter) },
  });
  expect(weak.status).toBe(201);
  weakCaseId = (await weak.json()).id;
  const plan = await api(`/api/v1/weak-cases/${weakCaseId}/plans`, "reviewer", {
    method: "POST",
    json: {
      problems: payload(++counter),
      measures: payload(++counter),
      responsible: `${MARK}<img src=x onerror=__xss.push(${++counter})>`,
      deadline: "2099-12-31",
    },
  });
  expect(plan.status).toBe(201);
  const month = new Date().toISOString().slice(0, 7);
  const report = await api(`/api/v1/weak-cases/${weakCaseId}/reports`, "branch", {
    method: "POST",
    json: { month, progress: payload(++counter) },
  });
  expect(report.status).toBe(201);
  // A region's own 软弱涣散 reasons (30 characters at most, so a short payload).
  const reasons = await api("/api/v1/regions/150100/settings", "hohhot-admin", {
    method: "PUT",
    json: { weakReasons: [`<svg/onload=__xss.push(${++counter})>`] },
  });
  expect(reasons.status).toBe(200);
  const opened = await api("/api/v1/publicities", "hohhot-admin", {
    method: "POST",
    json: {
      region: "150102",
      year: 2025,
      submissionIds: [id],
      title: `${MARK}<img src=x onerror=__xss.push(${++counter})>`,
    },
  });
  expect(opened.status).toBe(201);
  const detail = (await opened.json()) as { id: number; slug: string; items: { id: number }[] };
  publicity = detail;
  const objection = await api(`/api/v1/publicities/${detail.id}/items/${detail.items[0].id}/objections`, "reviewer", {
    method: "POST",
    json: { content: payload(++counter), source: `${MARK}<img src=x onerror=__xss.push(${++counter})>` },
  });
  expect(objection.status).toBe(201);
  return id as number;
}

/** `{ branchId }` of a branch user's branch. */
async function branchOf(username: string) {
  const sqlite = new Database(dbFile, { readonly: true });
  const row = sqlite.prepare("SELECT branch_id AS branchId FROM users WHERE username = ?").get(username) as {
    branchId: number;
  };
  sqlite.close();
  return row;
}

async function openAs(username: string): Promise<Page> {
  const context = await browser.newContext({
    bypassCSP: true,
    viewport: { width: 1366, height: 768 },
    locale: "zh-CN",
  });
  // Counts payloads that ran, and — without waiting for an image to fail loading — every element that arrives in the
  // document with an event-handler attribute or script text from a payload: markup that escaping should have stopped.
  await context.addInitScript(() => {
    const found: unknown[] = [];
    (window as unknown as { __xss: unknown[] }).__xss = found;
    const inspect = (element: Element) => {
      for (const attribute of Array.from(element.attributes))
        if (attribute.name.startsWith("on") && attribute.value.includes("__xss"))
          found.push(element.outerHTML.slice(0, 80));
      if (element.tagName === "SCRIPT" && element.textContent?.trim().startsWith("window.__xss"))
        found.push("<script>");
    };
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of Array.from(record.addedNodes))
          if (node instanceof Element) [node, ...Array.from(node.querySelectorAll("*"))].forEach(inspect);
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await signInAs(page, server.url, username);
  return page;
}

const ran = (page: Page) => page.evaluate(() => (window as unknown as { __xss: unknown[] }).__xss);

/** Opens a page, hovers the shapes of every chart (ECharts tooltips are HTML), and checks that nothing ran. */
async function checkPage(page: Page, url: string, { mustShow = true } = {}) {
  await page.goto(server.url + url);
  await page.waitForLoadState("networkidle");
  for (const chart of await page.locator("[data-testid$='-chart'], [data-testid='transition-heatmap']").all())
    for (const shape of (await chart.locator("svg path").all()).slice(0, 24))
      await shape.hover({ force: true, timeout: 2_000 }).catch(() => undefined);
  if (mustShow) await expect.poll(() => page.locator("body").innerText(), { timeout: 20_000 }).toContain(MARK);
  expect(await ran(page), url).toEqual([]);
}

beforeAll(async () => {
  dbFile = path.join(tempDir(), "e2e-xss.db");
  server = await startServer(dbFile);
  for (const user of ["admin", "hohhot-admin", "branch", "reviewer"]) tokens[user] = apiToken(dbFile, user);
  browser = await launchBrowser();
  submissionId = await poisonEverything();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("H2 and every other sink: a stored payload is shown as text on every page, never run", () => {
  it("has stored the payload in every user-writable string", () => {
    expect(counter).toBeGreaterThan(100);
  });

  it("a branch's pages: home, the form with its live score, last year's result", async () => {
    const page = await openAs("branch");
    await checkPage(page, "/");
    await checkPage(page, "/fill");
    await checkPage(page, "/fill/2026");
    // The hostile file name, shown as text beside the answers it proves.
    await expect
      .poll(() => page.getByTestId("evidence-member-meeting-minutes").innerText())
      .toContain(`"'><img src=x onerror=`);
    await checkPage(page, "/fill/2025");
    await checkPage(page, `/submissions/${submissionId}`);
    await checkPage(page, `/weak/${weakCaseId}`);
    await page.context().close();
  });

  it("a reviewer's pages: the list, one submission with its trace, and the dashboard's charts", async () => {
    const page = await openAs("reviewer");
    await checkPage(page, "/review");
    await checkPage(page, `/review/${submissionId}`);
    expect(await page.getByTestId("failed-spot-check").innerText()).toContain(MARK);
    for (const button of await page.getByRole("button", { name: /为什么|查看/ }).all()) await button.click();
    expect(await ran(page)).toEqual([]);
    await checkPage(page, "/stats");
    await checkPage(page, "/weak");
    await checkPage(page, `/weak/${weakCaseId}`);
    // The plan's and the report's text, shown as text.
    expect(await page.getByTestId("weak-events").innerText()).toContain(`${MARK}<img src=x onerror=__xss.push(`);
    expect(await page.getByTestId("weak-events").innerText()).toContain("<script>window.__xss.push(");
    await checkPage(page, `/publicity?year=2025&id=${publicity.id}`);
    expect(await page.getByTestId("publicity").innerText()).toContain("<script>window.__xss.push(");
    await checkPage(page, `/gs/${publicity.slug}`);
    expect(await page.getByTestId("public-page").innerText()).toContain(`${MARK}<img src=x onerror=__xss.push(`);
    await page.context().close();
  });

  it("an administrator's pages: standards, every editor tab, compare with impact heatmap, stats, admin, accounts, audit", async () => {
    const page = await openAs("hohhot-admin");
    await checkPage(page, "/");
    await checkPage(page, "/standards");
    await checkPage(page, "/standards/150100/village");
    for (const tab of ["参数", "规则", "表单", "用例", "JSON", "版本历史"]) {
      await page.getByRole("tab", { name: tab }).first().click();
      expect(await ran(page), tab).toEqual([]);
    }
    await checkPage(page, "/standards/150000/village");
    const a = encodeURIComponent("150000/village@2");
    const b = encodeURIComponent("150100/village@2");
    await checkPage(page, `/compare?a=${a}&b=${b}`);
    await pickOption(page, page.getByLabel("影响分析年度"), "2025 年度");
    await page.getByRole("button", { name: "开始分析" }).click();
    const heatmap = page.getByTestId("transition-heatmap");
    await expect.poll(() => heatmap.locator("svg").count(), { timeout: 60_000 }).toBe(1);
    // ECharts' tooltip is an HTML element it shows beside the pointer, apart from the SVG axis labels.
    const tooltip = heatmap.locator("div[style*='z-index']");
    let shown = "";
    const cells = await heatmap.locator("svg path").all();
    for (const cell of cells) {
      await cell.hover({ force: true }).catch(() => undefined);
      shown = (await tooltip.count()) ? await tooltip.first().innerText() : "";
      if (shown.includes(MARK)) break;
    }
    // The grade titles reached the tooltip, as text.
    expect(shown).toContain(MARK);
    expect(await ran(page)).toEqual([]);
    await checkPage(page, "/stats?region=150100&domain=village&year=2025");
    await checkPage(page, "/admin");
    await checkPage(page, "/admin/users");
    await checkPage(page, "/account");
    await checkPage(page, "/audit");
    await checkPage(page, "/calendar");
    expect(await page.locator("main").innerText()).toContain("<svg/onload=__xss.push(");
    await checkPage(page, `/spot-checks?year=2025&id=${spotCheckId}`);
    const check = await page.getByTestId("spot-check").innerText();
    expect(check).toContain(`${MARK}<img src=x onerror=__xss.push(`);
    expect(check).toMatch(/XSS标记\d+"'><img src=x onerror="window.__xss.push\(\d+\)">\.pdf/);
    for (const row of (await page.getByRole("button", { name: /详情|查看/ }).all()).slice(0, 5)) await row.click();
    expect(await ran(page)).toEqual([]);
    await page.context().close();
  });
});
