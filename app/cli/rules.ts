import fs from "node:fs";
import readline from "node:readline";
import { runCases } from "../engine/cases";
import { diffRulesets, formatDiff } from "../engine/diff";
import { createEvaluator, type EngineKind } from "../engine/evaluate";
import type { Evaluator } from "../engine/types";
import { formatImpact, ImpactTally } from "../engine/impact";
import { parseJson, isPlainObject } from "../engine/json";
import { lintRuleset } from "../engine/lint";
import { toSubmission } from "../engine/submission";
import type { EvaluationContext, LintError, ResolvedRuleset } from "../engine/types";
import { UsageError, stringOption, type ParsedArgs } from "./args";
import { readJsonFile } from "../server/rulesets/files.server";
import { lintFormFile } from "./forms-lint";
import { defaultLibrary, isFormFile, isSourcesFile, jsonFiles, rootsFrom, rulesetInFile, type Roots } from "./targets";

/** `--engine compiled` (the default) or `--engine reference` (json-rules-engine itself). */
function engineFrom(args: ParsedArgs): EngineKind {
  const engine = stringOption(args, "engine") ?? "compiled";
  if (engine !== "compiled" && engine !== "reference") throw new UsageError("--engine 只能是 compiled 或 reference");
  return engine;
}

export function formatLintError(e: LintError): string {
  const where = e.line ? `${e.file}:${e.line}:${e.column}` : e.file;
  const forbidden = e.parent ? `（上级规则集 ${e.parent}${e.forbiddenBy ? ` 的 ${e.forbiddenBy}` : ""} 不允许）` : "";
  return `${where} ${e.path}: ${e.message}${forbidden}`;
}

function dedupe(errors: LintError[]): LintError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.file}\u0000${e.path}\u0000${e.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Resolves a rule set named by id (in --rulesets) or by the path of its file. */
function resolveArg(arg: string, roots: Roots): { ruleset?: ResolvedRuleset; errors: LintError[] } {
  if (arg.endsWith(".json")) {
    if (!fs.existsSync(arg)) return { errors: [{ file: arg, path: "$", message: "文件不存在" }] };
    const target = rulesetInFile(arg, roots);
    if ("error" in target) return { errors: [{ file: arg, path: "$", message: target.error }] };
    return lintRuleset(target.id, target.library);
  }
  return lintRuleset(arg, defaultLibrary(roots));
}

function requireRuleset(arg: string, roots: Roots): ResolvedRuleset {
  const { ruleset, errors } = resolveArg(arg, roots);
  if (!ruleset || errors.length) {
    for (const e of errors) console.error(formatLintError(e));
    throw new UsageError(`规则集 ${arg} 有 ${errors.length} 个错误，无法使用`);
  }
  return ruleset;
}

export async function lintCommand(args: ParsedArgs): Promise<number> {
  const roots = rootsFrom(args);
  const paths = args.positionals.slice(1);
  const files = jsonFiles(
    paths.length ? paths : [roots.rulesets ?? "rulesets", roots.schemas ?? "schemas"].filter((p) => fs.existsSync(p)),
  );
  const errors: LintError[] = [];
  const warnings: LintError[] = [];
  let rulesetCount = 0;
  let formCount = 0;
  for (const file of files) {
    if (isFormFile(file)) {
      formCount++;
      errors.push(...lintFormFile(file));
    } else if (!file.endsWith("ruleset.schema.json") && !isSourcesFile(file)) {
      rulesetCount++;
      const target = rulesetInFile(file, roots);
      if ("error" in target) errors.push({ file, path: "$", message: target.error });
      else {
        const linted = lintRuleset(target.id, target.library);
        errors.push(...linted.errors);
        warnings.push(...(linted.warnings ?? []));
      }
    }
  }
  const unique = dedupe(errors);
  const cautions = dedupe(warnings);
  if (args.options.json)
    console.log(
      JSON.stringify({ rulesets: rulesetCount, forms: formCount, errors: unique, warnings: cautions }, null, 2),
    );
  else {
    for (const e of unique) console.log(formatLintError(e));
    for (const w of cautions) console.log(`警告 ${formatLintError(w)}`);
    console.log(
      `检查了 ${rulesetCount} 个规则集、${formCount} 个表单文件：${unique.length ? `${unique.length} 个错误` : "没有错误"}${cautions.length ? `，${cautions.length} 个警告` : ""}`,
    );
  }
  return unique.length ? 1 : 0;
}

export async function testCommand(args: ParsedArgs): Promise<number> {
  const roots = rootsFrom(args);
  const paths = args.positionals.slice(1);
  const files = jsonFiles(paths.length ? paths : [roots.rulesets ?? "rulesets"]).filter(
    (f) => !isFormFile(f) && !isSourcesFile(f) && !f.endsWith("ruleset.schema.json"),
  );
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const target = rulesetInFile(file, roots);
    if ("error" in target) {
      console.log(`✗ ${file}: ${target.error}`);
      failed++;
      continue;
    }
    const { ruleset, errors } = lintRuleset(target.id, target.library);
    if (!ruleset || errors.length) {
      console.log(`✗ ${target.id}: 规则集有 ${errors.length} 个错误，用例无法运行`);
      for (const e of dedupe(errors)) console.log(`    ${formatLintError(e)}`);
      failed++;
      continue;
    }
    for (const outcome of await runCases(createEvaluator(ruleset, engineFrom(args)))) {
      if (outcome.failures.length) {
        failed++;
        console.log(`✗ ${target.id} › ${outcome.name}`);
        for (const f of outcome.failures) console.log(`    ${f}`);
      } else {
        passed++;
        if (args.options.verbose) console.log(`✓ ${target.id} › ${outcome.name}`);
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

/** A data or context file (`-` for standard input), with JSON errors located by line and column. */
function readSubmissionFile(file: string): unknown {
  if (file === "-") {
    const parsed = parseJson(fs.readFileSync(0, "utf8"));
    if (!parsed.ok) throw new UsageError(`标准输入：${parsed.message}（第 ${parsed.line} 行第 ${parsed.column} 列）`);
    return parsed.value;
  }
  if (!fs.existsSync(file)) throw new UsageError(`文件不存在：${file}`);
  const json = readJsonFile(file);
  if (!json.ok) throw new UsageError(`${json.error.file}: ${json.error.message}`);
  return json.value;
}

export async function scoreCommand(args: ParsedArgs): Promise<number> {
  const [, id, dataFile] = args.positionals;
  if (!id || !dataFile)
    throw new UsageError("用法：branchmark score <规则集> <data.json> [--context ctx.json] [--rulesets DIR]");
  const ruleset = requireRuleset(id, rootsFrom(args));
  const submission = toSubmission(readSubmissionFile(dataFile));
  const contextFile = stringOption(args, "context");
  if (contextFile) {
    const context = readSubmissionFile(contextFile);
    if (!isPlainObject(context)) throw new UsageError(`${contextFile}: 上下文必须是 JSON 对象`);
    submission.context = { ...submission.context, ...(context as EvaluationContext) };
  }
  const result = await createEvaluator(ruleset, engineFrom(args)).score(submission);
  console.log(JSON.stringify(result, null, 2));
  return 0;
}

export async function diffCommand(args: ParsedArgs): Promise<number> {
  const [, a, b] = args.positionals;
  if (!a || !b) throw new UsageError("用法：branchmark diff <规则集A> <规则集B> [--json]");
  const roots = rootsFrom(args);
  const diff = diffRulesets(requireRuleset(a, roots), requireRuleset(b, roots));
  if (args.options.json) {
    // Exactly the contract's keys (DESIGN.md §4): the titles the pages add stay out of scripts' JSON.
    const { a: _a, b: _b, formFields: _titled, ...contract } = diff;
    console.log(JSON.stringify(contract, null, 2));
  } else console.log(formatDiff(diff));
  return 0;
}

function progressBar(done: number, total: number, lines: number): string {
  const ratio = total ? Math.min(1, done / total) : 0;
  const width = 30;
  const filled = Math.round(ratio * width);
  return `\r评分中 [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${lines} 行`;
}

/** Scores each JSONL line under both rule sets, streaming, so memory does not grow with the input. */
export async function impactCommand(args: ParsedArgs): Promise<number> {
  const [, a, b, file] = args.positionals;
  if (!a || !b || !file)
    throw new UsageError("用法：branchmark impact <规则集A> <规则集B> <submissions.jsonl> [--json]");
  if (!fs.existsSync(file)) throw new UsageError(`文件不存在：${file}`);
  const roots = rootsFrom(args);
  const engine = engineFrom(args);
  const evaluators: [Evaluator, Evaluator] = [
    createEvaluator(requireRuleset(a, roots), engine),
    createEvaluator(requireRuleset(b, roots), engine),
  ];
  const tally = new ImpactTally();
  const size = fs.statSync(file).size;
  const stream = fs.createReadStream(file, { encoding: "utf8" });
  const showProgress = process.stderr.isTTY && !args.options["no-progress"];
  let bytes = 0;
  let lineNumber = 0;
  let skipped = 0;
  let lastDraw = 0;
  for await (const line of readline.createInterface({ input: stream, crlfDelay: Infinity })) {
    lineNumber++;
    bytes += Buffer.byteLength(line) + 1;
    if (!line.trim()) continue;
    const parsed = parseJson(line);
    if (!parsed.ok || !isPlainObject(parsed.value)) {
      skipped++;
      console.error(`\n第 ${lineNumber} 行不是 JSON 对象，已跳过${parsed.ok ? "" : `：${parsed.message}`}`);
      continue;
    }
    const submission = toSubmission(parsed.value);
    const [ra, rb] = await Promise.all(evaluators.map((e) => e.score(submission, { trace: false })));
    tally.add(lineNumber, ra, rb);
    if (showProgress && Date.now() - lastDraw > 100) {
      lastDraw = Date.now();
      process.stderr.write(progressBar(bytes, size, lineNumber));
    }
  }
  if (showProgress) process.stderr.write(progressBar(size, size, lineNumber) + "\n");
  const order = [...new Set([...evaluators[0].ruleset.grades, ...evaluators[1].ruleset.grades].map((g) => g.id))];
  const summary = tally.summary(order);
  if (args.options.json) console.log(JSON.stringify({ ...summary, ...(skipped ? { skipped } : {}) }, null, 2));
  else {
    const titles = new Map(
      [...evaluators[1].ruleset.grades, ...evaluators[0].ruleset.grades].map((g) => [g.id, g.title]),
    );
    console.log(formatImpact(summary, titles, order));
    if (skipped) console.log(`跳过 ${skipped} 行无法解析的数据`);
  }
  return 0;
}
