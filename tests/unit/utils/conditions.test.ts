import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lintRuleset } from "~/engine/lint";
import type { Condition, ResolvedRuleset } from "~/engine/types";
import { fileLibrary } from "~/server/rulesets/files.server";
import { builderFields, emptyQuery, fromQuery, toQuery, type QueryGroup } from "~/utils/conditions";
import { ROOT } from "../../helpers/server";

const library = fileLibrary(path.join(ROOT, "rulesets"), path.join(ROOT, "schemas"));
const shipped: ResolvedRuleset[] = library.rulesetIds().map((id) => lintRuleset(id, library).ruleset!);
const fieldsOf = (rs: ResolvedRuleset) => builderFields(rs.form, Object.keys(rs.computed), rs.params, rs.materials);
const hohhot = shipped.find((r) => r.id === "150100/village")!;
const fields = fieldsOf(hohhot);

describe("the visual builder's translation of conditions", () => {
  it("shows every condition of the shipped library and gives it back unchanged", () => {
    let rules = 0;
    for (const rs of shipped) {
      const f = fieldsOf(rs);
      for (const rule of rs.rules) {
        const q = toQuery(rule.conditions, f);
        expect(q.ok ? "" : `${rs.id} ${rule.id}: ${q.reason}`).toBe("");
        if (q.ok) expect(fromQuery(q.query, f)).toEqual(rule.conditions);
        rules++;
      }
    }
    expect(rules).toBeGreaterThan(500);
  });

  it("round-trips generated conditions: nested all / any / not, literals and params on the right", () => {
    const numberFields = fields.filter((f) => f.type === "number" && !f.rhsOnly && f.name.startsWith("form:"));
    const params = fields.filter((f) => f.rhsOnly && f.type === "number");
    const leaf = fc
      .record({
        field: fc.constantFrom(...numberFields),
        operator: fc.constantFrom(
          "greaterThanInclusive",
          "greaterThan",
          "lessThanInclusive",
          "lessThan",
          "equal",
          "notEqual",
        ),
        value: fc.oneof(
          fc.integer({ min: -5, max: 500 }),
          fc.constantFrom(...params).map((p) => ({ fact: "params", path: p.name.slice("params:".length) })),
        ),
      })
      .map(
        ({ field, operator, value }) =>
          ({ fact: "form", path: field.name.slice("form:".length), operator, value }) as Condition,
      );
    const { group } = fc.letrec<{ group: Condition }>((tie) => ({
      group: fc.oneof(
        { depthSize: "small" },
        fc.array(fc.oneof(leaf, tie("group")), { maxLength: 4 }).map((all) => ({ all }) as Condition),
        fc.array(fc.oneof(leaf, tie("group")), { maxLength: 4 }).map((any) => ({ any }) as Condition),
        fc.array(leaf, { minLength: 1, maxLength: 3 }).map((all) => ({ not: { all } }) as Condition),
      ),
    }));
    fc.assert(
      fc.property(group, (condition) => {
        const q = toQuery(condition, fields);
        expect(q.ok).toBe(true);
        if (q.ok) expect(fromQuery(q.query, fields)).toEqual(condition);
      }),
      { numRuns: 500 },
    );
  });

  it("turns what the builder's inputs give (text numbers, comma lists) into typed values", () => {
    const query: QueryGroup = {
      combinator: "or",
      not: true,
      rules: [
        {
          field: "form:$.basic.collectiveIncome",
          operator: "greaterThanInclusive",
          value: "12.5",
          valueSource: "value",
        },
        { field: "form:$.negative.accountability", operator: "equal", value: "true", valueSource: "value" },
        {
          field: "form:$.standard.vacancyRefill",
          operator: "in",
          value: "无缺额,3个月内完成补选",
          valueSource: "value",
        },
        {
          field: "form:$.local.gridBranches",
          operator: "greaterThanInclusive",
          value: "params:$.collectiveIncomeMin",
          valueSource: "field",
        },
      ],
    };
    expect(fromQuery(query, fields)).toEqual({
      not: {
        any: [
          { fact: "form", path: "$.basic.collectiveIncome", operator: "greaterThanInclusive", value: 12.5 },
          { fact: "form", path: "$.negative.accountability", operator: "equal", value: true },
          { fact: "form", path: "$.standard.vacancyRefill", operator: "in", value: ["无缺额", "3个月内完成补选"] },
          {
            fact: "form",
            path: "$.local.gridBranches",
            operator: "greaterThanInclusive",
            value: { fact: "params", path: "$.collectiveIncomeMin" },
          },
        ],
      },
    });
  });

  it("leaves to the JSON editor what it cannot show exactly, and says why", () => {
    const cases: [Condition, RegExp][] = [
      [{ condition: "shared" }, /共享条件/],
      [{ not: { fact: "form", path: "$.basic.memberCount", operator: "equal", value: 1 } }, /条件组/],
      [{ all: [{ fact: "form", path: "$.basic.memberCount", operator: "someFact:equal", value: 1 }] }, /运算符/],
      [{ all: [{ fact: "form", path: "$.basic.memberCount", operator: "equal", value: 1, priority: 2 }] }, /优先级/],
      [{ all: [{ fact: "form", path: "$.nothing.here", operator: "equal", value: 1 }] }, /不在表单中/],
      [{ all: [{ fact: "form", path: "$.basic.memberCount", operator: "equal", value: "1" }] }, /类型/],
      [{ all: [], name: "x" } as Condition, /名称或优先级/],
    ];
    for (const [condition, reason] of cases) {
      const q = toQuery(condition, fields);
      expect(q.ok).toBe(false);
      if (!q.ok) expect(q.reason).toMatch(reason);
    }
  });

  it("offers form fields with their Chinese titles, params only on the right, and starts a new rule on a form field", () => {
    expect(fields).toContainEqual(
      expect.objectContaining({
        name: "form:$.basic.collectiveIncome",
        type: "number",
        unit: "万元",
        label: expect.stringContaining("集体经济"),
      }),
    );
    expect(fields).toContainEqual(expect.objectContaining({ name: "params:$.scoreLine", rhsOnly: true }));
    expect(fields.find((f) => f.name === "form:$.standard.vacancyRefill")).toMatchObject({
      type: "enum",
      values: expect.arrayContaining([{ name: "无缺额", label: "无缺额" }]),
    });
    expect(emptyQuery(fields).rules[0]).toMatchObject({ field: expect.stringMatching(/^form:/) });
  });
});
