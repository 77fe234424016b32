/**
 * How long one live-score update takes for each shipped rule set: the engine in Node, and the same engine in
 * Chromium as the form page runs it (typing into a field and reading the panel's own timing).
 */
import path from "node:path";
import { createEvaluator } from "../app/engine/evaluate";
import { lintRuleset } from "../app/engine/lint";
import { fileLibrary } from "../app/server/rulesets/files.server";
import { launchBrowser, signInAs } from "../tests/helpers/browser";
import { ROOT, startServer, tempDir } from "../tests/helpers/server";

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const round = (x: number) => Math.round(x * 1000) / 1000;

export async function engineInNode() {
  const library = fileLibrary(path.join(ROOT, "rulesets"), path.join(ROOT, "schemas"));
  const rows: { ruleset: string; rules: number; p50: number; p99: number }[] = [];
  for (const id of library.rulesetIds()) {
    const { ruleset } = lintRuleset(id, library);
    const evaluator = createEvaluator(ruleset!);
    // The panel scores without a trace, as the form page does.
    const { data, context } = ruleset!.cases[0];
    for (let i = 0; i < 50; i++) await evaluator.score({ data, context });
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      await evaluator.score({ data, context }, { trace: false });
      times.push(performance.now() - started);
    }
    rows.push({
      ruleset: id,
      rules: ruleset!.rules.length,
      p50: round(percentile(times, 50)),
      p99: round(percentile(times, 99)),
    });
  }
  return rows;
}

export async function engineInChromium() {
  const server = await startServer(path.join(tempDir(), "bench-live.db"));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await signInAs(page, server.url, "branch");
    const year = new Date().getFullYear() - 1;
    await page.goto(`${server.url}/fill/${year}`);
    const field = page.locator("#root_life_memberMeetings");
    await field.waitFor();
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      await field.fill(String(i % 8));
      await page.waitForTimeout(30);
      times.push(Number(await page.getByTestId("live-score").getAttribute("data-score-ms")));
    }
    const settled = times.slice(5);
    return {
      ruleset: "150100/village",
      changes: settled.length,
      p50: round(percentile(settled, 50)),
      p99: round(percentile(settled, 99)),
      max: round(Math.max(...settled)),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
