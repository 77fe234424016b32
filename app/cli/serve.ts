import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase } from "../server/platform/db.server";
import { CROSS_SITE_MESSAGE, isSameOrigin } from "../server/platform/http.server";
import { interruptUnfinishedJobs } from "../server/platform/jobs.server";
import { migrateDatabase } from "../server/platform/migrate.server";
import { sessionSecret } from "../server/platform/secret.server";
import { importShippedLibrary, isSeeded, seedDemoData, seedDemoSubmissions } from "../server/platform/seed.server";
import { printDemoUsers } from "./db";
import { printImportReport } from "./library";

/**
 * Migrates, loads the demo data on the first start only, and serves the built app — from one server process per
 * core (`BRANCHMARK_WORKERS`), which share the database, the session secret and the files on this machine.
 */
export async function serveCommand(): Promise<number> {
  // React and antd pick their production builds from this when the build is first imported.
  process.env.NODE_ENV ??= "production";
  const port = Number(process.env.PORT || 3000);
  if (cluster.isWorker) {
    // Every response has been sent once the server has closed; Remix's stream timers and the channel to the primary
    // process would keep this one alive for nothing.
    process.exit(await serveHttp(port, false));
  }
  const { db, sqlite } = openDatabase();
  migrateDatabase(db);
  if (!isSeeded(db)) {
    console.log("首次启动：正在载入演示数据和标准库……");
    const users = await seedDemoData(db);
    printImportReport(importShippedLibrary(db));
    console.log(`演示申报：${seedDemoSubmissions(db)} 份。`);
    printDemoUsers(users);
  }
  interruptUnfinishedJobs(db);
  sqlite.close();
  sessionSecret();
  if (!fs.existsSync(BUILD_FILE)) {
    console.error(`未找到构建产物 ${BUILD_FILE}：请先运行 npm run build（npm start 会自动构建）。`);
    return 1;
  }
  const workers = serverProcessCount();
  return workers > 1 ? superviseWorkers(workers, port) : serveHttp(port, true);
}

const BUILD_FILE = path.resolve("build/index.js");

/**
 * BRANCHMARK_WORKERS; one under `npm run dev` (remix dev restarts the process it started, not a cluster's, and says
 * it started it by REMIX_DEV_ORIGIN); or one server process per core (at most 8).
 */
function serverProcessCount(): number {
  const configured = Number(process.env.BRANCHMARK_WORKERS);
  if (Number.isInteger(configured) && configured >= 1) return configured;
  if (process.env.REMIX_DEV_ORIGIN) return 1;
  return Math.min(os.availableParallelism(), 8);
}

/**
 * The primary process of a cluster: forks the server processes, which share the port (connections are handed out
 * in turn), replaces one that dies, and stops them all on SIGINT or SIGTERM. A process that dies before it ever
 * served stops the whole server: the next would die the same way.
 */
function superviseWorkers(count: number, port: number): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    let listening = 0;
    const fork = () => {
      const worker = cluster.fork();
      let served = false;
      worker.once("listening", () => {
        served = true;
        if (++listening === count) console.log(`支部标尺已启动：http://localhost:${port}（${count} 个服务进程）`);
      });
      worker.once("exit", (code, signal) => {
        if (stopping) return;
        if (!served) {
          console.error(`服务进程启动失败（退出码 ${code ?? signal}），服务器停止。`);
          return stop(1);
        }
        console.error(`服务进程 ${worker.process.pid} 意外退出（${code ?? signal}），正在重启。`);
        fork();
      });
    };
    const stop = (code: number) => {
      stopping = true;
      const running = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
      if (!running.length) return resolve(code);
      let left = running.length;
      // Requests in flight get a few seconds to finish; a process that takes longer is ended.
      const deadline = setTimeout(() => running.forEach((w) => w!.process.kill("SIGKILL")), 10_000).unref();
      for (const worker of running)
        worker!
          .once("exit", () => {
            if (--left) return;
            clearTimeout(deadline);
            resolve(code);
          })
          .process.kill("SIGTERM");
    };
    process.once("SIGINT", () => stop(0));
    process.once("SIGTERM", () => stop(0));
    for (let i = 0; i < count; i++) fork();
  });
}

/** One server process: the built app behind Express, on `port` (shared with the other processes of a cluster). */
async function serveHttp(port: number, announce: boolean): Promise<number> {
  const loaded = (await import(pathToFileURL(BUILD_FILE).href)) as ServerBuild;
  // The build's own server code, exported by app/entry.server.tsx: its DomainError is the one routes throw.
  const { scoreFastPath, withDomainErrors, signInRefusal, signInRefusalMessage } = loaded.entry.module as unknown as {
    scoreFastPath: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
    withDomainErrors: <M>(module: M) => M;
    signInRefusal: (client: string) => { reason: "throttled" | "busy"; retryAfterSeconds: number } | null;
    signInRefusalMessage: (reason: "throttled" | "busy", retryAfterSeconds: number) => string;
  };
  const routes = Object.fromEntries(
    Object.entries(loaded.routes).map(([id, route]) => [id, { ...route, module: withDomainErrors(route.module) }]),
  );
  const build: ServerBuild = { ...loaded, routes };

  const app = express();
  app.disable("x-powered-by");
  // X-Forwarded-For names the client only when a proxy in front is configured: otherwise any client could pick the
  // address its sign-in failures are counted under. Express's syntax: "loopback", "10.0.0.0/8", a hop count…
  app.set("trust proxy", process.env.BRANCHMARK_TRUST_PROXY || false);
  // HTML, JSON and anything else compressible goes out brotli- or gzip-compressed (the form page: 349 KB → 47 KB);
  // the built assets have brotli copies made at build time (scripts/precompress.mjs), served as they are.
  app.use(compression({ threshold: 1024 }));
  app.use("/build", precompressedAssets(path.resolve("public/build")));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // The public folder's own files (the icon), known by name at start-up: looking each page's path up on the disk first
  // cost every page a stat() call.
  const publicFiles = new Set(
    fs
      .readdirSync("public", { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/${entry.name}`),
  );
  const servePublic = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
  app.use(guardPageWrites);
  // A login flood is answered here while its address is throttled or the hashing queue is full: a small page
  // instead of rendering the whole login page for every attempt (single-fetch `.data` posts are cheap already).
  app.post("/login", (req, res, next) => {
    const refusal = signInRefusal(req.ip ?? "unknown");
    if (!refusal) return next();
    const message = signInRefusalMessage(refusal.reason, refusal.retryAfterSeconds);
    res.status(429).set("Retry-After", String(refusal.retryAfterSeconds)).type("html");
    res.send(refusalPage("请稍后再试", `${message}<br><a href="/login">返回登录页</a>`));
  });
  app.use(pagePolicy);
  app.use(pageQueue(PAGES_AT_ONCE, PAGES_WAITING));
  const handler = (routes: ServerBuild) =>
    createRequestHandler({
      build: routes,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({
        clientAddress: req.ip ?? "unknown",
        cspNonce: res.locals.cspNonce,
        documentRequest: !req.path.endsWith(".data"),
      }),
    });
  const isApi = (id: string) => id.startsWith("routes/api.");
  app.all(["/api", "/api/*"], handler(withRoutes(build, (id) => id === "root" || isApi(id))));
  app.all("*", handler(withRoutes(build, (id) => !isApi(id))));

  // The hot JSON route is answered ahead of Express and Remix (app/server/node-api.server.ts); it hands back what it does not take.
  const server = http.createServer((req, res) => {
    securityHeaders(req, res);
    if (req.method === "POST" && req.url === "/api/v1/score") scoreFastPath(req, res, () => app(req, res));
    else app(req, res);
  });
  server.listen(port, () => {
    if (announce) console.log(`支部标尺已启动：http://localhost:${port}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.on("error", reject);
    const stop = () => server.close(() => resolve());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}

/**
 * Pages rendered at once by one server process, and how many may wait for their turn. One: a page's loader and render
 * only use the processor, so two at once only finish later, and in another order than they came (the form page at 100
 * connections: p99 about 480 ms one at a time, about 600–700 ms four at a time, the same pages a second).
 */
const PAGES_AT_ONCE = 1;
const PAGES_WAITING = 1000;

/**
 * The build with only the routes `keep` accepts. Remix flattens and ranks all of a build's routes for each of the four
 * route matches a request makes; the eighty JSON routes under /api/ are never part of a page, so pages and the API each
 * get a handler over their own routes (route matching: 12% of a form page's processor time before, 3% after).
 */
function withRoutes(build: ServerBuild, keep: (id: string) => boolean): ServerBuild {
  const pick = <R>(routes: Record<string, R>) => Object.fromEntries(Object.entries(routes).filter(([id]) => keep(id)));
  return { ...build, routes: pick(build.routes), assets: { ...build.assets, routes: pick(build.assets.routes) } };
}

/**
 * Page loads (GET of a page or of its data) are served first come, first served, `atOnce` at a time. Without a queue,
 * Node interleaves the steps of every page in flight and a busy server answers some of them after seconds (at 100
 * connections: p99 5.6 s against p50 0.8 s); in turn, each waits about as long as the others (p99 1.5 s against p50
 * 0.95 s, bench/RESULTS.md). Writes,
 * uploads, downloads and the API keep their own way: they wait on the network, not on the processor. Past the queue,
 * a Chinese 503 asking to retry.
 */
function pageQueue(atOnce: number, waiting: number) {
  let running = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };
  // The turn ends once the page is handed to the response (or the visitor left): sending it to a slow phone takes
  // no processor, and must not hold up the next page.
  const takeTurn = (res: express.Response) => {
    let over = false;
    const done = () => {
      if (over) return;
      over = true;
      release();
    };
    const end = res.end;
    res.end = function (this: express.Response, ...args: Parameters<typeof end>) {
      const result = end.apply(this, args);
      done();
      return result;
    } as typeof end;
    res.once("close", done);
  };
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || req.path.startsWith("/api/")) return next();
    if (running < atOnce) {
      running++;
      takeTurn(res);
      return next();
    }
    if (queue.length >= waiting) {
      res.status(503).set("Retry-After", "5").type("html");
      res.send(refusalPage("服务器繁忙", "此刻访问的人太多，请 5 秒后刷新页面。"));
      return;
    }
    const start = () => {
      res.off("close", leave);
      takeTurn(res);
      next();
    };
    // A visitor who gave up while waiting leaves the queue: nobody would read the page.
    const leave = () => {
      const place = queue.indexOf(start);
      if (place >= 0) queue.splice(place, 1);
    };
    res.once("close", leave);
    queue.push(start);
  };
}

const ASSET_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** A built asset's brotli copy, for a browser that takes brotli; anything else falls through to express.static. */
function precompressedAssets(root: string) {
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    const type = ASSET_TYPES[path.extname(req.path)];
    const file = path.join(root, path.normalize(req.path));
    if (
      (req.method !== "GET" && req.method !== "HEAD") ||
      !type ||
      !file.startsWith(root + path.sep) ||
      !/\bbr\b/.test(String(req.headers["accept-encoding"] ?? "")) ||
      !fs.existsSync(`${file}.br`)
    )
      return next();
    res.sendFile(`${file}.br`, {
      maxAge: "1y",
      immutable: true,
      headers: { "Content-Type": type, "Content-Encoding": "br", Vary: "Accept-Encoding" },
    });
  };
}

/**
 * The Content-Security-Policy of pages: scripts only from this site and Remix's inline scripts carrying this
 * response's nonce, so text a user stored can never run as script even if it reached the HTML unescaped.
 * 'unsafe-eval' stays because ajv (form validation in the browser) compiles each schema into a function; styles
 * may be inline because React writes style attributes, the public 公示 page has a print rule of its own and ECharts
 * styles its tooltips.
 */
function pagePolicy(req: express.Request, res: express.Response, next: express.NextFunction): void {
  if (req.path.startsWith("/api/")) return next();
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}' 'unsafe-eval'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  next();
}

const refusalPage = (title: string, message: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title} · 支部标尺</title></head>` +
  `<body style="font-family:sans-serif;max-width:40em;margin:4em auto"><h1>${title}</h1><p>${message}</p>` +
  `<p><a href="/">返回首页</a></p></body></html>`;

/**
 * Page requests that are not reading or a form post from this site get a Chinese page: another method is a 405, a
 * post from another origin a 403 — before Remix, whose own check for the latter is an English 500.
 */
function guardPageWrites(req: express.Request, res: express.Response, next: express.NextFunction): void {
  if (req.path.startsWith("/api/") || req.method === "GET" || req.method === "HEAD") return next();
  if (req.method !== "POST") {
    res.status(405).set("Allow", "GET, HEAD, POST").type("html");
    res.send(refusalPage("不支持的请求方法", `页面只能浏览或以表单提交，不接受 ${req.method} 请求。`));
    return;
  }
  const header = (name: string) => (req.headers[name] as string | undefined) ?? null;
  if (!isSameOrigin(header("origin"), header("sec-fetch-site"), req.headers.host ?? "")) {
    res.status(403).type("html").send(refusalPage("请求被拒绝", CROSS_SITE_MESSAGE));
    return;
  }
  next();
}

/**
 * Headers on every response, the score fast path's included: no MIME sniffing, never framed by another site, no
 * full URLs in the Referer, and nothing a signed-in user or an API client receives kept in any cache. The policy and
 * the caching are defaults, set as the response's head is written and only where its handler set none: an evidence
 * file carries the policy of its kind, a thumbnail and the hashed build assets their own caching.
 */
function securityHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  const storeNothing = (req.url ?? "/").startsWith("/api/") || Boolean(req.headers.cookie || req.headers.authorization);
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!this.hasHeader("Content-Security-Policy"))
      this.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    if (storeNothing && !this.hasHeader("Cache-Control")) this.setHeader("Cache-Control", "no-store");
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
}
