import { describe, expect, it } from "vitest";
import { createEvaluator } from "~/engine/evaluate";
import { resolveRuleset } from "~/engine/resolve";
import type { ResolvedRuleset } from "~/engine/types";
import { baseRuleset, FORM, leaf, memoryLibrary } from "../../helpers/library";

function resolve(content: object): ResolvedRuleset {
  const { ruleset, errors } = resolveRuleset(
    "150000/village",
    memoryLibrary({ "150000/village": content }, { village: FORM }),
  );
  expect(errors).toEqual([]);
  return ruleset!;
}

const score = (content: object, data: object, context?: object) =>
  createEvaluator(resolve(content)).score({ data: data as never, context: context as never });

describe("evaluation semantics", () => {
  it("adds score points per indicator and grades by the param score line", async () => {
    const result = await score(baseRuleset(), { a: 10, b: 1 });
    expect(result.indicators.map((i) => i.score)).toEqual([50, 50]);
    expect(result.score).toBe(100);
    expect(result.maxScore).toBe(100);
    expect(result.grade).toEqual({ id: "top", title: "最强" });
    expect(result.ruleset).toMatchObject({ id: "150000/village", revision: null });
    expect(result.ruleset.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("never lets an indicator exceed its max or drop below 0", async () => {
    const rules = [
      {
        id: "s1",
        conditions: { all: [leaf("$.a", "greaterThan", 0)] },
        event: { type: "score", params: { indicator: "x", points: 40 } },
      },
      {
        id: "s2",
        conditions: { all: [leaf("$.a", "greaterThan", 0)] },
        event: { type: "score", params: { indicator: "x", points: 40 } },
      },
      {
        id: "d1",
        conditions: { all: [leaf("$.b", "greaterThan", 0)] },
        event: { type: "deduct", params: { indicator: "y", points: 30 } },
      },
    ];
    const result = await score(baseRuleset({ rules }), { a: 1, b: 1 });
    expect(result.indicators).toEqual([
      { id: "x", title: "指标甲", score: 50, max: 50 },
      { id: "y", title: "指标乙", score: 0, max: 50 },
    ]);
  });

  it("lists vetoes and keeps noVeto grades out of reach", async () => {
    const result = await score(baseRuleset(), { a: 10, b: 1, flag: true });
    expect(result.vetoes).toEqual([{ rule: "veto-flag", message: "负面情形" }]);
    expect(result.grade.id).toBe("rest");
  });

  it("lists a require rule as unmet when its conditions are false, with the threshold from params in the trace", async () => {
    const result = await score(baseRuleset(), { a: 3, b: 1 });
    expect(result.unmet).toEqual([{ rule: "req-floor", message: "甲不低于下限" }]);
    expect(result.grade.id).toBe("rest");
    const trace = result.trace.find((t) => t.rule === "req-floor")!;
    expect(trace.fired).toBe(true);
    expect(trace.conditions).toMatchObject({
      all: [
        { fact: "form", path: "$.a", operator: "greaterThanInclusive", factResult: 3, valueResult: 5, result: false },
      ],
    });
  });

  it("counts stars by name and grades on minStars and named stars", async () => {
    const rules = [
      {
        id: "st1",
        conditions: { all: [leaf("$.a", "greaterThan", 0)] },
        event: { type: "star", params: { star: "班子坚强星" } },
      },
      {
        id: "st2",
        conditions: { all: [leaf("$.b", "greaterThan", 0)] },
        event: { type: "star", params: { star: "和谐稳定星" } },
      },
      {
        id: "st3",
        conditions: { all: [leaf("$.b", "greaterThan", 5)] },
        event: { type: "star", params: { star: "和谐稳定星" } },
      },
    ];
    const grades = [
      { id: "ten", title: "两星且有班子坚强星", minStars: 2, stars: ["班子坚强星"] },
      { id: "none", title: "其他" },
    ];
    const both = await score(baseRuleset({ rules, grades }), { a: 1, b: 9 });
    expect(both.stars).toBe(2);
    expect(both.starNames).toEqual(["班子坚强星", "和谐稳定星"]);
    expect(both.grade.id).toBe("ten");
    expect((await score(baseRuleset({ rules, grades }), { b: 9 })).grade.id).toBe("none");
  });

  it("lists flags, which block a grade only when it names them in noFlags", async () => {
    const rules = [
      {
        id: "weak",
        conditions: { all: [leaf("$.a", "lessThan", 1)] },
        event: { type: "flag", params: { message: "软弱涣散信号" } },
      },
    ];
    const free = [{ id: "ok", title: "合格" }];
    const strict = [
      { id: "ok", title: "合格", noFlags: ["weak"] },
      { id: "no", title: "不合格" },
    ];
    expect((await score(baseRuleset({ rules, grades: free }), { a: 0 })).flags).toEqual([
      { rule: "weak", message: "软弱涣散信号" },
    ]);
    expect((await score(baseRuleset({ rules, grades: free }), { a: 0 })).grade.id).toBe("ok");
    expect((await score(baseRuleset({ rules, grades: strict }), { a: 0 })).grade.id).toBe("no");
  });

  it("treats a missing form value as undefined, never an exception", async () => {
    const rules = [
      ...baseRuleset().rules,
      {
        id: "in-list",
        conditions: {
          any: [leaf("$.nested.deep", "in", [1, 2]), leaf("$.list[3].x", "contains", 1), leaf("$.a", "notEqual", 5)],
        },
        event: { type: "score", params: { indicator: "x", points: 1 } },
      },
    ];
    const result = await score(baseRuleset({ rules }), {});
    expect(result.score).toBe(1);
    expect(result.trace.find((t) => t.rule === "score-a")!.conditions).toMatchObject({ all: [{ result: false }] });
    expect(result.unmet.map((u) => u.rule)).toEqual(["req-floor"]);
  });

  it("gives null for a division by zero in computed, never Infinity", async () => {
    const content = baseRuleset({
      computed: {
        ratio: { "/": [{ var: "form.a" }, { var: "form.b" }] },
        rest: { "%": [{ var: "form.a" }, 0] },
        sum: { "+": [{ var: "computed.ratio" }, 1] },
      },
      rules: [
        {
          id: "r",
          conditions: { all: [{ fact: "computed", path: "$.ratio", operator: "equal", value: null }] },
          event: { type: "score", params: { indicator: "x", points: 7 } },
        },
      ],
    });
    const result = await score(content, { a: 5, b: 0 });
    expect(result.score).toBe(7);
    const trace = result.trace[0].conditions as { all: { factResult: unknown }[] };
    expect(trace.all[0].factResult).toBeNull();
  });

  it("reads context facts supplied by the caller", async () => {
    const rules = [
      {
        id: "age",
        conditions: {
          all: [{ fact: "context", path: "$.branch.ageYears", operator: "greaterThanInclusive", value: 1 }],
        },
        event: { type: "require", params: { message: "成立满一年" } },
      },
    ];
    const grades = [
      { id: "ok", title: "可评", requirements: ["age"] },
      { id: "no", title: "不可评" },
    ];
    expect((await score(baseRuleset({ rules, grades }), {}, { branch: { ageYears: 3 } })).grade.id).toBe("ok");
    expect((await score(baseRuleset({ rules, grades }), {}, { branch: { ageYears: 0.5 } })).grade.id).toBe("no");
    expect((await score(baseRuleset({ rules, grades }), {})).grade.id).toBe("no");
  });

  it("resolves shared condition references", async () => {
    const content = baseRuleset({
      conditions: { hasA: { all: [leaf("$.a", "greaterThan", 0)] } },
      rules: [
        {
          id: "r",
          conditions: { all: [{ condition: "hasA" }] },
          event: { type: "score", params: { indicator: "x", points: 3 } },
        },
      ],
    });
    expect((await score(content, { a: 1 })).score).toBe(3);
    expect((await score(content, { a: 0 })).score).toBe(0);
  });

  it("gives the same Result for the same input, whatever the rule priorities", async () => {
    const prioritized = baseRuleset({ rules: baseRuleset().rules.map((r, i) => ({ ...r, priority: 10 - i })) });
    const data = { a: 3, b: 2, flag: true };
    const [x, y] = [await score(baseRuleset(), data), await score(prioritized, data)];
    expect({ ...x, ruleset: null, trace: null }).toEqual({ ...y, ruleset: null, trace: null });
    expect(await score(baseRuleset(), data)).toEqual(x);
  });
});

describe("computed arithmetic on missing values", () => {
  it("is null, never 0, so that a comparison on an unanswered question fails", async () => {
    const content = baseRuleset({
      computed: {
        diff: { "-": [{ var: "form.a" }, { var: "form.b" }] },
        sum: { "+": [{ var: "form.a" }, 1] },
        product: { "*": [{ var: "form.a" }, 2] },
        ratio: { "/": [{ var: "form.a" }, { var: "form.b" }] },
      },
      rules: [
        {
          id: "r",
          conditions: {
            any: ["diff", "sum", "product", "ratio"].map((name) => ({
              fact: "computed",
              path: `$.${name}`,
              operator: "greaterThanInclusive",
              value: 0,
            })),
          },
          event: { type: "score", params: { indicator: "x", points: 5 } },
        },
      ],
    });
    expect((await score(content, {})).score).toBe(0);
    const answered = await score(content, { a: 3, b: 3 });
    expect(answered.score).toBe(5);
  });
});
