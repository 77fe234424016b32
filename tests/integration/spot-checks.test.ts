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

  it("keeps files with a check record: typed by their bytes, readable where the check is, and leads to 动态调整", async () => {
    const check = (await (
      await draw("admin", { region: "150102", year: 2025, size: 1, seed: "检查材料" })
    ).json()) as Check;
    const [item] = check.items;
    const url = `/api/v1/spot-checks/${check.id}/items/${item.id}/files`;
    const send = (user: string, body: Buffer, name = "现场检查记录.pdf") =>
      fetch(server.url + url, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens[user]}`, "x-file-name": encodeURIComponent(name) },
        body: new Uint8Array(body),
      });
    const files = () => query<{ n: number }>("SELECT count(*) AS n FROM spot_check_files")[0].n;
    const before = files();
    // Refused, and nothing kept: a program renamed, an empty file, a path in the name, someone out of scope.
    const exe = await send("reviewer", Buffer.concat([Buffer.from("MZ\x90\x00"), Buffer.alloc(64)]));
    expect(exe.status).toBe(415);
    expect((await exe.json()).error).toMatch(/扩展名不能决定文件类型|只接受/);
    expect((await send("reviewer", Buffer.alloc(0))).status).toBe(422);
    expect((await send("reviewer", Buffer.from("%PDF-1.4\n%%EOF\n"), "../记录.pdf")).status).toBe(400);
    const outside = await send("guangxi-admin", Buffer.from("%PDF-1.4\n%%EOF\n"));
    expect(outside.status).toBe(403);
    expect((await outside.json()).error).toContain("超出您的区域权限范围");
    expect((await send("branch", Buffer.from("%PDF-1.4\n%%EOF\n"))).status).toBe(403);
    expect(files()).toBe(before);

    const pdf = Buffer.from("%PDF-1.4\n% 现场检查记录\n%%EOF\n");
    const stored = await send("reviewer", pdf);
    expect(stored.status).toBe(201);
    const file = (await stored.json()) as { sha256: string; name: string; kind: string };
    expect(file).toMatchObject({ name: "现场检查记录.pdf", kind: "pdf" });
    const detail = (await (await api(`/api/v1/spot-checks/${check.id}`, "admin")).json()) as {
      items: { id: number; files: { name: string }[]; canAdjust: boolean }[];
    };
    expect(detail.items[0].files.map((f) => f.name)).toEqual(["现场检查记录.pdf"]);
    // 动态调整 is offered to who may re-rate: the reviewer, not the admin who drew the check.
    expect(detail.items[0].canAdjust).toBe(false);
    const asReviewer = (await (await api(`/api/v1/spot-checks/${check.id}`, "reviewer")).json()) as typeof detail;
    expect(asReviewer.items[0].canAdjust).toBe(true);
    // The file: to whoever sees the check's branch; the branch itself and other provinces get a 404.
    for (const user of ["admin", "reviewer"])
      expect((await api(`/api/v1/files/${file.sha256}`, user)).status, user).toBe(200);
    for (const user of ["guangxi-admin", "branch"])
      expect((await api(`/api/v1/files/${file.sha256}`, user)).status, user).toBe(404);
    expect(
      query<{ action: string }>("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id", String(check.id)),
    ).toEqual([{ action: "spotcheck.draw" }, { action: "spotcheck.file" }]);
    const sqlite = new Database(dbFile);
    expect(() => sqlite.prepare("DELETE FROM spot_check_files").run()).toThrow(/append-only/);
    sqlite.close();

    // A failed check is shown where the reviewer would act on it: beside 动态调整 on the review page.
    const results = `/api/v1/spot-checks/${check.id}/items/${item.id}/results`;
    expect((await api(results, "reviewer", { result: "failed", findings: "党员大会记录系补写" })).status).toBe(201);
    const cookie = await signIn(server.url, "reviewer");
    const page = await (await fetch(`${server.url}/review/${item.submissionId}`, { headers: { cookie } })).text();
    expect(page).toContain("随机抽查未通过");
    expect(page).toContain("党员大会记录系补写");
  });
});
