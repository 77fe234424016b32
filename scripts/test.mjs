// `npm test`: build, typecheck, lint, the unit / integration / security / e2e suites, and the standards library checks,
// ending with one line `N passed, N failed` summed over all of them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const artifacts = path.resolve("test-artifacts");
fs.mkdirSync(artifacts, { recursive: true });
const results = [];

let stageStarted = Date.now();
/** Seconds since the previous stage ended: each summary line says how long its stage took. */
function stageSeconds() {
  const seconds = Math.round((Date.now() - stageStarted) / 1000);
  stageStarted = Date.now();
  return seconds;
}

function run(command, args, env = {}) {
  console.log(`\n▶ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status === 0;
}

/** A stage that is one check: it passes or fails as a whole. */
function check(name, command, args) {
  const ok = run(command, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, seconds: stageSeconds() });
  return ok;
}

/** A vitest project: its own test counts. */
function vitest(project) {
  const report = path.join(artifacts, `vitest-${project}.json`);
  fs.rmSync(report, { force: true });
  const ok = run("npx", [
    "vitest",
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${report}`,
  ]);
  let passed = 0;
  let failed = ok ? 0 : 1;
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, "utf8"));
    passed = json.numPassedTests;
    failed = json.numFailedTests + (ok || json.numFailedTests ? 0 : 1);
    if (json.numTotalTests === 0) failed += 1;
  }
  results.push({ name: `vitest ${project}`, passed, failed, seconds: stageSeconds() });
}

/** `branchmark test` over the standards library: its own case counts. */
function libraryCases() {
  console.log("\n▶ npx branchmark test rulesets/");
  const result = spawnSync("npx", ["branchmark", "test", "rulesets"], { encoding: "utf8" });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  const counts = /^(\d+) passed, (\d+) failed$/m.exec(result.stdout);
  const passed = counts ? Number(counts[1]) : 0;
  const failed = counts ? Number(counts[2]) : 0;
  results.push({
    name: "standards library cases",
    passed,
    failed: failed + (result.status === 0 ? 0 : failed ? 0 : 1),
  });
}

const built = check("build", "npm", ["run", "--silent", "build"]);
check("standards library lint", "npx", ["branchmark", "lint"]);
libraryCases();
check("typecheck", "npx", ["tsc"]);
check("eslint", "npx", ["eslint", "."]);
check("formatting (prettier --check; `npm run format` fixes it)", "npx", ["prettier", "--check", "."]);
vitest("unit");
if (built) {
  vitest("integration");
  vitest("security");
  if (check("chromium", "node", ["scripts/ensure-chromium.mjs"])) vitest("e2e");
} else {
  results.push({ name: "integration and e2e (need the build)", passed: 0, failed: 1 });
}

console.log("\n── 汇总 ──");
for (const r of results)
  console.log(`${r.failed ? "✗" : "✓"} ${r.name}: ${r.passed} passed, ${r.failed} failed（${r.seconds ?? 0} 秒）`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
