import path from "node:path";
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AnswersView } from "~/components/AnswersView";
import { RuleTrace } from "~/components/RuleTrace";
import { ResultSummary } from "~/components/ScorePanel";
import { createEvaluator } from "~/engine/evaluate";
import { lintRuleset } from "~/engine/lint";
import type { JsonObject, ResolvedRuleset } from "~/engine/types";
import { fileLibrary } from "~/server/rulesets/files.server";
import { formFor } from "~/utils/form";
import { ROOT } from "../../helpers/server";

// The proof of the issue "Plain Chinese" (item 3): what a branch secretary or a reviewer reads of a result — the
// grade and its reasons, the answers marked with their rules, and the “为什么” of every rule — never shows a `$.`
// path, a rule or param id, a cited file's name or a hash. Rendered from the real components with every shipped
// standard, an empty form and its first cases (a full one, and ones that fail), as a non-admin sees them. The real
// page, with its header and print layout, is checked in the browser (tests/e2e/workflow.test.ts).
const library = fileLibrary(path.join(ROOT, "rulesets"), path.join(ROOT, "schemas"));
const REGION_NAMES = {
  "150000": "内蒙古自治区",
  "150100": "呼和浩特市",
  "450000": "广西壮族自治区",
  "510100": "成都市",
};

/** The text a person sees: the markup without its tags, attributes and entities. */
const visibleText = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

async function resultPageText(ruleset: ResolvedRuleset, data: JsonObject, context: JsonObject = {}) {
  const result = await createEvaluator(ruleset).score({ data, context });
  const form = formFor(ruleset.form!, "branch");
  return visibleText(
    renderToStaticMarkup(
      createElement(
        Fragment,
        null,
        createElement(ResultSummary, { ruleset, result, gradeLabel: "按规则计算的等次" }),
        createElement(AnswersView, { schema: form.schema, uiSchema: form.uiSchema, data, trace: result.trace }),
        createElement(RuleTrace, { ruleset, trace: result.trace, regionNames: REGION_NAMES, admin: false }),
      ),
    ),
  );
}

function codeIn(text: string, ruleset: ResolvedRuleset): string[] {
  const found: string[] = [];
  for (const pattern of [/\$\.[A-Za-z]/, /\b\w+\.txt\b/, /sha256|\b[0-9a-f]{12,}\b/])
    if (pattern.test(text)) found.push(String(text.match(pattern)![0]));
  const words = new Set(text.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []);
  for (const id of [...ruleset.rules.map((r) => r.id), ...Object.keys(ruleset.params)])
    if (words.has(id)) found.push(id);
  return found;
}

describe("result pages speak plain Chinese for every shipped standard", () => {
  const ids = library.rulesetIds();
  it("ships fifteen standards to check, and the check finds each kind of code", () => {
    expect(ids.length).toBeGreaterThanOrEqual(15);
    const village = lintRuleset("150000/village", library).ruleset!;
    expect(codeIn("字段 $.life.memberMeetings", village)).toEqual(["$.l"]);
    expect(codeIn("依据 002_7ac5433e7f4a04b1.txt 二", village)).toEqual(["002_7ac5433e7f4a04b1.txt"]);
    expect(codeIn("版本 sha256:ab", village)).toEqual(["sha256"]);
    expect(codeIn("规则 flag-disclosures 与参数 scoreLine", village)).toEqual(["flag-disclosures", "scoreLine"]);
  });

  for (const id of ids)
    it(`${id}: an empty form and its first cases`, async () => {
      const ruleset = lintRuleset(id, library).ruleset!;
      const empty = await resultPageText(ruleset, {});
      expect(empty).toContain("未填写");
      expect(codeIn(empty, ruleset)).toEqual([]);
      for (const c of ruleset.cases.slice(0, 3)) {
        const text = await resultPageText(ruleset, c.data, c.context ?? {});
        expect(codeIn(text, ruleset), c.name).toEqual([]);
        expect(text).toMatch(/标准要求|时认定为负面情形|时预警|时扣分/);
      }
    });
});
