import { describe, expect, it } from "vitest";
import { ConcurrencyGate, WindowCounter } from "~/server/auth/throttle.server";

describe("WindowCounter", () => {
  it("refuses the attempt past the limit until the oldest leaves the window", () => {
    const counter = new WindowCounter(3, 60_000);
    for (const t of [0, 10_000, 20_000]) {
      expect(counter.retryAfterSeconds("a", t)).toBe(0);
      counter.hit("a", t);
    }
    expect(counter.retryAfterSeconds("a", 30_000)).toBe(30);
    expect(counter.retryAfterSeconds("b", 30_000)).toBe(0);
    expect(counter.retryAfterSeconds("a", 60_001)).toBe(0);
  });

  it("keeps at most maxKeys keys however many names a flood tries, forgetting the oldest", () => {
    const counter = new WindowCounter(1, 60_000, 100);
    for (let i = 0; i < 100_000; i++) counter.hit(`attacker${i}`, 0);
    expect(counter.size).toBe(100);
    expect(counter.retryAfterSeconds("attacker99999", 1)).toBe(60);
    expect(counter.retryAfterSeconds("attacker0", 1)).toBe(0);
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
