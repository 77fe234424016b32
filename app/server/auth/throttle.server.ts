/**
 * Bounded throttles for sign-in. Every structure here has a fixed upper size, so a flood of new user names or
 * addresses costs memory only up to that size: the key touched longest ago is forgotten first.
 */

/** Attempts per key within a sliding window; at most `maxKeys` keys and `limit` timestamps per key are kept. */
export class WindowCounter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  private recent(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }

  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfterSeconds(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    return recent.length >= this.limit ? Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000)) : 0;
  }

  hit(key: string, now = Date.now()): void {
    const recent = [...this.recent(key, now), now].slice(-this.limit);
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
  }

  clear(key: string): void {
    this.hits.delete(key);
  }

  get size(): number {
    return this.hits.size;
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
