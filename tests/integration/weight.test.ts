import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, signIn, startServer, tempDir, type RunningServer } from "../helpers/server";

// What a phone downloads (issue "Village secretaries on phones", item 2): the form page and every asset it loads,
// measured as sent over the wire, against bench/budget.json — sizes, not times, so the test is the same on a busy
// machine.
const budget = JSON.parse(fs.readFileSync(path.join(ROOT, "bench/budget.json"), "utf8")) as {
  formPageHtmlKB: number;
  coldVisitKB: number;
};
/** A string each library's code holds and nothing else of the form page does. */
const EDITOR_LIBRARIES = [
  ["CodeMirror", "cm-content"],
  ["ECharts", "echarts"],
  ["react-querybuilder", "queryBuilder"],
] as const;
let server: RunningServer;
let cookie: string;
const YEAR = new Date().getFullYear() - 1;

/** One GET as a browser sends it (brotli and gzip accepted): the status, headers and the bytes as transferred. */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(server.url + url, { headers: { "accept-encoding": "br, gzip", ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

beforeAll(async () => {
  server = await startServer(path.join(tempDir(), "weight.db"));
  cookie = await signIn(server.url, "branch");
});

afterAll(async () => {
  await server?.stop();
});

describe("the form page's weight on a phone", () => {
  it("sends the form page compressed, within the budget, and the same page once decompressed", async () => {
    const page = await get(`/fill/${YEAR}`, { cookie });
    expect(page.status).toBe(200);
    expect(page.headers["content-encoding"]).toBe("br");
    const html = zlib.brotliDecompressSync(page.body).toString("utf8");
    expect(html).toContain("</html>");
    expect(html).toContain("新城区红旗村党支部");
    expect(page.body.length / 1024).toBeLessThanOrEqual(budget.formPageHtmlKB);

    // The standard's rules and form are not in the page's data: the browser fetches them, and keeps them for good.
    expect(html).not.toContain("uiSchema");
    const contentUrl = /<link rel="preload" as="fetch" crossorigin="anonymous" href="([^"]+)"/.exec(html)![1];
    expect(contentUrl).toMatch(new RegExp(`^/fill/${YEAR}/content\\?v=fill-content-[0-9a-f]{16}$`));
    const content = await get(contentUrl, { cookie });
    expect(content.status).toBe(200);
    expect(content.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(content.headers["content-encoding"]).toBe("br");
    expect(content.headers["cache-control"]).toBe("private, max-age=31536000, immutable");
    const standard = JSON.parse(zlib.brotliDecompressSync(content.body).toString("utf8"));
    expect(standard.ruleset.id).toBe("150100/village");
    expect(Object.keys(standard.form.schema.properties)).toContain("political");

    // Every script, module preload and stylesheet the page names, as a cold visit fetches them.
    const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]))];
    expect(assets.length).toBeGreaterThan(3);
    let transferred = page.body.length + content.body.length;
    for (const asset of assets) {
      const response = await get(asset);
      expect(response.status, asset).toBe(200);
      expect(response.headers["content-encoding"], asset).toBe("br");
      expect(response.headers["cache-control"], asset).toContain("immutable");
      transferred += response.body.length;
      // The editors' and the dashboard's libraries stay off the form page (each is its own lazily loaded chunk).
      const code = zlib.brotliDecompressSync(response.body).toString("utf8");
      for (const [library, marker] of EDITOR_LIBRARIES)
        expect(code.includes(marker), `${library} in ${asset}`).toBe(false);
    }
    console.info(
      `form page: HTML ${(page.body.length / 1024).toFixed(1)} KB, cold visit ${(transferred / 1024).toFixed(1)} KB (${assets.length} assets)`,
    );
    expect(transferred / 1024).toBeLessThanOrEqual(budget.coldVisitKB);
  });

  it("sends the standard in the page's data when the browser navigates to the form page", async () => {
    const data = await get(`/fill/${YEAR}.data?_routes=routes%2F_app.fill.%24year`, { cookie });
    expect(data.status).toBe(200);
    const text = (
      data.headers["content-encoding"] === "br" ? zlib.brotliDecompressSync(data.body) : data.body
    ).toString("utf8");
    expect(text).toContain("uiSchema");
    expect(text).toContain("fill-content-");
  });

  it("serves an asset uncompressed to a client that takes no brotli, with the same bytes", async () => {
    const html = zlib.brotliDecompressSync((await get(`/fill/${YEAR}`, { cookie })).body).toString("utf8");
    const asset = /(?:src|href)="(\/build\/[^"]+\.js)"/.exec(html)![1];
    const plain = await get(asset, { "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const br = await get(asset);
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    // A path out of the build folder is never served from the brotli copies.
    expect((await get("/build/../../package.json")).status).toBe(404);
  });
});
