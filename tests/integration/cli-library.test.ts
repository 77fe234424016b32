import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "../helpers/server";

const FIXTURES = path.join(ROOT, "tests/fixtures/design");

describe("branchmark import / export rulesets", () => {
  const dbFile = path.join(tempDir(), "library.db");
  const env = { BRANCHMARK_DB: dbFile, BRANCHMARK_DEMO_PASSWORD: "irrelevant-here" };
  const library = tempDir("branchmark-lib-");
  fs.cpSync(FIXTURES, library, { recursive: true });
  const rulesets = path.join(library, "rulesets");
  const revisions = () => {
    const sqlite = new Database(dbFile, { readonly: true });
    const rows = sqlite
      .prepare("SELECT ruleset_id AS id, revision, sha256 FROM ruleset_revisions ORDER BY id, revision")
      .all();
    sqlite.close();
    return rows as { id: string; revision: number; sha256: string }[];
  };

  it("publishes forms and rule sets, and importing the same files again stores nothing", () => {
    // Only the regions, not the demo data, which would publish the shipped library too.
    expect(runCli(["db", "migrate"], env).code).toBe(0);
    const sqlite = new Database(dbFile);
    sqlite.exec(
      "INSERT INTO regions (code, name, parent_code, level, path) VALUES ('150000', '内蒙古自治区', NULL, 1, '150000'), ('150100', '呼和浩特市', '150000', 2, '150000/150100')",
    );
    sqlite.close();
    const first = runCli(["import", "rulesets", rulesets], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("规则集 2 个新版本");
    const second = runCli(["import", "rulesets", rulesets], env);
    expect(second.stdout).toContain("表单 0 个新版本、1 个未变化；规则集 0 个新版本、2 个未变化");
    expect(revisions().map((r) => `${r.id}@${r.revision}`)).toEqual(["150000/village@1", "150100/village@1"]);
  });

  it("adds a changed file as a new revision and never touches the old one", () => {
    const before = revisions();
    const file = path.join(rulesets, "150100/village.json");
    const child = JSON.parse(fs.readFileSync(file, "utf8"));
    child.params.collectiveIncomeMin = 11;
    fs.writeFileSync(file, JSON.stringify(child));
    expect(runCli(["import", "rulesets", rulesets], env).code).toBe(0);
    const after = revisions();
    expect(after.map((r) => `${r.id}@${r.revision}`)).toEqual([
      "150000/village@1",
      "150100/village@1",
      "150100/village@2",
    ]);
    expect(after.filter((r) => r.revision === 1)).toEqual(before);
  });

  it("refuses a file that fails lint and keeps the rest", () => {
    const file = path.join(rulesets, "150100/village.json");
    const child = JSON.parse(fs.readFileSync(file, "utf8"));
    child.params.collectiveIncomeMin = 1;
    fs.writeFileSync(file, JSON.stringify(child));
    const result = runCli(["import", "rulesets", rulesets], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("✗ 规则集 150100/village：有错误，未导入");
    expect(result.stdout).toContain("$.params.collectiveIncomeMin");
    expect(revisions()).toHaveLength(3);
  });

  it("exports the published revisions as files that lint and test clean", () => {
    const out = tempDir("branchmark-export-");
    const result = runCli(
      ["export", "rulesets", path.join(out, "rulesets"), "--schemas", path.join(out, "schemas")],
      env,
    );
    expect(result.stdout).toContain("已导出 2 个规则集、1 个表单");
    const exported = JSON.parse(fs.readFileSync(path.join(out, "rulesets/150100/village.json"), "utf8"));
    expect(exported.params.collectiveIncomeMin).toBe(11);
    expect(runCli(["lint", path.join(out, "rulesets"), path.join(out, "schemas")]).code).toBe(0);
    expect(runCli(["test", path.join(out, "rulesets")]).stdout).toContain("3 passed, 0 failed");
  });
});
