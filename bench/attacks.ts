/**
 * `npm run bench:attacks`: the attacks of the trust issue against the real server, measured rather than asserted —
 * the 943 KB shared-strings bomb (time to the refusal, the server's peak RSS) and a login flood (other users' pages
 * while 50 connections try a new user name on every request).
 */
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { sharedStringsBomb } from "../tests/helpers/xlsx-bombs";
import { apiToken, startServer, tempDir, signIn } from "../tests/helpers/server";
import { writeSection } from "./results-file";

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const dbFile = path.join(tempDir("branchmark-bench-"), "attacks.db");
const server = await startServer(dbFile);
const token = apiToken(dbFile, "hohhot-admin");
const pid = server.process.pid!;

/** The server process's resident memory in MB, from /proc (worker threads included: they share the process). */
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

async function bomb() {
  const bytes = await sharedStringsBomb(16_000_000);
  const before = rssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 10);
  const started = performance.now();
  const response = await fetch(`${server.url}/api/v1/imports?year=2025&mode=draft&name=bomb.xlsx`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: new Uint8Array(bytes),
  });
  const seconds = (performance.now() - started) / 1000;
  const { error } = (await response.json()) as { error: string };
  await new Promise((resolve) => setTimeout(resolve, 500));
  clearInterval(sampler);
  return { kb: round(bytes.length / 1024, 0), status: response.status, error, seconds, before, peak };
}

async function loginFlood() {
  const cookie = await signIn(server.url, "branch");
  const page = `${server.url}/`;
  const quiet = await autocannon({ url: page, connections: 4, duration: 5, headers: { cookie } });
  let n = 0;
  const flood = autocannon({
    url: `${server.url}/login`,
    connections: 50,
    duration: 15,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
        setupRequest: (request) => ({ ...request, body: `username=attacker${n++}&password=guess${n}` }),
      },
    ],
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const during = await autocannon({ url: page, connections: 4, duration: 12, headers: { cookie } });
  const attack = await flood;
  return { quiet, during, attack };
}

const b = await bomb();
const f = await loginFlood();
await server.stop();

const codes = (result: autocannon.Result) =>
  Object.entries(result.statusCodeStats ?? {})
    .map(([code, s]) => `${code}×${(s as { count: number }).count}`)
    .join(", ");

writeSection(
  "attacks",
  `## Attacks on the real server (\`npm run bench:attacks\`)

Measured ${new Date().toISOString().slice(0, 10)} on this 2-core machine, the server built and started as in production.

**H1, the shared-strings bomb** (16,000,000 one-character shared strings, ${b.kb} KB on the wire): answered
${b.status} in ${round(b.seconds, 2)} s — “${b.error}” — with the server's RSS at ${round(b.before, 0)} MB before and
${round(b.peak, 0)} MB at its peak (targets: ≤ 2 s, ≤ 500 MB).

**M6, a login flood** (50 connections for 15 s, a new user name on every request) while a signed-in branch
secretary's home page is asked for on 4 connections:

| home page | requests | p50 ms | p99 ms | max ms | errors |
|---|---|---|---|---|---|
| quiet | ${f.quiet.requests.total} | ${f.quiet.latency.p50} | ${f.quiet.latency.p99} | ${f.quiet.latency.max} | ${f.quiet.errors + f.quiet.non2xx} |
| during the flood | ${f.during.requests.total} | ${f.during.latency.p50} | ${f.during.latency.p99} | ${f.during.latency.max} | ${f.during.errors + f.during.non2xx} |

The flood itself: ${f.attack.requests.total} login attempts answered (${codes(f.attack)}). Target: the page's p99 ≤ 500 ms.`,
);
console.log(fs.readFileSync(path.join(import.meta.dirname, "RESULTS.md"), "utf8").split("<!-- bench:attacks -->")[1]);
