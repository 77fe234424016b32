import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess as runCli } from "../helpers/cli";
import { ROOT, runNpx, tempDir } from "../helpers/server";

const FIXTURES = path.join(ROOT, "tests/fixtures/design");
const dirs = ["--rulesets", path.join(FIXTURES, "rulesets"), "--schemas", path.join(FIXTURES, "schemas")];

/** Copies the DESIGN.md example library so a test can break it. */
function copyFixtures(): string {
  const dir = tempDir("branchmark-lib-");
  fs.cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

describe("npx branchmark on the DESIGN.md §3 examples", () => {
  it("runs as a user runs it: npx resolves the bin and tsx compiles the CLI", () => {
    const { code, stdout } = runNpx(["lint", path.join(FIXTURES, "rulesets"), path.join(FIXTURES, "schemas")]);
    expect(stdout).toContain("检查了 2 个规则集、2 个表单文件：没有错误");
    expect(code).toBe(0);
    const unknown = runNpx(["nonsense"]);
    expect(unknown.stderr).toContain("未知命令：nonsense");
    expect(unknown.code).toBe(1);
  });

  it("lints them clean", async () => {
    const { code, stdout } = await runCli(["lint", path.join(FIXTURES, "rulesets"), path.join(FIXTURES, "schemas")]);
    expect(stdout).toContain("检查了 2 个规则集、2 个表单文件：没有错误");
    expect(code).toBe(0);
  });

  it("runs their cases, ending with `N passed, N failed`", async () => {
    const { code, stdout } = await runCli(["test", path.join(FIXTURES, "rulesets")]);
    expect(stdout.trim().split("\n").pop()).toBe("3 passed, 0 failed");
    expect(code).toBe(0);
  });

  it("scores a data file, bare or wrapped, with --context", async () => {
    const dir = tempDir();
    const data = {
      basic: { collectiveIncome: 8 },
      life: { memberMeetings: 4 },
      negative: { accountability: false },
      review: { members: { participants: 10, excellent: 10 } },
    };
    fs.writeFileSync(path.join(dir, "bare.json"), JSON.stringify(data));
    fs.writeFileSync(path.join(dir, "wrapped.json"), JSON.stringify({ data, context: { year: 2025 } }));
    fs.writeFileSync(path.join(dir, "ctx.json"), JSON.stringify({ branch: { ageYears: 2 } }));
    const bare = await runCli([
      "score",
      "150000/village",
      path.join(dir, "bare.json"),
      ...dirs,
      "--context",
      path.join(dir, "ctx.json"),
    ]);
    expect(bare.code).toBe(0);
    const result = JSON.parse(bare.stdout);
    expect(result).toMatchObject({
      ruleset: { id: "150000/village", revision: null },
      grade: { id: "strongest", title: "最强党支部" },
      score: 100,
      maxScore: 100,
      vetoes: [],
      unmet: [],
    });
    expect(result.trace.map((t: { rule: string }) => t.rule)).toContain("req-income");
    const reference = await runCli([
      "score",
      "150000/village",
      path.join(dir, "bare.json"),
      ...dirs,
      "--context",
      path.join(dir, "ctx.json"),
      "--engine",
      "reference",
    ]);
    expect(JSON.parse(reference.stdout)).toEqual(result);
    const child = JSON.parse(
      (await runCli(["score", "150100/village", path.join(dir, "wrapped.json"), ...dirs])).stdout,
    );
    expect(child.grade.id).toBe("advanced");
    expect(child.unmet).toEqual([{ rule: "req-income", message: "集体经济年经营性收入达到本年度要求" }]);
  });

  it("prints a semantic diff as text and as the contract JSON", async () => {
    const text = await runCli(["diff", "150000/village", "150100/village", ...dirs]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("集体经济年经营性收入下限（collectiveIncomeMin）：5万元 → 10万元");
    const json = JSON.parse((await runCli(["diff", "150000/village", "150100/village", ...dirs, "--json"])).stdout);
    expect(Object.keys(json).sort()).toEqual(["form", "grades", "indicators", "params", "rules"]);
    expect(json.params).toEqual([expect.objectContaining({ id: "collectiveIncomeMin", a: 5, b: 10 })]);
    expect(Object.keys(json.rules).sort()).toEqual(["added", "changed", "removed"]);
    expect(json.rules.removed.map((r: { id: string }) => r.id)).toEqual(["life-meetings"]);
    expect(json.form).toEqual({ added: ["$.local", "$.local.feature"], removed: [] });
  });

  it("runs impact over a JSONL file, bare and wrapped lines, with the contract JSON", async () => {
    const dir = tempDir();
    const line = (income: number) => ({
      basic: { collectiveIncome: income },
      life: { memberMeetings: 4 },
      negative: { accountability: false },
      review: { members: { participants: 10, excellent: 10 } },
    });
    const lines = [JSON.stringify(line(8)), JSON.stringify({ data: line(12) }), "", JSON.stringify(line(3))];
    fs.writeFileSync(path.join(dir, "subs.jsonl"), lines.join("\n") + "\n");
    const { code, stdout } = await runCli([
      "impact",
      "150000/village",
      "150100/village",
      path.join(dir, "subs.jsonl"),
      ...dirs,
      "--json",
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toEqual({
      total: 3,
      changed: 1,
      transitions: [
        { from: "strongest", to: "strongest", count: 1 },
        { from: "strongest", to: "advanced", count: 1 },
        { from: "advanced", to: "advanced", count: 1 },
      ],
      items: [{ line: 1, from: "strongest", to: "advanced", scoreA: 100, scoreB: 100 }],
    });
    const text = await runCli(["impact", "150000/village", "150100/village", path.join(dir, "subs.jsonl"), ...dirs]);
    expect(text.stdout).toContain("共 3 份，等次变化 1 份");
  });

  it("exits 1 and names file, path and the parent's guardrail when a child breaks it", async () => {
    const dir = copyFixtures();
    const file = path.join(dir, "rulesets/150100/village.json");
    const child = JSON.parse(fs.readFileSync(file, "utf8"));
    child.params = { collectiveIncomeMin: 3, excellentRatioMin: 0.5 };
    child.disable = ["veto-accountability"];
    fs.writeFileSync(file, JSON.stringify(child, null, 2));
    const { code, stdout } = await runCli(["lint", path.join(dir, "rulesets")]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `${file} $.params.collectiveIncomeMin: 参数 collectiveIncomeMin 的取值 3 低于上级规则集 150000/village 允许的下限 5（上级规则集 150000/village 的 collectiveIncomeMin.bounds.min = 5 不允许）`,
    );
    expect(stdout).toContain("$.params.excellentRatioMin");
    expect(stdout).toContain("$.disable[0]: 规则 veto-accountability 是上级规则集 150000/village 的必选规则，不能停用");
    const test = await runCli(["test", path.join(dir, "rulesets")]);
    expect(test.code).toBe(1);
    expect(test.stdout.trim().split("\n").pop()).toBe("2 passed, 1 failed");
  });

  it("reports malformed JSON with line and column, and failing cases with what differs", async () => {
    const dir = copyFixtures();
    fs.writeFileSync(
      path.join(dir, "rulesets/150100/village.json"),
      '{\n  "id": "150100/village",\n  "title": 呼和浩特\n}\n',
    );
    const lint = await runCli(["lint", path.join(dir, "rulesets")]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toMatch(/150100\/village\.json:3:12 \$: JSON 格式错误/);

    const base = path.join(dir, "rulesets/150000/village.json");
    const content = JSON.parse(fs.readFileSync(base, "utf8"));
    content.cases[0].expect.score = 95;
    fs.writeFileSync(base, JSON.stringify(content));
    const test = await runCli(["test", base]);
    expect(test.code).toBe(1);
    expect(test.stdout).toContain("✗ 150000/village › 满分支部评为最强");
    expect(test.stdout).toContain("总分应为 95，实际为 100");
    expect(test.stdout.trim().split("\n").pop()).toBe("1 passed, 1 failed");
  });

  it("finds parents and forms for a file given by path, and refuses a rule set that does not exist", async () => {
    const score = await runCli([
      "score",
      path.join(FIXTURES, "rulesets/150100/village.json"),
      path.join(FIXTURES, "../design/schemas/forms/village.ui.json"),
    ]);
    expect(score.code).toBe(0);
    expect(JSON.parse(score.stdout).ruleset.id).toBe("150100/village");
    const missing = await runCli([
      "score",
      "150000/nothing",
      path.join(FIXTURES, "schemas/forms/village.ui.json"),
      ...dirs,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("规则集 150000/nothing 不存在");
  });
});
