import { describe, expect, it } from "vitest";
import { diffRulesets, formatDiff } from "~/engine/diff";
import { formatImpact, ImpactTally } from "~/engine/impact";
import { resolveRuleset } from "~/engine/resolve";
import { baseRuleset, FORM, leaf, memoryLibrary } from "../../helpers/library";

const library = memoryLibrary(
  {
    "150000/village": baseRuleset(),
    "150100/village": {
      id: "150100/village",
      extends: "150000/village",
      title: "市",
      params: { floor: 10 },
      disable: ["score-a"],
      rules: [
        {
          id: "score-b",
          name: "乙达标",
          conditions: { all: [leaf("$.b", "greaterThanInclusive", 3)] },
          event: { type: "score", params: { indicator: "y", points: 40 } },
        },
        {
          id: "local",
          conditions: { all: [leaf("$.local.z", "equal", true)] },
          event: { type: "star", params: { star: "特色星" } },
        },
      ],
      form: { extend: { local: { type: "object", properties: { z: { type: "boolean", title: "特色" } } } } },
    },
    "450000/community": {
      ...baseRuleset(),
      id: "450000/community",
      indicators: [
        { id: "x", title: "指标甲", max: 60 },
        { id: "y", title: "指标乙", max: 40 },
      ],
    },
  },
  { village: FORM },
);
const get = (id: string) => resolveRuleset(id, library).ruleset!;

describe("diffRulesets", () => {
  it("lists param values, rules added, removed and changed, and form fields", () => {
    const diff = diffRulesets(get("150000/village"), get("150100/village"));
    expect(diff.params).toEqual([
      {
        id: "floor",
        title: undefined,
        unit: undefined,
        a: 5,
        b: 10,
        boundsA: { min: 5, max: 20 },
        boundsB: { min: 5, max: 20 },
      },
    ]);
    expect(diff.rules.added).toEqual([{ id: "local", name: "local", type: "star" }]);
    expect(diff.rules.removed).toEqual([{ id: "score-a", name: "甲达标", type: "score" }]);
    expect(diff.rules.changed).toHaveLength(1);
    expect(diff.rules.changed[0].changes).toEqual([
      "条件：全部满足：乙 ≥ 1 → 全部满足：乙 ≥ 3",
      "效果：加分 50 分（指标乙） → 加分 40 分（指标乙）",
    ]);
    expect(diff.form).toEqual({ added: ["$.local", "$.local.z"], removed: [] });
    expect(diff.formFields.added.map((f) => f.title)).toEqual(["local", "local / 特色"]);
    const text = formatDiff(diff);
    expect(text).toContain("floor：5 → 10");
    expect(text).toContain("- score-a 甲达标");
  });

  it("compares across regions and domains", () => {
    const diff = diffRulesets(get("150000/village"), get("450000/community"));
    expect(diff.indicators.changed.map((c) => [c.id, c.changes])).toEqual([
      ["x", ["满分：50 → 60"]],
      ["y", ["满分：50 → 40"]],
    ]);
    expect(diff.params).toEqual([]);
  });
});

describe("ImpactTally", () => {
  it("counts transitions, keeps only lines whose grade changed, and prints a matrix", () => {
    const tally = new ImpactTally();
    const r = (grade: string, score: number) => ({ grade: { id: grade, title: grade }, score });
    tally.add(1, r("top", 100), r("top", 100));
    tally.add(2, r("top", 100), r("rest", 50));
    tally.add(4, r("rest", 10), r("rest", 20));
    tally.add(5, r("top", 90), r("rest", 40));
    const summary = tally.summary(["top", "rest"]);
    expect(summary).toEqual({
      total: 4,
      changed: 2,
      transitions: [
        { from: "top", to: "top", count: 1 },
        { from: "top", to: "rest", count: 2 },
        { from: "rest", to: "rest", count: 1 },
      ],
      items: [
        { line: 2, from: "top", to: "rest", scoreA: 100, scoreB: 50 },
        { line: 5, from: "top", to: "rest", scoreA: 90, scoreB: 40 },
      ],
    });
    const text = formatImpact(
      summary,
      new Map([
        ["top", "最强"],
        ["rest", "其他"],
      ]),
      ["top", "rest"],
    );
    expect(text).toContain("共 4 份，等次变化 2 份");
    expect(text).toContain("第 2 行：最强（100）→ 其他（50）");
  });
});
