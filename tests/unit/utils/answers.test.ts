import { describe, expect, it } from "vitest";
import type { FormField } from "~/engine/forms";
import { answerText, changedAnswers, rulesByField, unansweredForRules } from "~/utils/answers";

const field = (extra: Partial<FormField> = {}): FormField => ({
  path: "$.a.b",
  title: "甲 / 乙",
  type: "integer",
  ...extra,
});

describe("answers as a reviewer reads them", () => {
  it("writes an answer with its unit, 是/否, the option's name, and 未填 for nothing", () => {
    expect(answerText(field({ unit: "次" }), 12)).toBe("12 次");
    expect(answerText(field({ type: "boolean" }), false)).toBe("否");
    expect(answerText(field({ type: "string", enum: ["good"], enumNames: ["优秀"] }), "good")).toBe("优秀");
    expect(answerText(field(), undefined)).toBe("未填");
    expect(answerText(field({ type: "string" }), "")).toBe("未填");
    expect(answerText(field({ type: "array" }), [{ x: 1 }, { x: 2 }])).toBe("2 项");
  });

  it("marks each answer with the rules that read it, good or bad for the branch by the rule's type", () => {
    const leaf = (path: string) => ({ all: [{ fact: "form", path, operator: "equal", value: 1 }] });
    const marks = rulesByField([
      { rule: "s", name: "学习达标", type: "score", fired: true, conditions: leaf("$.a.b") },
      { rule: "r", name: "要求", type: "require", fired: true, conditions: leaf("$.a.b") },
      { rule: "v", name: "一票否决", type: "veto", fired: false, conditions: { not: leaf("$.a.c") } },
    ]);
    expect(marks.get("$.a.b")).toEqual([
      { rule: "s", name: "学习达标", good: true },
      // A require rule that fired is unmet.
      { rule: "r", name: "要求", good: false },
    ]);
    expect(marks.get("$.a.c")).toEqual([{ rule: "v", name: "一票否决", good: true }]);
  });

  it("lists only the answers that changed between two revisions", () => {
    const fields: FormField[] = [
      { path: "$.a", title: "甲", type: "object" },
      field(),
      field({ path: "$.a.c", title: "甲 / 丙" }),
    ];
    const changes = changedAnswers(fields, { a: { b: 1, c: 2 } }, { a: { b: 1, c: 3 } });
    expect(changes.map((c) => [c.field.path, c.before, c.after])).toEqual([["$.a.c", 2, 3]]);
  });

  it("names the empty answers the rules read, and only those", () => {
    const fields: FormField[] = [
      field(),
      field({ path: "$.a.c", title: "甲 / 丙" }),
      field({ path: "$.a.d", title: "甲 / 丁" }),
    ];
    const rules = [
      { conditions: { all: [{ fact: "form", path: "$.a.b", operator: "equal", value: 1 }] } },
      { conditions: { any: [{ not: { fact: "form", path: "$.a.c", operator: "equal", value: 1 } }] } },
    ];
    expect(unansweredForRules(rules, fields, { a: { b: 1, c: "" } }).map((f) => f.path)).toEqual(["$.a.c"]);
    expect(unansweredForRules(rules, fields, { a: { b: 1, c: 2 } })).toEqual([]);
  });
});
