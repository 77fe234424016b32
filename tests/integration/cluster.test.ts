import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { apiToken, DEMO_PASSWORD, ROOT, signIn, startServer, tempDir, type RunningServer } from "../helpers/server";

// The server as `npm start` runs it on a 2-core machine: a primary process and two server processes sharing the port.
let server: RunningServer;
let dbFile: string;

beforeAll(async () => {
  dbFile = path.join(tempDir(), "cluster.db");
  server = await startServer(dbFile, { BRANCHMARK_WORKERS: "2" });
});

afterAll(() => server?.stop());

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One request over a connection of its own: the primary process hands each new connection to the next server
 * process in turn, so a run of these reaches both (a client keeping its connection alive would stay with one).
 */
function fresh(pathname: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const request = http.request(
      `${server.url}${pathname}`,
      { method: init.method ?? "GET", headers: init.headers, agent: false },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      },
    );
    request.on("error", reject);
    request.setTimeout(20_000, () => request.destroy(new Error(`no answer to ${pathname} in 20 s`)));
    request.end(init.body);
  });
}

const serverProcesses = () =>
  spawnSync("pgrep", ["-P", String(server.process.pid), "-f", "branchmark.js serve"], { encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean)
    .map(Number);

const login = (password: string) =>
  fresh("/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
    body: new URLSearchParams({ username: "branch", password, redirectTo: "/" }).toString(),
  });

describe("two server processes", () => {
  it("start after the demo data was loaded once, and announce themselves together", () => {
    expect(server.output().match(/首次启动/g)).toHaveLength(1);
    expect(server.output()).toContain("（2 个服务进程）");
    expect(serverProcesses()).toHaveLength(2);
  });

  it("share sign-ins: a session opened in one is honoured by both", async () => {
    const cookie = await signIn(server.url, "branch");
    const pages = await Promise.all([0, 1, 2, 3].map(() => fresh("/fill", { headers: { cookie } })));
    expect(pages.map((page) => page.status)).toEqual([200, 200, 200, 200]);
  });

  it("count sign-in failures together: the 6th attempt is refused whichever process it reaches", async () => {
    for (let attempt = 0; attempt < 5; attempt++) expect((await login("wrong-password")).status).toBe(401);
    const sixth = await login(DEMO_PASSWORD);
    expect(sixth.status).toBe(429);
    expect(sixth.body).toContain("登录失败次数过多");
  });

  it("answer every poll of a background job and hand its file over once", async () => {
    const token = apiToken(dbFile, "hohhot-admin");
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const started = await fresh("/api/v1/exports/ledger", {
      method: "POST",
      headers,
      body: JSON.stringify({ region: "150100", domain: "village", year: 2025 }),
    });
    expect(started.status).toBe(202);
    const { job } = JSON.parse(started.body) as { job: string };
    let state: { status: string } = { status: "running" };
    for (let poll = 0; poll < 300 && state.status === "running"; poll++) {
      const answer = await fresh(`/api/v1/jobs/${job}`, { headers });
      expect(answer.status).toBe(200);
      state = JSON.parse(answer.body);
    }
    expect(state.status).toBe("done");
    // Several polls after the end, all answered the same by either process.
    const polls = await Promise.all([0, 1, 2, 3].map(() => fresh(`/api/v1/jobs/${job}`, { headers })));
    expect(polls.map((p) => JSON.parse(p.body).status)).toEqual(["done", "done", "done", "done"]);
    const downloads = await Promise.all([0, 1].map(() => fresh(`/api/v1/jobs/${job}/xlsx`, { headers })));
    expect(downloads.map((d) => d.status).sort()).toEqual([200, 410]);
  });

  it("store a 申报 sent twice at once with one Idempotency-Key once, whichever processes the two reach", async () => {
    const token = apiToken(dbFile, "branch");
    const hohhot = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150100/village.json"), "utf8"));
    const { review: _review, ...data } = hohhot.cases[0].data;
    const send = () =>
      fresh("/api/v1/submissions", {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "idempotency-key": "cluster-retry-0001",
        },
        body: JSON.stringify({ year: 2025, data }),
      });
    const answers = await Promise.all([send(), send(), send(), send()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    const bodies = answers.map((a) => JSON.parse(a.body) as { id: number; revision: number });
    expect(new Set(bodies.map((b) => `${b.id}/${b.revision}`))).toEqual(new Set([`${bodies[0].id}/1`]));
    const sqlite = new Database(dbFile, { readonly: true });
    try {
      expect(
        sqlite.prepare("SELECT count(*) AS n FROM submission_revisions WHERE submission_id = ?").get(bodies[0].id),
      ).toEqual({ n: 1 });
    } finally {
      sqlite.close();
    }
  });

  it("let writes that reach both processes at once wait their turn instead of failing", async () => {
    // Each write reads before it writes (the bounds, the audit row's "before"): in deferred transactions a few of these
    // failed with SQLITE_BUSY_SNAPSHOT (three of the 180, one run) when the other process committed in between.
    const admins: Record<string, string> = { "150000": "admin", "150100": "hohhot-admin", "450000": "guangxi-admin" };
    const headers = Object.fromEntries(
      Object.entries(admins).map(([region, user]) => [
        region,
        { authorization: `Bearer ${apiToken(dbFile, user)}`, "content-type": "application/json" },
      ]),
    );
    const windows = JSON.stringify({
      selfFrom: "2027-01-05",
      selfTo: "2027-02-01",
      submitDeadline: "2027-03-01",
      reviewDeadline: "2027-04-01",
    });
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, i) => {
          const region = Object.keys(admins)[i % 3];
          return i % 2
            ? fresh(`/api/v1/regions/${region}/settings`, {
                method: "PUT",
                headers: headers[region],
                body: JSON.stringify({ publicityDays: 5 + (i % 5) }),
              })
            : fresh(`/api/v1/calendars/${region}/2027`, { method: "PUT", headers: headers[region], body: windows });
        }),
      );
      statuses.push(...answers.map((answer) => answer.status));
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const sqlite = new Database(dbFile, { readonly: true });
    const stored = sqlite.prepare("SELECT count(*) AS n FROM calendars WHERE year = 2027").get() as { n: number };
    const audited = sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'calendar.set'").get() as {
      n: number;
    };
    sqlite.close();
    expect(stored.n).toBe(90);
    expect(audited.n).toBe(90);
  });

  it("replace a server process that dies, and keep serving meanwhile", async () => {
    const [victim, survivor] = serverProcesses();
    process.kill(victim, "SIGKILL");
    // A connection handed to the process in the instant it died is lost (the browser asks again); once the primary
    // process has noticed, the other one answers everything while the replacement starts.
    await expect.poll(() => server.output(), { timeout: 30_000 }).toContain(`服务进程 ${victim} 意外退出`);
    for (let i = 0; i < 4; i++) expect((await fresh("/login")).status).toBe(200);
    await expect.poll(() => serverProcesses().length, { timeout: 30_000 }).toBe(2);
    expect(serverProcesses()).toContain(survivor);
    expect(serverProcesses()).not.toContain(victim);
    for (let i = 0; i < 4; i++) expect((await fresh("/login")).status).toBe(200);
  });
});
