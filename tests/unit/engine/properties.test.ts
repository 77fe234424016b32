import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEvaluator } from "~/engine/evaluate";
import { lintRuleset } from "~/engine/lint";
import { resolveRuleset } from "~/engine/resolve";
import { baseRuleset, FORM, memoryLibrary } from "../../helpers/library";

const CHAIN = ["150000", "150100", "150102", "150103"];

// Mostly changes a region may make, with violations mixed in, so that both sides of the property are exercised.
const mostly = <T>(valid: fc.Arbitrary<T>, any: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: any });
const floorValue = mostly(fc.integer({ min: 5, max: 20 }), fc.integer({ min: -10, max: 40 }));
const childArb = fc.record(
  {
    floor: fc.option(
      fc.oneof(
        floorValue,
        fc.record(
          {
            value: fc.option(floorValue, { nil: undefined }),
            bounds: fc.record({
              min: mostly(fc.integer({ min: 5, max: 12 }), fc.integer({ min: 0, max: 30 })),
              max: mostly(fc.integer({ min: 12, max: 20 }), fc.integer({ min: 0, max: 30 })),
            }),
          },
          { requiredKeys: [] },
        ),
      ),
      { nil: undefined },
    ),
    line: fc.option(mostly(fc.integer({ min: 0, max: 100 }), fc.integer({ min: -20, max: 130 })), { nil: undefined }),
    fixed: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined, freq: 8 }),
    disable: mostly(
      fc.subarray(["score-a", "score-b", "req-floor"]),
      fc.subarray(["score-a", "score-b", "veto-flag", "req-floor"]),
    ),
    replace: mostly(fc.subarray(["score-b"]), fc.subarray(["veto-flag", "score-b"])),
  },
  { requiredKeys: ["disable", "replace"] },
);

type Child = typeof childArb extends fc.Arbitrary<infer T> ? T : never;

function buildChain(children: Child[]) {
  const rulesets: Record<string, unknown> = { "150000/village": baseRuleset() };
  children.forEach((c, i) => {
    const id = `${CHAIN[i + 1]}/village`;
    const params: Record<string, unknown> = {};
    for (const key of ["floor", "line", "fixed"] as const) if (c[key] !== undefined) params[key] = c[key];
    rulesets[id] = {
      id,
      extends: `${CHAIN[i]}/village`,
      title: "下级",
      params,
      disable: c.disable.filter((r: string) => !c.replace.includes(r)),
      rules: c.replace.map((r: string) => ({
        id: r,
        conditions: { all: [{ fact: "form", path: "$.b", operator: "equal", value: 99 }] },
        event: { type: "veto", params: { message: "替换" } },
      })),
    };
  });
  return { library: memoryLibrary(rulesets, { village: FORM }), leaf: `${CHAIN[children.length]}/village` };
}

describe("guardrail properties", () => {
  it("no chain of children moves a param outside its ancestors' bounds or drops a required rule and still lints clean", () => {
    let clean = 0;
    fc.assert(
      fc.property(fc.array(childArb, { minLength: 1, maxLength: 3 }), (children) => {
        const { library, leaf } = buildChain(children);
        const { errors, ruleset } = lintRuleset(leaf, library);
        if (errors.length) return;
        clean++;
        const base = baseRuleset();
        expect(ruleset!.params.fixed.value).toBe(0.9);
        const line = ruleset!.params.line.value as number;
        expect(line).toBeGreaterThanOrEqual(0);
        expect(line).toBeLessThanOrEqual(100);
        // The leaf's floor is the last value set, and lies within every bound its setter's ancestors laid down.
        let bounds: { min?: number; max?: number } = base.params.floor.bounds;
        let expected = base.params.floor.default;
        let boundsWhenSet = bounds;
        for (const c of children) {
          const value = typeof c.floor === "number" ? c.floor : c.floor?.value;
          if (value !== undefined) {
            expected = value;
            boundsWhenSet = bounds;
          }
          if (typeof c.floor === "object" && c.floor?.bounds) bounds = c.floor.bounds;
        }
        const floor = ruleset!.params.floor.value as number;
        expect(floor).toBe(expected);
        expect(floor).toBeGreaterThanOrEqual(Math.max(base.params.floor.bounds.min, boundsWhenSet.min ?? -Infinity));
        expect(floor).toBeLessThanOrEqual(Math.min(base.params.floor.bounds.max, boundsWhenSet.max ?? Infinity));
        const veto = ruleset!.rules.find((r) => r.id === "veto-flag");
        expect(veto).toEqual(base.rules.find((r) => r.id === "veto-flag"));
      }),
      { numRuns: 1000 },
    );
    // The generator must reach the clean side often enough for the property to mean something (about 6% do).
    expect(clean).toBeGreaterThan(15);
  });

  it("every violation found is reported with the file and JSON path where it happens", () => {
    fc.assert(
      fc.property(fc.array(childArb, { minLength: 1, maxLength: 3 }), (children) => {
        const { library, leaf } = buildChain(children);
        for (const e of lintRuleset(leaf, library).errors) {
          expect(e.file).toMatch(/^\d{6}\/village\.json$/);
          expect(e.path).toMatch(/^\$/);
          expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("evaluation properties", () => {
  const { ruleset } = resolveRuleset(
    "150000/village",
    memoryLibrary({ "150000/village": baseRuleset() }, { village: FORM }),
  );
  const evaluator = createEvaluator(ruleset!);
  const data = fc.record(
    {
      a: fc.oneof(fc.integer({ min: -5, max: 20 }), fc.constant(null), fc.string({ maxLength: 3 })),
      b: fc.oneof(fc.double({ noNaN: true }), fc.boolean()),
      flag: fc.boolean(),
      nested: fc.record({ deep: fc.integer() }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  );

  it("is deterministic: the same input always gives the same Result", async () => {
    await fc.assert(
      fc.asyncProperty(data, async (d) => {
        const first = await evaluator.score({ data: d as never });
        const second = await evaluator.score({ data: structuredClone(d) as never });
        expect(second).toEqual(first);
        expect(first.score).toBeGreaterThanOrEqual(0);
        expect(first.score).toBeLessThanOrEqual(first.maxScore);
      }),
      { numRuns: 300 },
    );
  });
});
