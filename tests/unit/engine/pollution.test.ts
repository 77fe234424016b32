import { afterEach, describe, expect, it } from "vitest";
import { createEvaluator } from "~/engine/evaluate";
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
    const data = JSON.parse('{"a": 5, "__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "nested": {"__proto__": {"polluted": 1}}}');
    const context = JSON.parse('{"__proto__": {"polluted": "ctx"}, "branch": {"__proto__": {"polluted": 2}}}');
    const { ruleset } = resolveRuleset("150000/village", memoryLibrary({ "150000/village": baseRuleset({ computed: { p: { var: "form.__proto__.polluted" }, c: { var: "form.constructor" } } }) }, { village: FORM }));
    const result = await createEvaluator(ruleset!).score(toSubmission({ data, context }));
    expect(result.score).toBe(50);
    expect(polluted().polluted).toBeUndefined();
  });

  it("never reads inherited properties through a path", () => {
    expect(getPath({}, "$.constructor")).toBeUndefined();
    expect(getPath({ a: {} }, "$.a.__proto__")).toBeUndefined();
    expect(getPath({ a: [] }, "$.a.length")).toBeUndefined();
    expect(getPath({ a: { b: [1, { c: 2 }] } }, "$.a.b[1].c")).toBe(2);
  });

  it("refuses forbidden keys in rule sets and never merges them", () => {
    const child = JSON.parse('{"id": "150100/village", "extends": "150000/village", "title": "x", "params": {"__proto__": {"polluted": 1}}, "form": {"extend": {"__proto__": {"polluted": 1}}, "ui": {"__proto__": {"polluted": 1}}}}');
    const library = memoryLibrary({ "150000/village": baseRuleset(), "150100/village": child }, { village: FORM });
    const { errors } = lintRuleset("150100/village", library);
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(["$.params.__proto__", "$.form.extend.__proto__", "$.form.ui.__proto__"]));
    const extended = extendSchema(FORM, JSON.parse('{"__proto__": {"type": "object", "polluted": 1}}'));
    expect(extended.errors[0].path).toBe("$.__proto__");
    const ui = mergeUi({}, JSON.parse('{"__proto__": {"polluted": 1}, "a": {"ui:widget": "text"}}'));
    expect(Object.getPrototypeOf(ui)).toBe(Object.prototype);
    expect(ui).toEqual({ a: { "ui:widget": "text" } });
  });

  it("never runs code from computed: json-logic's method operation is gone", async () => {
    const { ruleset } = resolveRuleset("150000/village", memoryLibrary({ "150000/village": baseRuleset({ computed: { m: { method: [{ var: "form.a" }, "toFixed", [2]] } } }) }, { village: FORM }));
    const result = await createEvaluator(ruleset!).score({ data: { a: 1 } });
    expect(result.score).toBe(50);
  });
});
