import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from "playwright-core";
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

/** Debian's Chromium, headless, with the flags this closed network needs (and any `extraArgs`). */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
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
      ...extraArgs,
    ],
  });
}

const DESKTOP = { viewport: { width: 1366, height: 768 }, locale: "zh-CN" } as const;

/** A branch secretary's phone: 390×844 CSS pixels at twice the density, touch, Chinese. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "zh-CN",
} as const;

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, "e2e", `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Content-Security-Policy violations of every page in this test file; tests/helpers/csp-guard.ts fails the test
 * during which one happened.
 */
export const cspViolations: string[] = [];

/** Collects console errors and uncaught exceptions, hydration mismatches among them; CSP violations also apart. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    errors.push(message.text());
    if (message.text().includes("Content Security Policy")) cspViolations.push(`${page.url()}: ${message.text()}`);
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

/**
 * A new browser context (its own cookies and storage), at 1366×768 unless another device is given, signed in,
 * collecting its page errors.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  username: string,
  { device = DESKTOP, timeout = 15_000 }: { device?: BrowserContextOptions; timeout?: number } = {},
) {
  const context = await browser.newContext(device);
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const errors = watchErrors(page);
  await signInAs(page, baseUrl, username);
  return { page, errors, close: () => context.close() };
}

/**
 * The real server on a fresh database and one signed-in Chromium page, collecting page errors; `newPage` gives a
 * test a page of its own (fresh cookies and storage) on the same server.
 */
export async function browserSession(dbName: string, username: string) {
  const dbFile = path.join(tempDir(), dbName);
  const server = await startServer(dbFile);
  const browser = await launchBrowser();
  const { page, errors } = await signedInPage(browser, server.url, username);
  return {
    server,
    dbFile,
    browser,
    page,
    errors,
    newPage: (user = username) => signedInPage(browser, server.url, user),
    close: async () => (await browser.close(), await server.stop()),
  };
}

/**
 * A promise that settles when an antd message with this text shows. Messages vanish after a few seconds, so start
 * waiting before the action that shows one: the browser itself watches for it, and a busy machine cannot miss it.
 */
export function messageShown(page: Page, text: string, timeout = 60_000): Promise<void> {
  return page.locator(".ant-message").filter({ hasText: text }).first().waitFor({ timeout });
}

/**
 * Picks the option with this text in an antd select (react-querybuilder's antd selects too), as a person would:
 * open it, click the option in *its own* dropdown (found through the combobox's `aria-controls`, so a dropdown
 * still closing elsewhere never matters), and wait until the select shows the choice. Everything waited on is
 * what the page shows — the select's open state, its options, its shown value — never an animation. On a busy
 * machine a click can land while the dropdown is still opening and be lost; then the pick is tried again.
 */
export async function pickOption(page: Page, select: Locator, option: string): Promise<void> {
  const root = select.locator("xpath=ancestor-or-self::*[contains(concat(' ', @class, ' '), ' ant-select ')][1]");
  const combobox = root.locator("[role=combobox]");
  const shown = root.locator(".ant-select-content");
  const showsChoice = async () => ((await shown.textContent()) ?? "").includes(option);
  for (let attempt = 1; ; attempt++) {
    if (await showsChoice()) return;
    if ((await combobox.getAttribute("aria-expanded")) !== "true") await root.click();
    await expect.poll(() => combobox.getAttribute("aria-expanded")).toBe("true");
    const listId = await combobox.getAttribute("aria-controls");
    const dropdown = page.locator(".ant-select-dropdown").filter({ has: page.locator(`[id="${listId}"]`) });
    const item = dropdown.locator(".ant-select-item-option").filter({ hasText: option }).first();
    try {
      await item.click({ timeout: 5_000 });
      await expect.poll(showsChoice, { timeout: 5_000 }).toBe(true);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/**
 * Clicks a button that opens a confirmation popup, with the button in the middle of the screen first. Clicked where
 * Playwright scrolls it to — the screen's bottom edge — the popup opens with its own buttons below the screen (60 px
 * below a 768 px one, measured), and in about 1 full e2e run in 4 the click that scrolled to them did nothing.
 */
export async function openConfirmation(button: Locator): Promise<void> {
  await button.evaluate((element) => element.scrollIntoView({ block: "center" }));
  await button.click();
}
