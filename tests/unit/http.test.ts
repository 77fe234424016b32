import { describe, expect, it } from "vitest";
import { readBodyBytes } from "~/server/platform/http.server";

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
    const refusal = await readBodyBytes(request, 2 * 1024 * 1024, "文件").catch((e: Response) => e);
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(413);
    expect((refusal as Response).headers.get("connection")).toBeNull();
    expect(((await (refusal as Response).json()) as { error: string }).error).toBe("文件过大：不能超过 2 MB。");
    expect(pulled()).toBe(3);
  });

  it("stops reading a body without a length once it passes four times the limit, and closes the connection", async () => {
    const { request, pulled } = chunkedRequest(1000);
    const refusal = (await readBodyBytes(request, 2 * 1024 * 1024).catch((e: Response) => e)) as Response;
    expect(refusal.status).toBe(413);
    expect(refusal.headers.get("connection")).toBe("close");
    expect(pulled()).toBeLessThan(12);
  });
});
