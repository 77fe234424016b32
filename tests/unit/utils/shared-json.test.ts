import { describe, expect, it } from "vitest";
import { parseShared, rememberSharedText, sharedText } from "~/utils/shared-json";

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

describe("sharedText", () => {
  const json = (id: string, text: string | null = null) => ({ id, url: `/fill/2025/content?v=${id}`, text });

  it("is the data's own text, else the one remembered under its id", () => {
    expect(sharedText(json("own", '{"a":1}'))).toBe('{"a":1}');
    expect(() => sharedText(json("never-fetched"))).toThrow("never-fetched");
    rememberSharedText("fetched", '{"b":2}');
    expect(sharedText(json("fetched"))).toBe('{"b":2}');
  });

  it("forgets the least recently remembered first, past 64", () => {
    rememberSharedText("old", "1");
    rememberSharedText("refreshed", "2");
    for (let n = 0; n < 62; n++) rememberSharedText(`filler-${n}`, "x");
    rememberSharedText("refreshed", "2");
    rememberSharedText("newest", "3");
    expect(() => sharedText(json("old"))).toThrow();
    expect(sharedText(json("refreshed"))).toBe("2");
    expect(sharedText(json("filler-0"))).toBe("x");
    rememberSharedText("one-more", "4");
    expect(() => sharedText(json("filler-0"))).toThrow();
    expect(sharedText(json("newest"))).toBe("3");
  });
});
