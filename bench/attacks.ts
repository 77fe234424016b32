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
// As behind a proxy on this machine, so the second flood can come from a new address on every request.
const server = await startServer(dbFile, { BRANCHMARK_TRUST_PROXY: "loopback" });
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

async function loginFlood(cookie: string, distributed: boolean) {
  const page = `${server.url}/`;
  const quiet = await autocannon({ url: page, connections: 4, duration: 5, headers: { cookie } });
  let n = 0;
  const address = () => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const flood = autocannon({
    url: `${server.url}/login`,
    connections: 50,
    duration: 15,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
        setupRequest: (request) => {
          n++;
          return {
            ...request,
            headers: { ...request.headers, ...(distributed ? { "x-forwarded-for": address() } : {}) },
            body: `username=attacker${n}&password=guess${n}`,
          };
        },
      },
    ],
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const during = await autocannon({ url: page, connections: 4, duration: 12, headers: { cookie } });
  const attack = await flood;
  return { quiet, during, attack };
}

// Signed in before the floods: afterwards this machine's own address is throttled for a minute.
const cookie = await signIn(server.url, "branch");
const b = await bomb();
const f = await loginFlood(cookie, false);
const d = await loginFlood(cookie, true);
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
secretary's home page is asked for on 4 connections — once from one address, once from a new address on every
request (the server trusting \`X-Forwarded-For\` from a proxy on this machine, as a botnet behind one would look):

| home page | requests | p50 ms | p99 ms | max ms | errors |
|---|---|---|---|---|---|
${[
  ["quiet", f.quiet],
  ["during the flood from one address", f.during],
  ["quiet", d.quiet],
  ["during the flood, a new address per attempt", d.during],
]
  .map(
    ([label, r]) =>
      `| ${label} | ${(r as autocannon.Result).requests.total} | ${(r as autocannon.Result).latency.p50} | ${(r as autocannon.Result).latency.p99} | ${(r as autocannon.Result).latency.max} | ${(r as autocannon.Result).errors + (r as autocannon.Result).non2xx} |`,
  )
  .join("\n")}

The floods themselves: ${f.attack.requests.total} attempts from one address answered (${codes(f.attack)});
${d.attack.requests.total} from many (${codes(d.attack)}). Target: the page's p99 ≤ 500 ms.`,
);
console.log(fs.readFileSync(path.join(import.meta.dirname, "RESULTS.md"), "utf8").split("<!-- bench:attacks -->")[1]);
