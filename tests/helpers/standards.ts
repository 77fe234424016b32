import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./server";

/** 呼和浩特's shipped 嘎查村 standard (rulesets/150100/village.json), as the tests start from it. */
export const hohhot = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150100/village.json"), "utf8"));
export const EXACTLY_92 = hohhot.cases.findIndex((c: { name: string }) => c.name === "恰好92分");

/**
 * 呼和浩特's standard as its administrator changes it in the tests: the 最强 line raised from 92 to 95 and a
 * 集体经济增收星 whose right-hand side is a param; optionally the 92-point case fixed to expect 先进, and a
 * 网格员人数 field added to its own section.
 */
export function raisedStandard({ fixCase = false, gridWorkers = false } = {}) {
  const next = structuredClone(hohhot);
  next.params.scoreLine = 95;
  next.rules.push({
    id: "local-income-star",
    name: "集体经济增收星",
    conditions: {
      all: [
        {
          fact: "form",
          path: "$.basic.collectiveIncome",
          operator: "greaterThanInclusive",
          value: { fact: "params", path: "$.collectiveIncomeMin" },
        },
      ],
    },
    event: { type: "star", params: { star: "集体经济增收星", source: "呼和浩特市本地选择" } },
  });
  if (gridWorkers) {
    next.form.extend.local.properties.gridWorkers = { type: "integer", title: "网格员人数", unit: "名", minimum: 0 };
    next.form.ui.local["ui:order"].push("gridWorkers");
  }
  if (fixCase)
    next.cases[EXACTLY_92] = {
      ...next.cases[EXACTLY_92],
      name: "92分低于新分数线95分，评为先进",
      expect: { ...next.cases[EXACTLY_92].expect, grade: "advanced" },
    };
  return next;
}
