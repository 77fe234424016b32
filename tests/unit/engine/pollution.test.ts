import { afterEach, describe, expect, it } from "vitest";
import { createCompiledEvaluator } from "~/engine/compile";
import { createEvaluator, createReferenceEvaluator } from "~/engine/evaluate";
import { extendSchema, mergeUi } from "~/engine/forms";
import { getPath } from "~/engine/path";
import { lintRuleset } from "~/engine/lint";
import { resolveRuleset } from "~/engine/resolve";
import { toSubmission } from "~/engine/submission";
import { baseRuleset, FORM, memoryLibrary } from "../../helpers/library";

const polluted = () => ({}) as Record<string, unknown>;

afterEach(() => {
  expect(polluted().polluted).toBeUndefined();
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
});

describe("no user JSON ever reaches an object prototype", () => {
  it("scores data carrying __proto__, constructor and prototype keys", async () => {
    const data = JSON.parse(
      '{"a": 5, "__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "nested": {"__proto__": {"polluted": 1}}}',
    );
    const context = JSON.parse('{"__proto__": {"polluted": "ctx"}, "branch": {"__proto__": {"polluted": 2}}}');
    const { ruleset } = resolveRuleset(
      "150000/village",
      memoryLibrary(
        {
          "150000/village": baseRuleset({
            computed: { p: { var: "form.__proto__.polluted" }, c: { var: "form.constructor" } },
          }),
        },
        { village: FORM },
      ),
    );
    const result = await createEvaluator(ruleset!).score(toSubmission({ data, context }));
    expect(result.score).toBe(50);
    expect(polluted().polluted).toBeUndefined();
  });

  it("scores and traces such data exactly as json-rules-engine does, in both modes of the compiled evaluator", async () => {
    const data = JSON.parse(
      '{"a": 5, "__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"x": 1}}, "nested": {"deep": 2, "__proto__": {"polluted": 1}}, "list": [{"x": 1, "constructor": 2}]}',
    );
    const context = JSON.parse(
      '{"__proto__": {"polluted": "ctx"}, "branch": {"ageYears": 3, "__proto__": {"polluted": 2}}}',
    );
    const rules = [
      {
        id: "proto",
        conditions: { all: [{ fact: "computed", path: "$.p", operator: "equal", value: "yes" }] },
        event: { type: "flag", params: { message: "读到了原型" } },
      },
      {
        id: "ctor",
        conditions: { all: [{ fact: "computed", path: "$.c", operator: "equal", value: null }] },
        event: { type: "flag", params: { message: "构造函数为空" } },
      },
      {
        id: "nested",
        conditions: {
          all: [
            { fact: "form", path: "$.nested", operator: "notEqual", value: null },
            { fact: "form", path: "$.list", operator: "notEqual", value: null },
          ],
        },
        event: { type: "score", params: { indicator: "x", points: 10 } },
      },
      {
        id: "branch",
        conditions: { all: [{ fact: "context", path: "$.branch", operator: "notEqual", value: null }] },
        event: { type: "score", params: { indicator: "y", points: 10 } },
      },
    ];
    const { ruleset } = resolveRuleset(
      "150000/village",
      memoryLibrary(
        {
          "150000/village": baseRuleset({
            rules,
            computed: { p: { var: "form.__proto__.polluted" }, c: { var: "form.constructor" } },
          }),
        },
        { village: FORM },
      ),
    );
    const reference = await createReferenceEvaluator(ruleset!).score({ data, context });
    expect(reference.flags.map((f) => f.rule)).toEqual(["ctor"]);
    const compiled = createCompiledEvaluator(ruleset!);
    expect(compiled.scoreSync({ data, context })).toEqual(reference);
    expect(compiled.scoreSync({ data, context }, { trace: false })).toEqual({ ...reference, trace: [] });
    // The trace shows the user's objects as the reference's copy of them: without the forbidden keys.
    expect(JSON.stringify(compiled.scoreSync({ data, context }).trace)).not.toMatch(/polluted|constructor/);
  });

  it("never reads inherited properties through a path", () => {
    expect(getPath({}, "$.constructor")).toBeUndefined();
    expect(getPath({ a: {} }, "$.a.__proto__")).toBeUndefined();
    expect(getPath({ a: [] }, "$.a.length")).toBeUndefined();
    expect(getPath({ a: { b: [1, { c: 2 }] } }, "$.a.b[1].c")).toBe(2);
  });

  it("refuses forbidden keys in rule sets and never merges them", () => {
    const child = JSON.parse(
      '{"id": "150100/village", "extends": "150000/village", "title": "x", "params": {"__proto__": {"polluted": 1}}, "form": {"extend": {"__proto__": {"polluted": 1}}, "ui": {"__proto__": {"polluted": 1}}}}',
    );
    const library = memoryLibrary({ "150000/village": baseRuleset(), "150100/village": child }, { village: FORM });
    const { errors } = lintRuleset("150100/village", library);
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(["$.params.__proto__", "$.form.extend.__proto__", "$.form.ui.__proto__"]),
    );
    const extended = extendSchema(FORM, JSON.parse('{"__proto__": {"type": "object", "polluted": 1}}'));
    expect(extended.errors[0].path).toBe("$.__proto__");
    const ui = mergeUi({}, JSON.parse('{"__proto__": {"polluted": 1}, "a": {"ui:widget": "text"}}'));
    expect(Object.getPrototypeOf(ui)).toBe(Object.prototype);
    expect(ui).toEqual({ a: { "ui:widget": "text" } });
  });

  it("never runs code from computed: json-logic's method operation is gone", async () => {
    const { ruleset } = resolveRuleset(
      "150000/village",
      memoryLibrary(
        { "150000/village": baseRuleset({ computed: { m: { method: [{ var: "form.a" }, "toFixed", [2]] } } }) },
        { village: FORM },
      ),
    );
    const result = await createEvaluator(ruleset!).score({ data: { a: 1 } });
    expect(result.score).toBe(50);
  });
});
