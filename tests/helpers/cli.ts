import { format } from "node:util";
import { runBranchmark } from "~/cli/run";

/**
 * Runs a `branchmark` verb in this process, as `npx branchmark` would run it, capturing what it prints. For the
 * file verbs (lint, test, score, diff, impact), which touch no database: a spawned CLI costs a second of tsx each.
 * Calls in one test file run one after another, so capturing the console is safe.
 */
export async function runCliInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const original = { log: console.log, error: console.error, warn: console.warn, write: process.stdout.write };
  console.log = (...parts: unknown[]) => void out.push(format(...parts) + "\n");
  console.error = console.warn = (...parts: unknown[]) => void err.push(format(...parts) + "\n");
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await runBranchmark(args);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    Object.assign(console, { log: original.log, error: original.error, warn: original.warn });
    process.stdout.write = original.write;
  }
}
