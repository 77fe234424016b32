import type { Library } from "~/engine/resolve";
import type { JsonObject } from "~/engine/types";

/** An in-memory library: rule sets by id, forms by id. */
export function memoryLibrary(rulesets: Record<string, unknown>, forms: Record<string, JsonObject> = {}): Library {
  return {
    ruleset: (id) => (id in rulesets ? { file: `${id}.json`, content: structuredClone(rulesets[id]) } : undefined),
    form: (id) => (id in forms ? { id, schema: forms[id], uiSchema: {} } : undefined),
  };
}

export const FORM: JsonObject = {
  type: "object",
  properties: {
    a: { type: "number", title: "甲" },
    b: { type: "number", title: "乙" },
    flag: { type: "boolean", title: "标志" },
    list: { type: "array", items: { type: "object", properties: { x: { type: "number" } } } },
    nested: { type: "object", properties: { deep: { type: "number", title: "深" } } },
  },
};

export const leaf = (path: string, operator: string, value: unknown) => ({ fact: "form", path, operator, value });

/** A small valid base rule set to vary in tests. */
export function baseRuleset(overrides: Record<string, unknown> = {}) {
  return {
    id: "150000/village",
    title: "测试基础规则集",
    form: "village",
    params: {
      line: { title: "分数线", type: "number", default: 60, min: 0, max: 100 },
      floor: { type: "number", default: 5, bounds: { min: 5, max: 20 } },
      fixed: { type: "number", default: 0.9, locked: true },
    },
    // Every param is read somewhere (lint's rule); this one by a computed value.
    computed: { fixedPercent: { "*": [{ var: "params.fixed" }, 100] } },
    indicators: [
      { id: "x", title: "指标甲", max: 50 },
      { id: "y", title: "指标乙", max: 50 },
    ],
    rules: [
      {
        id: "score-a",
        name: "甲达标",
        conditions: { all: [leaf("$.a", "greaterThanInclusive", 1)] },
        event: { type: "score", params: { indicator: "x", points: 50 } },
      },
      {
        id: "score-b",
        name: "乙达标",
        conditions: { all: [leaf("$.b", "greaterThanInclusive", 1)] },
        event: { type: "score", params: { indicator: "y", points: 50 } },
      },
      {
        id: "veto-flag",
        required: true,
        conditions: { all: [leaf("$.flag", "equal", true)] },
        event: { type: "veto", params: { message: "负面情形" } },
      },
      {
        id: "req-floor",
        conditions: {
          all: [
            { fact: "form", path: "$.a", operator: "greaterThanInclusive", value: { fact: "params", path: "$.floor" } },
          ],
        },
        event: { type: "require", params: { message: "甲不低于下限" } },
      },
    ],
    grades: [
      { id: "top", title: "最强", minScore: { param: "line" }, noVeto: true, requirements: "all" },
      { id: "rest", title: "其他" },
    ],
    ...overrides,
  };
}
