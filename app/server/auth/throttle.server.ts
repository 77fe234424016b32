import type Database from "better-sqlite3";
import { getDb } from "../platform/db.server";

/**
 * Attempts per key within a sliding window, counted in the database so that every server process sees the same
 * count (a cluster must not multiply anyone's allowance). Hits older than the window are deleted as new ones come,
 * so the table holds at most one window's attempts, and the ones that count are bounded by what the callers allow.
 */
export class WindowCounter {
  private statements?: {
    recent: Database.Statement<[string, string, number, number], { at: number }>;
    insert: Database.Statement<[string, string, number]>;
    trim: Database.Statement<[string, number]>;
    clear: Database.Statement<[string, string]>;
  };

  constructor(
    private readonly scope: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  private get sql() {
    const sqlite = getDb().$client;
    return (this.statements ??= {
      recent: sqlite.prepare(
        "SELECT at FROM throttle_hits WHERE scope = ? AND key = ? AND at > ? ORDER BY at DESC LIMIT ?",
      ),
      insert: sqlite.prepare("INSERT INTO throttle_hits (scope, key, at) VALUES (?, ?, ?)"),
      trim: sqlite.prepare("DELETE FROM throttle_hits WHERE scope = ? AND at <= ?"),
      clear: sqlite.prepare("DELETE FROM throttle_hits WHERE scope = ? AND key = ?"),
    });
  }

  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfterSeconds(key: string, now = Date.now()): number {
    const recent = this.sql.recent.all(this.scope, key, now - this.windowMs, this.limit);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - 1].at + this.windowMs - now) / 1000));
  }

  hit(key: string, now = Date.now()): void {
    this.sql.trim.run(this.scope, now - this.windowMs);
    this.sql.insert.run(this.scope, key, now);
  }

  clear(key: string): void {
    this.sql.clear.run(this.scope, key);
  }
}

/** Runs at most `concurrency` tasks at once with at most `queueLength` waiting; beyond that a task is refused. */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLength: number,
  ) {}

  /** Whether a task offered now would be refused. */
  get full(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.queueLength;
  }

  /** The task's result, or `undefined` without running it when the gate is full. */
  async run<T>(task: () => Promise<T>): Promise<T | undefined> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLength) return undefined;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
