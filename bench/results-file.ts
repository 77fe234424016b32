import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../tests/helpers/server";

const FILE = path.join(ROOT, "bench/RESULTS.md");
const MARK = (name: string) => `<!-- bench:${name} -->`;

/**
 * bench/RESULTS.md holds one section per benchmark script, each between its markers, so `npm run bench` and
 * `npm run bench:spreadsheets` can each rewrite their own numbers and keep the other's.
 */
export function writeSection(name: string, markdown: string): void {
  const current = fs.existsSync(FILE) ? fs.readFileSync(FILE, "utf8") : "";
  const start = current.indexOf(MARK(name));
  const end = current.indexOf(MARK(`${name}:end`));
  const block = `${MARK(name)}\n${markdown.trim()}\n${MARK(`${name}:end`)}`;
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + MARK(`${name}:end`).length)
      : `${current.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(FILE, next.trimStart());
}
