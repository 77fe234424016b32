import path from "node:path";
import { describe, expect, it } from "vitest";
import { createCompiledEvaluator } from "~/engine/compile";
import { lintRuleset } from "~/engine/lint";
import type { JsonObject, ResolvedRuleset } from "~/engine/types";
import { fileLibrary } from "~/server/rulesets/files.server";
import { ROOT } from "../../helpers/server";

// The three 嘎查村 thresholds that were editable but read by no rule (issue "Plain Chinese", item 4): each now moves
// its rule when a region changes it.
const library = fileLibrary(path.join(ROOT, "rulesets"), path.join(ROOT, "schemas"));
const village = lintRuleset("150000/village", library).ruleset!;
const caseData = (name: string) => structuredClone(village.cases.find((c) => c.name === name)!.data) as JsonObject;

function flags(params: Record<string, number>, data: JsonObject): string[] {
  const ruleset: ResolvedRuleset = structuredClone(village);
  for (const [name, value] of Object.entries(params)) ruleset.params[name].value = value;
  return createCompiledEvaluator(ruleset)
    .scoreSync({ data, context: village.cases[0].context ?? {} })
    .flags.map((f) => f.rule);
}

describe("the shipped 嘎查村 thresholds read their params", () => {
  it("书记年度培训天数下限: 15 days pass at 15 and are flagged at 20", () => {
    const data = caseData("书记培训14天");
    (data.standard as JsonObject).secretaryTrainingDays = 15;
    expect(flags({}, data)).not.toContain("flag-secretary-training-days");
    expect(flags({ secretaryTrainingDaysMin: 20 }, data)).toContain("flag-secretary-training-days");
  });

  it("“四公开”次数下限 and 有致富项目的后备干部比例下限 move their flags too", () => {
    const disclosures = caseData("全年只公开3次");
    expect(flags({}, disclosures)).toContain("flag-disclosures");
    expect(flags({ disclosuresMin: 3 }, disclosures)).not.toContain("flag-disclosures");
    const reserve = caseData("5名后备干部中3名有致富项目");
    expect(flags({}, reserve)).toContain("flag-reserve-projects");
    expect(flags({ reserveWithProjectRatioMin: 0.6 }, reserve)).not.toContain("flag-reserve-projects");
  });
});
