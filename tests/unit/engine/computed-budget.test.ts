import { describe, expect, it } from "vitest";
import { COMPUTED_BUDGET, compileComputed, evaluateComputed, inspectLogic, LOGIC_LIMITS } from "~/engine/computed";
import { lintRuleset } from "~/engine/lint";
import type { Json } from "~/engine/types";
import { fileLibrary } from "~/server/rulesets/files.server";
import { ROOT } from "../../helpers/server";
import path from "node:path";

const facts = (form: unknown) => ({ form, params: {}, context: {} });

// Each reduce step merges the accumulator with itself: 2^40 elements if nothing stopped it.
const doubling: Json = {
  reduce: [{ var: "form.items" }, { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [1]],
};
const catDoubling: Json = {
  reduce: [{ var: "form.items" }, { cat: [{ var: "accumulator" }, { var: "accumulator" }] }, "ab"],
};

describe("M4: a computed expression has an operation budget at evaluation", () => {
  it("stops a doubling merge and a doubling cat, the same in both evaluators, and leaves facts before it", () => {
    const computed: Record<string, Json> = {
      members: { var: "form.members" },
      blown: doubling,
      text: catDoubling,
      after: { "+": [1, 2] },
    };
    const data = facts({ members: 12, items: Array.from({ length: 40 }, (_, i) => i) });
    const reference = evaluateComputed(computed, data);
    expect(reference).toEqual({ members: 12, blown: null, text: null, after: null });
    expect(compileComputed(computed)(data)).toEqual(reference);
  });

  it("lets ordinary work through: a map over 10,000 members", () => {
    const computed: Record<string, Json> = {
      total: { reduce: [{ var: "form.ages" }, { "+": [{ var: "current" }, { var: "accumulator" }] }, 0] },
    };
    const data = facts({ ages: Array.from({ length: 10_000 }, () => 1) });
    expect(evaluateComputed(computed, data)).toEqual({ total: 10_000 });
    expect(compileComputed(computed)(data)).toEqual({ total: 10_000 });
    expect(COMPUTED_BUDGET).toBeGreaterThan(10_000 * 5);
  });
});

describe("M4: lint limits a computed expression's size, depth and nested iteration", () => {
  const nestedMaps = (levels: number): Json =>
    levels === 0 ? { var: "" } : { map: [{ var: "form.items" }, nestedMaps(levels - 1)] };

  it("measures what it inspects", () => {
    expect(inspectLogic(nestedMaps(3))).toMatchObject({ iterationDepth: 3 });
    expect(inspectLogic({ "+": Array.from({ length: 2_000 }, () => 1) }).nodes).toBeGreaterThan(LOGIC_LIMITS.nodes);
  });

  it("refuses three nested maps, and an expression of 2,000 nodes, in Chinese", () => {
    const library = fileLibrary(path.join(ROOT, "rulesets"), path.join(ROOT, "schemas"));
    const base = library.ruleset("150100/village")!;
    const content = structuredClone(base.content) as Record<string, unknown>;
    content.computed = {
      ...(content.computed as object),
      nested: nestedMaps(3),
      huge: { "+": Array.from({ length: 2_000 }, () => 1) },
    };
    const edited = {
      ...library,
      ruleset: (id: string) => (id === "150100/village" ? { ...base, content } : library.ruleset(id)),
    };
    const messages = lintRuleset("150100/village", edited).errors.map((e) => `${e.path} ${e.message}`);
    expect(messages).toContain(
      "$.computed.nested map、filter、reduce、all、none、some 最多互相嵌套 2 层（这里有 3 层）",
    );
    expect(messages).toContain("$.computed.huge 计算式过大：最多 1000 个节点，请拆成几个计算值");
  });
});
