import { describe, expect, it } from "vitest";
import { DomainError } from "~/server/platform/http.server";
import { bodyParser, parseYear, requireYear, yearSchema } from "~/server/platform/validation.server";

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a refusal");
};

describe("request bodies checked by their JSON Schema", () => {
  const parseTarget = bodyParser<{ region: string; year: number; ratio: number }>({
    type: "object",
    required: ["region", "year", "ratio"],
    properties: {
      region: { type: "string", description: "应为区域代码" },
      year: yearSchema,
      ratio: { type: "number", minimum: 0, maximum: 1, description: "应为 0 到 1 之间的小数" },
    },
  });

  it("passes a good body through as it is", () => {
    expect(parseTarget({ region: "150100", year: 2025, ratio: 0.3 })).toEqual({
      region: "150100",
      year: 2025,
      ratio: 0.3,
    });
  });

  it("names every problem with its JSON path and a Chinese sentence, as a 422", () => {
    const error = refusal(() => parseTarget({ year: 1999, ratio: 60 }));
    expect(error.status).toBe(422);
    expect(error.message).toBe("请求缺少 region");
    expect(error.errors).toEqual([
      { path: "$.region", message: "必填：应为区域代码" },
      { path: "$.year", message: "年度应为 2000–2100 之间的整数" },
      { path: "$.ratio", message: "应为 0 到 1 之间的小数" },
    ]);
  });

  it("says what a body that is not an object should be", () => {
    const error = refusal(() => parseTarget([1, 2]));
    expect(error.message).toBe("请求体 不正确");
    expect(error.errors).toEqual([{ path: "$", message: expect.stringMatching(/对象|object/) }]);
  });
});

describe("years", () => {
  it("reads a year from a URL, with a fallback when it is absent", () => {
    expect(parseYear("2025")).toBe(2025);
    expect(parseYear(null, "year", 2024)).toBe(2024);
    expect(parseYear("", "year", 2024)).toBe(2024);
  });

  it("refuses anything else in a URL with a 400 naming the parameter", () => {
    for (const text of ["25", "1999", "2101", "2025.5", "二〇二五", undefined]) {
      const error = refusal(() => parseYear(text));
      expect(error.status).toBe(400);
      expect(error.message).toBe("参数 year 应为 2000–2100 之间的整数年份。");
    }
  });

  it("refuses a year handed to a service with a 422 at its path", () => {
    expect(requireYear(2030)).toBe(2030);
    const error = refusal(() => requireYear("2030", "$.filter.year"));
    expect(error.status).toBe(422);
    expect(error.errors).toEqual([{ path: "$.filter.year", message: "年度应为 2000–2100 之间的整数" }]);
  });
});
