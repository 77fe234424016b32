import type { Result } from "./types";

export type ImpactItem = { line: number; from: string; to: string; scoreA: number; scoreB: number };
export type ImpactSummary = {
  total: number;
  changed: number;
  transitions: { from: string; to: string; count: number }[];
  items: ImpactItem[];
};

/**
 * Accumulates the grade transitions of submissions scored under two rule sets. A line is "changed"
 * when its grade differs; only those lines are kept, so memory grows with the changes, not the input.
 */
export class ImpactTally {
  private total = 0;
  private counts = new Map<string, { from: string; to: string; count: number }>();
  private items: ImpactItem[] = [];

  add(line: number, a: Pick<Result, "grade" | "score">, b: Pick<Result, "grade" | "score">): void {
    this.total++;
    const key = `${a.grade.id}\u0000${b.grade.id}`;
    const entry = this.counts.get(key) ?? { from: a.grade.id, to: b.grade.id, count: 0 };
    entry.count++;
    this.counts.set(key, entry);
    if (a.grade.id !== b.grade.id)
      this.items.push({ line, from: a.grade.id, to: b.grade.id, scoreA: a.score, scoreB: b.score });
  }

  /** Takes in another tally's summary (a worker's share of the lines): its counts, then its changed lines. */
  absorb(part: ImpactSummary): void {
    this.total += part.total;
    for (const t of part.transitions) {
      const key = `${t.from}\u0000${t.to}`;
      const entry = this.counts.get(key) ?? { from: t.from, to: t.to, count: 0 };
      entry.count += t.count;
      this.counts.set(key, entry);
    }
    for (const item of part.items) this.items.push(item);
  }

  summary(gradeOrder: string[] = []): ImpactSummary {
    const rank = (id: string) => (gradeOrder.includes(id) ? gradeOrder.indexOf(id) : gradeOrder.length);
    const transitions = [...this.counts.values()].sort(
      (x, y) =>
        rank(x.from) - rank(y.from) ||
        rank(x.to) - rank(y.to) ||
        x.from.localeCompare(y.from) ||
        x.to.localeCompare(y.to),
    );
    return { total: this.total, changed: this.items.length, transitions, items: this.items };
  }
}

/** The transition matrix as text rows: one row per grade under A, one column per grade under B. */
export function formatImpact(
  summary: ImpactSummary,
  titles: Map<string, string>,
  gradeOrder: string[],
  itemLimit = 50,
): string {
  const ids = [...new Set([...gradeOrder, ...summary.transitions.flatMap((t) => [t.from, t.to])])];
  const count = (from: string, to: string) =>
    summary.transitions.find((t) => t.from === from && t.to === to)?.count ?? 0;
  const label = (id: string) => titles.get(id) ?? id;
  const width = Math.max(8, ...ids.map((id) => label(id).length * 2 + 2));
  const pad = (s: string) =>
    s + " ".repeat(Math.max(1, width - [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0)));
  const lines = [
    `共 ${summary.total} 份，等次变化 ${summary.changed} 份`,
    "",
    "等次转移矩阵（行：A，列：B）",
    pad("A \\ B") + ids.map((id) => pad(label(id))).join(""),
    ...ids.map((from) => pad(label(from)) + ids.map((to) => pad(String(count(from, to)))).join("")),
  ];
  if (summary.items.length) {
    lines.push("", "等次变化的行：");
    for (const item of summary.items.slice(0, itemLimit)) {
      lines.push(`  第 ${item.line} 行：${label(item.from)}（${item.scoreA}）→ ${label(item.to)}（${item.scoreB}）`);
    }
    if (summary.items.length > itemLimit)
      lines.push(`  …其余 ${summary.items.length - itemLimit} 行（用 --json 查看全部）`);
  }
  return lines.join("\n");
}
