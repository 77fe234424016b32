import { describe, expect, it } from "vitest";
import {
  DomainError,
  domainError,
  parseJsonBody,
  readBodyBytes,
  withDomainErrors,
} from "~/server/platform/http.server";

/** A POST whose body is `chunks` pieces of 1 MB, sent without a length, counting how many were pulled. */
function chunkedRequest(chunks: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(1024 * 1024));
    },
  });
  const request = new Request("http://localhost/api", { method: "POST", body, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("reading a request body with a limit", () => {
  it("returns a body within the limit", async () => {
    const { request } = chunkedRequest(2);
    expect((await readBodyBytes(request, 4 * 1024 * 1024)).byteLength).toBe(2 * 1024 * 1024);
  });

  it("reads a moderately oversized body to its end and answers a plain 413 naming the limit", async () => {
    const { request, pulled } = chunkedRequest(3);
    const refusal = await readBodyBytes(request, 2 * 1024 * 1024, "文件").catch((e: DomainError) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    const response = (refusal as DomainError).toResponse();
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBeNull();
    expect(((await response.json()) as { error: string }).error).toBe("文件过大：不能超过 2 MB。");
    expect(pulled()).toBe(3);
  });

  it("stops reading a body without a length once it passes four times the limit, and closes the connection", async () => {
    const { request, pulled } = chunkedRequest(1000);
    const refusal = (await readBodyBytes(request, 2 * 1024 * 1024).catch((e: DomainError) => e)) as DomainError;
    expect(refusal).toBeInstanceOf(DomainError);
    const response = refusal.toResponse();
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect(pulled()).toBeLessThan(12);
  });
});

describe("the route edge", () => {
  const refuse = async () => {
    throw domainError(422, "年度不正确", [{ path: "$.year", message: "应为 2000–2100 之间的整数" }]);
  };

  it("turns a DomainError from a loader or action into its JSON response, and nothing else", async () => {
    const route = withDomainErrors({ loader: refuse, action: refuse, default: "component" });
    expect(route.default).toBe("component");
    for (const handler of [route.loader, route.action]) {
      const thrown = await handler().catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(422);
      expect(await (thrown as Response).json()).toEqual({
        error: "年度不正确",
        errors: [{ path: "$.year", message: "应为 2000–2100 之间的整数" }],
      });
    }
  });

  it("lets redirects, other Responses and programming errors through unchanged", async () => {
    const redirect = new Response(null, { status: 302, headers: { location: "/login" } });
    const bug = new TypeError("x is undefined");
    const route = withDomainErrors({
      loader: async () => {
        throw redirect;
      },
      action: async () => {
        throw bug;
      },
    });
    await expect(route.loader()).rejects.toBe(redirect);
    await expect(route.action()).rejects.toBe(bug);
  });
});

describe("deeply nested JSON (L2: an English 500 from recursion)", () => {
  const nested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

  it("refuses a body nested deeper than 64 levels with a Chinese 400, however deep it is", async () => {
    const { parseJsonBody, MAX_JSON_DEPTH } = await import("~/server/platform/http.server");
    expect(MAX_JSON_DEPTH).toBe(64);
    for (const levels of [65, 100_000]) {
      const refusal = (() => {
        try {
          parseJsonBody(`{"data":${nested(levels)}}`);
        } catch (error) {
          return error as DomainError;
        }
      })();
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal!.status).toBe(400);
      expect(refusal!.message).toBe("请求体的 JSON 嵌套过深：最多 64 层。");
    }
    expect(parseJsonBody(`{"data":${nested(63)}}`)).toHaveProperty("data");
  });
});

describe("L9: text that cannot be stored as it is", () => {
  it("refuses NUL, bidirectional overrides and lone surrogates anywhere in a JSON body, naming the path", () => {
    for (const [text, reason] of [
      ['{"a":{"b":"x\\u0000y"}}', "含有不可见的控制字符（U+0000）"],
      ['{"a":["ok","\\u202Eevil"]}', "含有改变文字方向的控制字符"],
      ['{"a":"\\ud800"}', "含有不成对的代理字符（文本已损坏）"],
    ]) {
      try {
        parseJsonBody(text);
        expect.unreachable(text);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).message).toBe(`提交的内容中有无法保存的文字：${reason}。`);
        expect((error as DomainError).errors?.[0].path).toMatch(/^\$\.a/);
      }
    }
  });

  it("keeps ordinary Chinese, emoji, tabs and newlines", () => {
    expect(parseJsonBody('{"note":"第一行\\n第二行\\t👍 党支部"}')).toEqual({ note: "第一行\n第二行\t👍 党支部" });
  });
});
