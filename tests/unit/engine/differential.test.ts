import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { differ, rulesetArb, submissionArb } from "../../helpers/differential";

describe("the compiled evaluator against json-rules-engine", () => {
  it("gives the same Result, trace included, for 5,000 generated rule sets and submissions", async () => {
    let compared = 0;
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(rulesetArb, submissionArb, async (ruleset, submission) => {
        const { same, threw } = await differ(ruleset, submission);
        expect(same).toBe(true);
        compared++;
        if (threw) errors++;
      }),
      { numRuns: 5000 },
    );
    expect(compared).toBe(5000);
    // Most generated cases score; some throw in both (e.g. `in` against a value that is not a list).
    expect(errors).toBeLessThan(compared / 3);
  }, 120_000);
});

describe("compiled computed facts against json-logic-js", () => {
  const operand = fc.oneof(
    fc.constantFrom(
      { var: "form.a" },
      { var: "form.b" },
      { var: "form.nested.x" },
      { var: "params.p1" },
      { var: "form.missing" },
      { var: ["form.missing", 7] },
      { var: "computed.first" },
    ),
    fc.integer({ min: -3, max: 9 }),
    fc.constantFrom(0, 0.5, "2", null),
  );
  const expression = fc.letrec<{ e: unknown }>((tie) => ({
    e: fc.oneof(
      { depthSize: "small" },
      { weight: 3, arbitrary: operand },
      {
        weight: 2,
        arbitrary: fc
          .record({
            op: fc.constantFrom("+", "-", "*", "/", "%"),
            args: fc.array(tie("e"), { minLength: 1, maxLength: 3 }),
          })
          .map(({ op, args }) => ({ [op]: args })),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({
            op: fc.constantFrom("max", "min", "if", "<", "=="),
            args: fc.array(tie("e"), { minLength: 1, maxLength: 3 }),
          })
          .map(({ op, args }) => ({ [op]: args })),
      },
    ),
  })).e;

  it("gives the same values for 3,000 generated expressions and data", async () => {
    const { compileComputed, evaluateComputed } = await import("~/engine/computed");
    fc.assert(
      fc.property(
        expression,
        expression,
        fc.record(
          {
            a: fc.oneof(fc.integer(), fc.constant(null)),
            b: fc.integer({ min: -2, max: 2 }),
            nested: fc.record({ x: fc.double({ noNaN: true }) }),
          },
          { requiredKeys: [] },
        ),
        (first, second, form) => {
          const computed = { first, second } as never;
          const facts = { form, params: { p1: 2 }, context: {} };
          expect(compileComputed(computed)(facts)).toEqual(evaluateComputed(computed, facts));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
