import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createEvaluator, createReferenceEvaluator } from "~/engine/evaluate";
import { createCompiledEvaluator } from "~/engine/compile";
import { lintRuleset } from "~/engine/lint";
import { listFields } from "~/engine/forms";
import type { RulesetFile } from "~/engine/types";
import { fileLibrary } from "~/server/rulesets/files.server";
import { ROOT, tempDir } from "../helpers/server";

const library = fileLibrary(path.join(ROOT, "rulesets"), path.join(ROOT, "schemas"));
const ids = library.rulesetIds();
const content = (id: string) => library.ruleset(id)!.content as RulesetFile;

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe("the shipped standards library", () => {
  it("has the 12 内蒙古 domains and three regional variants", () => {
    expect(ids).toEqual([
      "150000/community",
      "150000/hospital",
      "150000/institution",
      "150000/mobile",
      "150000/organ",
      "150000/private",
      "150000/retiree",
      "150000/school",
      "150000/social",
      "150000/soe",
      "150000/university",
      "150000/village",
      "150100/village",
      "450000/village",
      "510100/village",
    ]);
  });

  it("is exactly what scripts/standards generates", () => {
    const out = tempDir("branchmark-standards-");
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "scripts/standards/build.ts"), out],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(result.status, result.stderr).toBe(0);
    for (const dir of ["rulesets", "schemas/forms"]) {
      const generated = filesUnder(path.join(out, dir));
      expect(generated).toEqual(filesUnder(path.join(ROOT, dir)).filter((f) => f !== ".gitkeep"));
      for (const f of generated)
        expect(fs.readFileSync(path.join(out, dir, f), "utf8"), f).toBe(
          fs.readFileSync(path.join(ROOT, dir, f), "utf8"),
        );
    }
    expect(fs.readFileSync(path.join(out, "docs/standards.md"), "utf8")).toBe(
      fs.readFileSync(path.join(ROOT, "docs/standards.md"), "utf8"),
    );
  });

  it("lints clean, with at least 6 cases per rule set and a source on every rule", () => {
    for (const id of ids) {
      expect(lintRuleset(id, library).errors, id).toEqual([]);
      const file = content(id);
      expect(file.cases!.length, id).toBeGreaterThanOrEqual(6);
      for (const rule of file.rules ?? [])
        expect(rule.event.params?.source, `${id} ${rule.id}`).toMatch(/^00[0-4]_[0-9a-f]{16}\.txt /);
    }
  });

  it("says where every threshold comes from, or that it is a local choice", () => {
    for (const id of ids) {
      for (const [name, param] of Object.entries(content(id).params ?? {})) {
        if (typeof param !== "object" || param === null || !("type" in param)) continue;
        expect(param.description, `${id} ${name}`).toMatch(/^00[0-4] |本地选择/);
      }
    }
  });

  it("turns every 附件2 item of each domain into a rule", () => {
    const items: Record<string, [string, number]> = {
      village: ["一.", 8],
      community: ["二.", 5],
      soe: ["三.", 4],
      university: ["四.", 4],
      private: ["五.", 4],
      social: ["六.", 3],
      hospital: ["七.(一)", 4],
      school: ["七.(二)", 4],
      institution: ["七.(三)", 3],
      organ: ["八.", 7],
      mobile: ["九.", 5],
      retiree: ["十.", 5],
    };
    for (const [domain, [clause, count]] of Object.entries(items)) {
      const sources = new Set(content(`150000/${domain}`).rules!.map((r) => r.event.params?.source));
      for (let n = 1; n <= count; n++)
        expect(
          [...sources].some((s) => s?.endsWith(`附件2 ${clause}${n}`)),
          `${domain} ${clause}${n}`,
        ).toBe(true);
      const required = content(`150000/${domain}`)
        .rules!.filter((r) => r.required)
        .map((r) => r.id);
      expect(required).toEqual(
        expect.arrayContaining([
          "veto-accountability",
          "req-organization-rating",
          "req-member-excellent-ratio",
          "veto-masses-dissatisfied",
          "veto-social-evaluation",
          "eligibility-age",
          "eligibility-not-weak",
        ]),
      );
    }
  });

  it("scores every case of every rule set identically with the compiled evaluator and json-rules-engine, trace included", async () => {
    let cases = 0;
    for (const id of ids) {
      const { ruleset } = lintRuleset(id, library);
      const [reference, compiled] = [createReferenceEvaluator(ruleset!), createCompiledEvaluator(ruleset!)];
      for (const c of ruleset!.cases) {
        expect(
          compiled.scoreSync({ data: c.data, context: c.context, materials: c.materials }),
          `${id} ${c.name}`,
        ).toEqual(await reference.score({ data: c.data, context: c.context, materials: c.materials }));
        cases++;
      }
    }
    expect(cases).toBe(643);
  });

  it("gives every child rule set a case whose grade differs from its parent's on the same data", async () => {
    for (const id of ids.filter((i) => content(i).extends)) {
      const child = createEvaluator(lintRuleset(id, library).ruleset!);
      const parent = createEvaluator(lintRuleset(content(id).extends!, library).ruleset!);
      let differs = 0;
      for (const c of content(id).cases!) {
        const [a, b] = [
          await parent.score({ data: c.data, context: c.context, materials: c.materials }),
          await child.score({ data: c.data, context: c.context, materials: c.materials }),
        ];
        if (a.grade.id !== b.grade.id) differs++;
      }
      expect(differs, id).toBeGreaterThan(0);
    }
  });

  it("gives an empty form no points, no veto and no passed requirement: an unanswered question never counts", async () => {
    for (const id of ids) {
      const { ruleset } = lintRuleset(id, library);
      const result = await createEvaluator(ruleset!).score({ data: {}, context: { branch: { ageYears: 3 } } });
      expect(result.score, id).toBe(0);
      expect(result.vetoes, id).toEqual([]);
      const requirements = ruleset!.rules.filter(
        (r) => r.event.type === "require" && r.conditions && !JSON.stringify(r.conditions).includes('"fact":"context"'),
      );
      expect(result.unmet.map((u) => u.rule).sort(), id).toEqual(requirements.map((r) => r.id).sort());
    }
  });

  it("titles every form field in Chinese, bounds every number, and marks 四评 as the reviewer's", () => {
    for (const file of filesUnder(path.join(ROOT, "schemas/forms")).filter((f) => f.endsWith(".schema.json"))) {
      const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schemas/forms", file), "utf8"));
      for (const field of listFields(schema)) expect(field.title, `${file} ${field.path}`).toMatch(/[\u4e00-\u9fff]/);
      const walk = (node: Record<string, unknown>, at: string) => {
        if (node.type === "integer" || node.type === "number")
          expect(node.minimum, `${file} ${at}`).toBeTypeOf("number");
        for (const [k, v] of Object.entries((node.properties as Record<string, Record<string, unknown>>) ?? {}))
          walk(v, `${at}.${k}`);
      };
      walk(schema, "$");
      if (schema.properties.review) {
        const ui = JSON.parse(
          fs.readFileSync(path.join(ROOT, "schemas/forms", file.replace(".schema.json", ".ui.json")), "utf8"),
        );
        expect(ui.review["ui:options"].filledBy, file).toBe("reviewer");
      }
    }
  });

  it("maps every rule of every rule set in docs/standards.md", () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs/standards.md"), "utf8");
    for (const id of ids)
      for (const rule of content(id).rules ?? []) expect(doc, `${id} ${rule.id}`).toContain(`\`${rule.id}\``);
    for (const phrase of [
      "90分线",
      "新组建不满一年",
      "软弱涣散",
      "组织评定",
      "党员评议",
      "群众评判",
      "社会评价",
      "负面情形1",
    ])
      expect(doc).toContain(phrase);
  });
});
