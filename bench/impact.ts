/**
 * Impact as an administrator gets it: 100,000 stored submissions, each with the context it was scored with, and
 * POST /api/v1/impact on the real built server comparing the published standard with a stricter draft of its next
 * revision, polled until the job is done. The wall time covers reading every submission from SQLite.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createCompiledEvaluator } from "../app/engine/compile";
import { materialCounts } from "../app/engine/materials";
import type { GivenMaterialCounts, JsonObject, ResolvedRuleset } from "../app/engine/types";
import { apiToken, ROOT, runCli, startServer, tempDir } from "../tests/helpers/server";

type Pool = { data: JsonObject; context: JsonObject; materials?: GivenMaterialCounts }[];

/** Stores `count` submitted 嘎查村 submissions in 新城区, each a revision with its evaluation, as 申报 stores them. */
export function storeSubmissions(dbFile: string, village: ResolvedRuleset, pool: Pool, count: number): void {
  const sqlite = new Database(dbFile);
  const evaluator = createCompiledEvaluator(village);
  const { id: revisionId } = sqlite
    .prepare("SELECT id FROM ruleset_revisions WHERE ruleset_id = '150000/village' AND revision = 1")
    .get() as { id: number };
  sqlite.transaction(() => {
    const branch = sqlite.prepare(
      "INSERT INTO branches (name, region_code, domain, established_on, member_count) VALUES (?, '150102', 'village', '2015-01-01', 20)",
    );
    const submission = sqlite.prepare(
      "INSERT INTO submissions (branch_id, region_code, domain, year, ruleset_id, status) SELECT id, region_code, 'village', 2025, '150000/village', 'submitted' FROM branches WHERE id = @branch",
    );
    const revision = sqlite.prepare(
      "INSERT INTO submission_revisions (submission_id, revision, data) VALUES (?, 1, ?)",
    );
    const evaluation = sqlite.prepare(
      "INSERT INTO evaluations (submission_revision_id, ruleset_revision_id, context, materials, result, grade_id, score) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const results = pool.map((s) => evaluator.scoreSync(s, { revision: 1 }));
    for (let i = 0; i < count; i++) {
      const k = i % pool.length;
      const branchId = branch.run(`压测支部${i}`).lastInsertRowid;
      const submissionId = submission.run({ branch: branchId }).lastInsertRowid;
      const revisionRow = revision.run(submissionId, JSON.stringify(pool[k].data)).lastInsertRowid;
      evaluation.run(
        revisionRow,
        revisionId,
        JSON.stringify(pool[k].context),
        // The evidence counts it was scored with, as 申报 stores them: the impact job scores again with them.
        JSON.stringify(materialCounts(village.materials, pool[k].materials)),
        JSON.stringify(results[k]),
        results[k].grade.id,
        results[k].score,
      );
    }
  })();
  sqlite.close();
}

export async function impactOverHttp(village: ResolvedRuleset, pool: Pool, count = 100_000) {
  const dbFile = path.join(tempDir("branchmark-bench-"), "impact.db");
  if (runCli(["db", "seed"], { BRANCHMARK_DB: dbFile, BRANCHMARK_DEMO_PASSWORD: "bench-only-password" }).code !== 0)
    throw new Error("seed failed");
  storeSubmissions(dbFile, village, pool, count);
  const server = await startServer(dbFile);
  try {
    const token = apiToken(dbFile, "admin");
    const call = async (pathname: string, init: RequestInit = {}) => {
      const response = await fetch(server.url + pathname, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`${pathname}: ${response.status} ${JSON.stringify(body)}`);
      return body;
    };
    // Revision 2 being prepared: a stricter score line and income requirement.
    const draft = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150000/village.json"), "utf8"));
    draft.params.scoreLine.default = 95;
    draft.params.collectiveIncomeMin.default = 8;
    await call("/api/v1/rulesets/150000/village", { method: "PUT", body: JSON.stringify(draft) });
    const started = performance.now();
    const { job } = await call("/api/v1/impact", {
      method: "POST",
      body: JSON.stringify({ a: "150000/village@1", b: "150000/village@draft", filter: { region: "150000" } }),
    });
    for (;;) {
      const state = await call(`/api/v1/jobs/${job}`);
      if (state.status === "failed") throw new Error(`impact failed: ${state.error}`);
      if (state.status === "done") {
        const seconds = (performance.now() - started) / 1000;
        const round = (x: number) => Math.round(x * 100) / 100;
        return {
          submissions: state.result.total as number,
          revisions: 2,
          seconds: round(seconds),
          jobSeconds: round((state.finishedAt - state.startedAt) / 1000),
          changed: state.result.changed as number,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await server.stop();
  }
}
