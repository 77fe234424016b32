import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePattern } from "~/engine/pattern";

const PATTERNS = [
  "^1\\d{10}$",
  "^\\d{6}$",
  "^[1-9]\\d{5}(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]$",
  "^[\\u4e00-\\u9fa5]{2,20}$",
  "^\\p{Script=Han}+$",
  "a|b|",
  "^(ab|a)*c?$",
  "(?:x|y){2,3}z",
  "colou?r",
  "\\bcat\\b",
  "^[^,]*,[^,]*$",
  "^.{0,5}$",
  "^(?<year>\\d{4})-\\d{2}$",
  "[a-c]+?d",
  "^$",
  "\\.",
  "[\\]\\[]",
  "^(a|)+$",
];

const TEXTS = fc.stringMatching(/^[0-9abcdxyzXr,.\-\u4e00 []{0,24}$/);

describe("compilePattern: a linear-time matcher for form patterns", () => {
  it("agrees with the platform's RegExp on every pattern it accepts", () => {
    for (const source of PATTERNS) {
      const compiled = compilePattern(source);
      expect(compiled.ok, source).toBe(true);
      if (!compiled.ok) continue;
      const native = new RegExp(source, "u");
      fc.assert(
        fc.property(TEXTS, (text) => compiled.test(text) === native.test(text)),
        { numRuns: 300 },
      );
      for (const text of ["13912345678", "150102", "11010519491231002X", "内蒙古", "color", "a cat!", "abac", ""])
        expect(compiled.test(text), `${source} on ${text}`).toBe(native.test(text));
    }
  });

  it("answers patterns that make a backtracking engine run for ages, on long answers, at once", () => {
    const evil = compilePattern("^(a+)+$");
    expect(evil.ok && evil.test("a".repeat(20_000) + "!")).toBe(false);
    expect(evil.ok && evil.test("a".repeat(20_000))).toBe(true);
    const nested = compilePattern("^(\\d*\\d*\\d*)*x$");
    expect(nested.ok && nested.test("1".repeat(5_000))).toBe(false);
  });

  it("refuses what cannot be matched in linear time, or is too big, saying why in Chinese", () => {
    expect(compilePattern("^(a)\\1$")).toEqual({ ok: false, reason: "不支持反向引用（如 \\1）" });
    expect(compilePattern("^(?=a)a$")).toEqual({ ok: false, reason: "不支持前瞻或后顾断言（如 (?=…)、(?!…)）" });
    expect(compilePattern("^(?<!a)b$")).toMatchObject({ ok: false });
    expect(compilePattern("a{2000}")).toEqual({ ok: false, reason: "重复次数不能超过 1000" });
    expect(compilePattern("(a{1000}){30}")).toEqual({ ok: false, reason: "模式过于复杂（展开后超过 20000 步）" });
    expect(compilePattern("(ab")).toEqual({ ok: false, reason: "括号不配对：缺少 )" });
    expect(compilePattern("ab)")).toEqual({ ok: false, reason: "括号不配对：多了 )" });
    expect(compilePattern("*a")).toMatchObject({ ok: false });
    expect(compilePattern("[abc")).toEqual({ ok: false, reason: "字符集缺少右方括号 ]" });
  });
});
