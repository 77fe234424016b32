import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
import { DEMO_PASSWORD, ROOT, startServer, tempDir } from "./server";

export const ARTIFACTS = path.join(ROOT, "test-artifacts");

export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!fs.existsSync(candidate)) {
    throw new Error(
      `Chromium not found at ${candidate}: run \`apt-get install chromium fonts-noto-cjk\` or set CHROMIUM_PATH`,
    );
  }
  return candidate;
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, "e2e", `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects console errors and uncaught exceptions, hydration mismatches among them. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** Signs in through the login page, as a person would, and waits for the home page. */
export async function signInAs(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(baseUrl + "/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.waitForURL(baseUrl + "/");
}

/** The real server on a fresh database and one signed-in Chromium page at 1366×768, collecting page errors. */
export async function browserSession(dbName: string, username: string) {
  const server = await startServer(path.join(tempDir(), dbName));
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" })).newPage();
  page.setDefaultTimeout(15_000);
  const errors = watchErrors(page);
  await signInAs(page, server.url, username);
  return { server, browser, page, errors, close: async () => (await browser.close(), await server.stop()) };
}

/**
 * Opens an antd select (react-querybuilder's antd selects too) and picks the option with this text, then waits until
 * the dropdown has closed. On a busy machine a click during the previous dropdown's closing animation is lost, so
 * the select is opened again until the option shows.
 */
export async function pickOption(page: Page, select: Locator, option: string): Promise<void> {
  const openDropdowns = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)");
  const item = openDropdowns.locator(".ant-select-item-option").filter({ hasText: option }).first();
  for (let attempt = 0; attempt < 3 && !(await item.isVisible()); attempt++) {
    // Clicking while a dropdown is open would close it again: click only when none is (still) open.
    if ((await openDropdowns.count()) === 0) await select.click();
    await item.waitFor({ state: "visible", timeout: 5_000 }).catch(() => undefined);
  }
  await item.click();
  await expect.poll(() => openDropdowns.count()).toBe(0);
}
