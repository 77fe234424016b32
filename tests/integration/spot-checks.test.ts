import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiToken, signIn, startServer, tempDir, type RunningServer } from "../helpers/server";

// 随机抽查 (issue "Evidence materials", item 5): a sample of the rated submissions in scope, reproducible from its
// recorded seed, stored and audited, each sampled submission checked.
const dbFile = path.join(tempDir(), "spot-checks.db");
let server: RunningServer;
const tokens: Record<string, string> = {};

const api = (url: string, user: string, body?: object) =>
  fetch(server.url + url, {
    method: body ? "POST" : "GET",
    headers: { authorization: `Bearer ${tokens[user]}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
const draw = (user: string, body: object) => api("/api/v1/spot-checks", user, body);
const query = <T>(sql: string, ...args: unknown[]) => {
  const sqlite = new Database(dbFile, { readonly: true });
  try {
    return sqlite.prepare(sql).all(...args) as T[];
  } finally {
    sqlite.close();
  }
};

beforeAll(async () => {
  server = await startServer(dbFile);
  for (const user of ["admin", "hohhot-admin", "reviewer", "guangxi-admin", "branch"])
    tokens[user] = apiToken(dbFile, user);
});

afterAll(async () => {
  await server?.stop();
});

type Check = {
  id: number;
  seed: string;
  population: number;
  items: { id: number; submissionId: number; branchName: string; grade: string | null; result: string | null }[];
};

describe("drawing a sample", () => {
  it("draws the same sample from the same seed, and records the seed it was drawn from", async () => {
    const rated = query<{ n: number }>(
      "SELECT count(*) AS n FROM submissions WHERE year = 2025 AND status = 'rated'",
    )[0].n;
    expect(rated).toBeGreaterThan(10);
    const first = await draw("admin", { region: "150000", year: 2025, size: 6, seed: "2026年第一次抽查" });
    expect(first.status).toBe(201);
    const a = (await first.json()) as Check;
    expect(a.seed).toBe("2026年第一次抽查");
    expect(a.items).toHaveLength(6);
    expect(new Set(a.items.map((i) => i.submissionId)).size).toBe(6);
    const b = (await (
      await draw("admin", { region: "150000", year: 2025, size: 6, seed: "2026年第一次抽查" })
    ).json()) as Check;
    expect(b.id).not.toBe(a.id);
    expect(b.items.map((i) => i.submissionId)).toEqual(a.items.map((i) => i.submissionId));
    expect(b.population).toBe(a.population);
    const other = (await (
      await draw("admin", { region: "150000", year: 2025, size: 6, seed: "另一个种子" })
    ).json()) as Check;
    expect(other.items.map((i) => i.submissionId)).not.toEqual(a.items.map((i) => i.submissionId));
    // Without a seed, one is made and recorded, so the draw can still be repeated.
    const unseeded = (await (await draw("admin", { region: "150000", year: 2025, percent: 10 })).json()) as Check;
    expect(unseeded.seed).toMatch(/^[0-9a-f]{16}$/);
    expect(unseeded.items).toHaveLength(Math.ceil(unseeded.population / 10));
    const again = (await (
      await draw("admin", { region: "150000", year: 2025, percent: 10, seed: unseeded.seed })
    ).json()) as Check;
    expect(again.items.map((i) => i.submissionId)).toEqual(unseeded.items.map((i) => i.submissionId));
  });

  it("samples only the grade asked for, within the admin's region", async () => {
    const check = (await (
      await draw("hohhot-admin", { region: "150100", year: 2025, grade: "strongest", size: 50 })
    ).json()) as Check;
    expect(check.items.length).toBeGreaterThan(0);
    expect(check.items.every((i) => i.grade === "最强党支部")).toBe(true);
    const regions = query<{ code: string }>(
      `SELECT s.region_code AS code FROM submissions s WHERE s.id IN (${check.items.map((i) => i.submissionId).join(",")})`,
    );
    expect(regions.every((r) => r.code.startsWith("1501"))).toBe(true);
  });

  it("refuses a draw outside the admin's region, by a reviewer, and without exactly one of size and percent", async () => {
    expect((await draw("hohhot-admin", { region: "450000", year: 2025, size: 3 })).status).toBe(403);
    expect((await draw("reviewer", { region: "150102", year: 2025, size: 3 })).status).toBe(403);
    expect((await draw("branch", { region: "150102", year: 2025, size: 3 })).status).toBe(403);
    const both = await draw("admin", { region: "150000", year: 2025, size: 3, percent: 5 });
    expect(both.status).toBe(422);
    expect((await both.json()).error).toContain("二选一");
    expect((await draw("admin", { region: "150000", year: 2025 })).status).toBe(422);
    expect((await draw("admin", { region: "150000", year: 2019, size: 3 })).status).toBe(409);
  });
});

describe("checking the sampled branches", () => {
  it("records 通过 / 不通过 with findings by a reviewer in scope, audited, and counts the outcomes", async () => {
    const check = (await (
      await draw("admin", { region: "150102", year: 2025, size: 2, seed: "新城区" })
    ).json()) as Check;
    const [item] = check.items;
    const url = `/api/v1/spot-checks/${check.id}/items/${item.id}/results`;
    expect((await api(url, "reviewer", { result: "failed", findings: " " })).status).toBe(422);
    expect((await api(url, "guangxi-admin", { result: "passed", findings: "与台账一致" })).status).toBe(403);
    const recorded = await api(url, "reviewer", { result: "failed", findings: "主题党日记录与照片不符" });
    expect(recorded.status).toBe(201);
    const after = (await recorded.json()) as Check;
    expect(after.items.find((i) => i.id === item.id)!.result).toBe("failed");
    const list = (await (await api("/api/v1/spot-checks?region=150102&year=2025", "admin")).json()) as {
      spotChecks: { id: number; sampled: number; failed: number; pending: number }[];
    };
    expect(list.spotChecks.find((c) => c.id === check.id)).toMatchObject({ sampled: 2, failed: 1, pending: 1 });
    expect(
      query<{ action: string }>(
        "SELECT action FROM audit_log WHERE entity_id = ? AND entity_type = 'spotcheck'",
        String(check.id),
      ),
    ).toEqual([{ action: "spotcheck.draw" }, { action: "spotcheck.result" }]);
    expect((await api(`/api/v1/spot-checks/${check.id}`, "guangxi-admin")).status).toBe(404);
    // The dashboard shows the region's checks and their outcomes.
    const cookie = await signIn(server.url, "admin");
    const dashboard = await (
      await fetch(`${server.url}/stats?region=150102&year=2025`, { headers: { cookie } })
    ).text();
    expect(dashboard).toMatch(/随机抽查（\d+ 次）/);
    expect(dashboard).toContain("不通过");
    const sqlite = new Database(dbFile);
    expect(() => sqlite.prepare("DELETE FROM spot_check_items WHERE id = ?").run(item.id)).toThrow(/never changes/);
    sqlite.close();
  });
});
