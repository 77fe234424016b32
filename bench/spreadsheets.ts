/**
 * `npm run bench:spreadsheets`: the long Excel jobs against the real server — a 台账 export of 100,000 results and
 * an import of 10,000 rows — timed, with a probe request every 50 ms measuring what other users wait meanwhile.
 */
import path from "node:path";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { createCompiledEvaluator } from "../app/engine/compile";
import { lintRuleset } from "../app/engine/lint";
import { fileLibrary } from "../app/server/rulesets/files.server";
import { templateFields } from "../app/server/spreadsheets/template.server";
import { apiToken, ROOT, startServer, tempDir } from "../tests/helpers/server";
import { writeSection } from "./results-file";

const EXPORT_ROWS = 100_000;
const IMPORT_ROWS = 10_000;
const library = fileLibrary(path.join(ROOT, "rulesets"), path.join(ROOT, "schemas"));
const hohhot = lintRuleset("150100/village", library).ruleset!;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

const dbFile = path.join(tempDir("branchmark-bench-"), "spreadsheets.db");
const server = await startServer(dbFile);
const token = apiToken(dbFile, "hohhot-admin");
const api = (p: string, init: RequestInit = {}) =>
  fetch(server.url + p, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });

/** 100,000 more 新城区 villages, each with a scored 2025 submission, written straight into the SQLite file. */
function seed(): number[] {
  const sqlite = new Database(dbFile);
  const revision = (
    sqlite.prepare("SELECT id FROM ruleset_revisions WHERE ruleset_id = '150100/village' AND revision = 1").get() as {
      id: number;
    }
  ).id;
  const { review: _review, ...data } = hohhot.cases[0].data;
  const context = { year: 2025, branch: { ageYears: 5 } };
  const result = JSON.stringify(
    createCompiledEvaluator(hohhot).scoreSync({ data, context }, { revision: 1, trace: false }),
  );
  const branch = sqlite.prepare(
    "INSERT INTO branches (name, region_code, domain, established_on, member_count) VALUES (?, '150102', 'village', '2018-05-01', 20) RETURNING id",
  );
  const submission = sqlite.prepare(
    "INSERT INTO submissions (branch_id, region_code, domain, year, ruleset_id, status) SELECT id, region_code, 'village', 2025, '150100/village', 'submitted' FROM branches WHERE id = @branch RETURNING id",
  );
  const rev = sqlite.prepare(
    "INSERT INTO submission_revisions (submission_id, revision, data) VALUES (?, 1, ?) RETURNING id",
  );
  const evaluation = sqlite.prepare(
    "INSERT INTO evaluations (submission_revision_id, ruleset_revision_id, context, result, grade_id, score) VALUES (?, ?, ?, ?, 'strongest', 100)",
  );
  const ids: number[] = [];
  const dataJson = JSON.stringify(data);
  const contextJson = JSON.stringify(context);
  sqlite.transaction(() => {
    for (let i = 0; i < EXPORT_ROWS; i++) {
      const b = (branch.get(`新城区压测村${i}党支部`) as { id: number }).id;
      const s = (submission.get({ branch: b }) as { id: number }).id;
      evaluation.run((rev.get(s, dataJson) as { id: number }).id, revision, contextJson, result);
      ids.push(b);
    }
  })();
  sqlite.close();
  return ids;
}

/** Runs a job while a probe asks for a small API page every 50 ms; returns the job's wall time and the probe's latencies. */
async function withProbe(start: () => Promise<string>) {
  const latencies: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      await (await api("/api/v1/rulesets")).arrayBuffer();
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = performance.now();
  const id = await start();
  let job: { status: string; done: number; total: number; result?: unknown; error?: string };
  let polls = 0;
  for (;;) {
    job = await (await api(`/api/v1/jobs/${id}`)).json();
    polls++;
    if (job.status !== "running") break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - t0) / 1000;
  running = false;
  await probe;
  if (job.status !== "done") throw new Error(`job failed: ${job.error}`);
  return {
    seconds: round(seconds, 2),
    polls,
    job,
    probe: {
      requests: latencies.length,
      p50: round(quantile(latencies, 0.5)),
      p99: round(quantile(latencies, 0.99)),
      max: round(Math.max(...latencies)),
    },
  };
}

async function baseline() {
  const latencies: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    await (await api("/api/v1/rulesets")).arrayBuffer();
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    p50: round(quantile(latencies, 0.5)),
    p99: round(quantile(latencies, 0.99)),
    max: round(Math.max(...latencies)),
  };
}

async function importWorkbook(branchIds: number[]): Promise<Uint8Array> {
  const form = hohhot.form!;
  const fields = templateFields(form);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("填报");
  sheet.addRow(["支部编号", "支部名称", ...fields.map((f) => f.title)]);
  sheet.addRow(["branchId", "branchName", ...fields.map((f) => f.path)]);
  const { review: _review, ...data } = hohhot.cases[0].data;
  const value = (p: string) =>
    p
      .replace(/^\$\./, "")
      .split(".")
      .reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], data);
  for (const id of branchIds) {
    sheet.addRow([
      id,
      `新城区压测村党支部`,
      ...fields.map((f) => {
        const v = value(f.path);
        return typeof v === "boolean" ? (v ? "是" : "否") : ((v as ExcelJS.CellValue) ?? null);
      }),
    ]);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

try {
  const t = performance.now();
  const branchIds = seed();
  console.log(`seeded ${EXPORT_ROWS} submissions in ${round((performance.now() - t) / 1000)} s`);
  const idle = await baseline();
  const ledger = await withProbe(
    async () =>
      (
        await (
          await api("/api/v1/exports/ledger", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ region: "150100", domain: "village", year: 2025 }),
          })
        ).json()
      ).job,
  );
  // Built before the probe starts: writing the workbook here would block this process's probe, not the server.
  const bytes = await importWorkbook(branchIds.slice(0, IMPORT_ROWS));
  const file = await withProbe(
    async () =>
      (
        await (
          await api(`/api/v1/imports?year=2026&mode=submit&name=bench.xlsx`, {
            method: "POST",
            body: bytes as BodyInit,
          })
        ).json()
      ).job,
  );
  const report = file.job.result as { rows: number; stored: number; failed: number };
  const result = {
    idle,
    ledger: { rows: ledger.job.total, seconds: ledger.seconds, probe: ledger.probe, polls: ledger.polls },
    import: {
      rows: report.rows,
      stored: report.stored,
      failed: report.failed,
      seconds: file.seconds,
      probe: file.probe,
      polls: file.polls,
    },
  };
  console.log(JSON.stringify(result, null, 2));
  writeSection(
    "spreadsheets",
    [
      "## Excel jobs on the real server (`npm run bench:spreadsheets`)",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)}. While each job ran, a probe asked for \`GET /api/v1/rulesets\` every 50 ms (what another user waits); the browser polls the job for its progress bar.`,
      "",
      "| work | rows | wall time s | probe p50 ms | probe p99 ms | probe max ms |",
      "|---|---|---|---|---|---|",
      `| idle server (baseline) | — | — | ${idle.p50} | ${idle.p99} | ${idle.max} |`,
      `| 台账 export (stream to xlsx) | ${result.ledger.rows.toLocaleString("en")} | ${result.ledger.seconds} | ${ledger.probe.p50} | ${ledger.probe.p99} | ${ledger.probe.max} |`,
      `| import + validate + score + store as submissions (upload included, ${round(bytes.byteLength / 1024 / 1024, 2)} MB) | ${result.import.rows.toLocaleString("en")} (${result.import.stored.toLocaleString("en")} stored, ${result.import.failed} failed) | ${result.import.seconds} | ${file.probe.p50} | ${file.probe.p99} | ${file.probe.max} |`,
    ].join("\n"),
  );
} finally {
  await server.stop();
}
