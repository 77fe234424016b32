/**
 * `npm run bench:evidence`: 200 branches each upload a 5 MB PDF at the same moment (loopback), through the real
 * server's streaming upload — throughput, a branch secretary's home page meanwhile (p99), and the server's memory.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { apiToken, signIn, startServer, tempDir } from "../tests/helpers/server";
import { writeSection } from "./results-file";

const BRANCHES = 200;
const MB = 1024 * 1024;
const SIZE = 5 * MB;
const YEAR = 2026;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

const dir = tempDir("branchmark-bench-");
const dbFile = path.join(dir, "evidence.db");
const server = await startServer(dbFile);

// 200 villages in 新城区, each with its secretary's account and token, written straight into the database.
const sqlite = new Database(dbFile);
const tokens: string[] = [];
const usernames: string[] = [];
sqlite.transaction(() => {
  const branch = sqlite.prepare(
    "INSERT INTO branches (name, region_code, domain, established_on, member_count) VALUES (?, '150102', 'village', '2015-01-01', 20) RETURNING id",
  );
  const user = sqlite.prepare(
    "INSERT INTO users (username, display_name, password_hash, role, region_code, branch_id) VALUES (?, ?, 'x', 'branch', '150102', ?)",
  );
  for (let i = 0; i < BRANCHES; i++) {
    const { id } = branch.get(`压测第${i + 1}村党支部`) as { id: number };
    user.run(`bench-branch-${i}`, `压测书记${i + 1}`, id);
    usernames.push(`bench-branch-${i}`);
  }
})();
sqlite.close();
for (const name of usernames) tokens.push(apiToken(dbFile, name));

const pdf = () => Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(SIZE - 9)]);
const bodies = tokens.map(() => pdf());

/** The server's resident memory, from /proc, sampled while the uploads run. */
const rssMb = () => {
  const status = fs.readFileSync(`/proc/${server.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
};
const baseline = rssMb();
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 50);

const cookie = await signIn(server.url, "branch");
const home = autocannon({ url: server.url + "/", connections: 4, duration: 30, headers: { cookie } });

const started = performance.now();
const outcomes = await Promise.all(
  bodies.map(async (body, i) => {
    const t0 = performance.now();
    const response = await fetch(`${server.url}/api/v1/drafts/${YEAR}/materials/member-meeting-minutes`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens[i]}`, "x-file-name": encodeURIComponent(`会议记录${i}.pdf`) },
      body: new Uint8Array(body),
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - t0 };
  }),
);
const elapsed = (performance.now() - started) / 1000;
const uploadsDone = performance.now();
const homeResult = await home;
clearInterval(sampler);
const after = rssMb();

const ok = outcomes.filter((o) => o.status === 201).length;
const sorted = outcomes.map((o) => o.ms).sort((a, b) => a - b);
const p = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
const stored = fs
  .readdirSync(path.join(dir, "files"), { recursive: true })
  .filter((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(String(f))).length;

await server.stop();
fs.rmSync(dir, { recursive: true, force: true });

const markdown = `## Evidence uploads (\`npm run bench:evidence\`)

${BRANCHES} branches upload a ${SIZE / MB} MB PDF each at the same moment over loopback (one request per branch, its own
token), to the real server's streaming upload; a branch secretary's home page is requested on 4 connections for 30 s
from the same start. Measured ${new Date().toISOString().slice(0, 10)} on the 2-core machine.

| | |
|---|---|
| uploads stored (201) | ${ok} of ${BRANCHES} (${stored} files in the store, the demo data's one among them) |
| all ${BRANCHES} done in | ${round(elapsed)} s — ${round((BRANCHES * SIZE) / MB / elapsed)} MB/s |
| one upload, p50 / p99 | ${p(0.5)} / ${p(0.99)} ms |
| home page meanwhile (30 s), p50 / p99 / max | ${homeResult.latency.p50} / ${homeResult.latency.p99} / ${homeResult.latency.max} ms, ${homeResult.requests.total} requests, ${homeResult.errors + homeResult.non2xx} errors |
| server RSS before / peak / after | ${round(baseline)} / ${round(peak)} / ${round(after)} MB |

The uploads ended ${round((uploadsDone - started) / 1000)} s into the home page's 30 s. The upload code streams each
body to a temporary file while hashing it, and Remix's adapter passes Node's request on with backpressure, yet the
server's resident memory rose by about the bytes in flight (${BRANCHES} × ${SIZE / MB} MB) and stayed there: whether
request chunks are held somewhere or are garbage the allocator keeps is not yet measured (heap and external memory
next), nor how answering uploads on Node's own request, as \`POST /api/v1/score\` is, would change it.
`;
writeSection("evidence", markdown);
console.log(markdown);
