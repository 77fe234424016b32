import { describe, expect, it } from "vitest";
import { parseShared } from "~/utils/shared-json";

describe("parseShared", () => {
  it("parses a text once: the same text gives the same value, another text its own", () => {
    const text = JSON.stringify({ ruleset: { id: "150000/village", rules: [{ id: "r1" }] } });
    const first = parseShared<{ ruleset: { id: string } }>(text);
    expect(first).toEqual(JSON.parse(text));
    expect(parseShared(text)).toBe(first);
    // An equal text built anew (as the browser decodes it from the page) finds the same value.
    expect(parseShared(text.slice(0, 5) + text.slice(5))).toBe(first);
    expect(parseShared<{ a: number }>('{"a":1}')).toEqual({ a: 1 });
  });

  it("keeps a bounded number of values", () => {
    const first = parseShared<{ n: number }>('{"n":-1}');
    for (let n = 0; n < 100; n++) parseShared(`{"n":${n}}`);
    const again = parseShared<{ n: number }>('{"n":-1}');
    expect(again).toEqual({ n: -1 });
    expect(again).not.toBe(first);
  });
});
