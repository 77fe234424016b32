import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ConcurrencyGate, WindowCounter } from "~/server/auth/throttle.server";
import { getDb, openDatabase } from "~/server/platform/db.server";
import { migrateDatabase } from "~/server/platform/migrate.server";
import { tempDir } from "../helpers/server";

beforeAll(() => {
  process.env.BRANCHMARK_DB = path.join(tempDir("branchmark-throttle-"), "throttle.db");
  const { db, sqlite } = openDatabase();
  migrateDatabase(db);
  sqlite.close();
});

const storedHits = (scope: string) =>
  (getDb().$client.prepare("SELECT count(*) AS n FROM throttle_hits WHERE scope = ?").get(scope) as { n: number }).n;

describe("WindowCounter", () => {
  it("refuses the attempt past the limit until the oldest leaves the window", () => {
    const counter = new WindowCounter("test.window", 3, 60_000);
    for (const t of [0, 10_000, 20_000]) {
      expect(counter.retryAfterSeconds("a", t)).toBe(0);
      counter.hit("a", t);
    }
    expect(counter.retryAfterSeconds("a", 30_000)).toBe(30);
    expect(counter.retryAfterSeconds("b", 30_000)).toBe(0);
    expect(counter.retryAfterSeconds("a", 60_001)).toBe(0);
  });

  it("counts what another server process counted: the count lives in the shared database", () => {
    const here = new WindowCounter("test.shared", 2, 60_000);
    const elsewhere = new WindowCounter("test.shared", 2, 60_000);
    here.hit("k", 1_000);
    elsewhere.hit("k", 2_000);
    expect(here.retryAfterSeconds("k", 3_000)).toBe(58);
    elsewhere.clear("k");
    expect(here.retryAfterSeconds("k", 3_000)).toBe(0);
  });

  it("keeps only the window's hits however many names a flood tries", () => {
    const counter = new WindowCounter("test.flood", 1, 60_000);
    for (let i = 0; i < 10_000; i++) counter.hit(`attacker${i}`, i);
    expect(storedHits("test.flood")).toBe(10_000);
    expect(counter.retryAfterSeconds("attacker9999", 10_000)).toBe(60);
    counter.hit("latecomer", 70_000);
    expect(storedHits("test.flood")).toBe(1);
    expect(counter.retryAfterSeconds("attacker9999", 70_000)).toBe(0);
  });
});

describe("ConcurrencyGate", () => {
  it("runs at most `concurrency` tasks, queues a few and refuses the rest without running them", async () => {
    const gate = new ConcurrencyGate(1, 2);
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const task = () =>
      new Promise<string>((resolve) => {
        running++;
        most = Math.max(most, running);
        release.push(() => {
          running--;
          resolve("done");
        });
      });
    const outcomes = [gate.run(task), gate.run(task), gate.run(task), gate.run(task)];
    expect(await outcomes[3]).toBeUndefined();
    for (let released = 0; released < 3; released++) {
      while (!release.length) await new Promise((resolve) => setImmediate(resolve));
      expect(release).toHaveLength(1);
      release.pop()!();
    }
    expect(await Promise.all(outcomes.slice(0, 3))).toEqual(["done", "done", "done"]);
    expect(most).toBe(1);
  });
});
