import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import Database from "better-sqlite3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiToken, startServer, tempDir, type RunningServer } from "../helpers/server";
import { fixed, zipOf } from "../helpers/xlsx-bombs";

// Evidence files (issue "Evidence materials", items 2 and the bad input): stored by content, typed by their bytes,
// limited by the catalogue, scoped like submissions, and nothing kept of a refused or half-sent upload.
const dir = tempDir();
const dbFile = path.join(dir, "evidence.db");
const filesRoot = path.join(dir, "files");
let server: RunningServer;
const tokens: Record<string, string> = {};
const YEAR = 2026;

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const pdf = (n: number) => Buffer.concat([PDF, Buffer.from(`% ${n}\n`)]);
const EXE = Buffer.concat([Buffer.from("MZ\x90\x00"), Buffer.alloc(256, 0)]);

function upload(user: string, url: string, body: Buffer, name: string | null = "会议记录.pdf", headers = {}) {
  return fetch(server.url + url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${tokens[user]}`,
      ...(name === null ? {} : { "x-file-name": encodeURIComponent(name) }),
      ...headers,
    },
    body: new Uint8Array(body),
  });
}
const draftUpload = (body: Buffer, name?: string | null, material = "member-meeting-minutes", user = "branch") =>
  upload(user, `/api/v1/drafts/${YEAR}/materials/${material}`, body, name);
const withdraw = (id: number) =>
  fetch(`${server.url}/api/v1/evidence/${id}/withdraw`, {
    method: "POST",
    headers: { authorization: `Bearer ${tokens.branch}`, "content-type": "application/json" },
    body: "{}",
  });
const get = (url: string, user: string) =>
  fetch(server.url + url, { headers: { authorization: `Bearer ${tokens[user]}` } });

const query = <T>(sql: string, ...args: unknown[]) => {
  const sqlite = new Database(dbFile, { readonly: true });
  try {
    return sqlite.prepare(sql).all(...args) as T[];
  } finally {
    sqlite.close();
  }
};
const rows = () => query<{ n: number }>("SELECT count(*) AS n FROM evidence_files")[0].n;
/** Every file under the store, the temporary folder included: a refused upload leaves nothing anywhere. */
const storedFiles = (): string[] =>
  fs.existsSync(filesRoot)
    ? (fs.readdirSync(filesRoot, { recursive: true }) as string[]).filter((f) => /[0-9a-f-]{36,}$/.test(f))
    : [];

/** The entries of a zip (stored, with data descriptors), read from its central directory. */
function unzip(zip: Buffer): { name: string; data: Buffer }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries: { name: string; data: Buffer }[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const size = zip.readUInt32LE(at + 24);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.push({
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      data: zip.subarray(start, start + size),
    });
    at += 46 + nameLength;
  }
  return entries;
}

async function refusedLeavesNothing(response: Promise<Response>, status: number, message: RegExp) {
  const [before, files] = [rows(), storedFiles().length];
  const answer = await response;
  expect(answer.status).toBe(status);
  expect((await answer.json()).error).toMatch(message);
  expect(rows()).toBe(before);
  expect(storedFiles()).toHaveLength(files);
}

beforeAll(async () => {
  server = await startServer(dbFile);
  for (const user of ["branch", "reviewer", "hohhot-reviewer", "admin", "guangxi-admin"])
    tokens[user] = apiToken(dbFile, user);
});

afterAll(async () => {
  await server?.stop();
});

describe("uploading evidence", () => {
  it("stores a PDF by its content, once, and lists it in the year's evidence", async () => {
    const first = await draftUpload(pdf(1), "党员大会（一季度）.pdf");
    expect(first.status).toBe(201);
    const file = await first.json();
    expect(file).toMatchObject({ materialId: "member-meeting-minutes", kind: "pdf", name: "党员大会（一季度）.pdf" });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.existsSync(path.join(filesRoot, file.sha256.slice(0, 2), file.sha256))).toBe(true);
    // The same content again is a second entry of the year, but one stored file.
    const again = await (await draftUpload(pdf(1), "副本.pdf")).json();
    expect(again.sha256).toBe(file.sha256);
    expect(storedFiles().filter((f) => f.endsWith(file.sha256))).toHaveLength(1);
  });

  it("refuses a renamed executable, an empty file and a kind the entry does not take, storing nothing", async () => {
    await refusedLeavesNothing(draftUpload(EXE, "会议记录.pdf"), 415, /扩展名不能决定文件类型/);
    await refusedLeavesNothing(draftUpload(Buffer.alloc(0), "空.pdf"), 422, /空的/);
    const workbook = await zipOf([fixed("[Content_Types].xml", "<Types/>"), fixed("xl/workbook.xml", "<workbook/>")]);
    await refusedLeavesNothing(draftUpload(workbook, "表.xlsx"), 415, /只接受 .*这是 Excel/);
    // The 民主评议 entry takes Excel: the same workbook is stored there.
    expect((await draftUpload(workbook, "测评汇总.xlsx", "democratic-appraisal-records")).status).toBe(201);
  });

  it("refuses a Word file that is a zip bomb without unpacking it, and takes a real one", async () => {
    const bomb = await zipOf([
      fixed("word/document.xml", "<w:document/>"),
      { name: "word/media/image1.bin", head: "", unit: "0".repeat(1000), count: 210_000, tail: "" },
    ]);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    await refusedLeavesNothing(draftUpload(bomb, "记录.docx"), 413, /解压后过大/);
    const docx = await zipOf([fixed("[Content_Types].xml", "<Types/>"), fixed("word/document.xml", "<w:document/>")]);
    const stored = await draftUpload(docx, "记录.docx");
    expect(stored.status).toBe(201);
    expect((await stored.json()).kind).toBe("docx");
  });

  it("refuses a file over the entry's size limit, whether declared or streamed", async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024, 0x20)]);
    await refusedLeavesNothing(draftUpload(big, "大.pdf"), 413, /20 MB/);
  });

  it("refuses names with path separators or control characters, and a missing name", async () => {
    for (const name of ["../../etc/passwd.pdf", "a\\b.pdf", "记录\u0000.pdf", "记录\u202e.pdf"])
      await refusedLeavesNothing(draftUpload(pdf(9), name), 400, /文件名/);
    await refusedLeavesNothing(draftUpload(pdf(9), null), 400, /缺少文件名/);
  });

  it("refuses more files than the entry allows", async () => {
    for (let i = 0; i < 6; i++)
      expect((await draftUpload(pdf(100 + i), `党课${i}.pdf`, "party-lecture-records")).status).toBe(201);
    await refusedLeavesNothing(draftUpload(pdf(200), "党课7.pdf", "party-lecture-records"), 409, /最多 6 个文件/);
  });

  it("keeps nothing of an upload cut off half-way", async () => {
    const [before, files] = [rows(), storedFiles().length];
    await new Promise<void>((resolve) => {
      const request = http.request(`${server.url}/api/v1/drafts/${YEAR}/materials/member-meeting-minutes`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${tokens.branch}`,
          "x-file-name": encodeURIComponent("断线.pdf"),
          "content-length": String(4 * 1024 * 1024),
        },
      });
      request.on("error", () => undefined);
      request.write(Buffer.concat([PDF, Buffer.alloc(512 * 1024, 0x20)]), async () => {
        // The half received so far is on disk, in the temporary folder, before the connection breaks.
        await expect.poll(() => storedFiles().length, { timeout: 15_000 }).toBe(files + 1);
        request.destroy();
        resolve();
      });
    });
    // The server notices the broken connection and removes what it had received.
    await expect.poll(() => storedFiles().length, { timeout: 15_000 }).toBe(files);
    expect(rows()).toBe(before);
  });

  it("keeps serving when many uploads are cut off at every point, and keeps none of them", async () => {
    const [before, files] = [rows(), storedFiles().length];
    const cut = (afterBytes: number) =>
      new Promise<void>((resolve) => {
        const request = http.request(`${server.url}/api/v1/drafts/${YEAR}/materials/member-meeting-minutes`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${tokens.branch}`,
            "x-file-name": encodeURIComponent("断线.pdf"),
            "content-length": String(2 * 1024 * 1024),
          },
        });
        request.on("error", () => resolve());
        request.on("response", () => resolve());
        request.write(Buffer.concat([PDF, Buffer.alloc(afterBytes, 0x20)]), () =>
          setTimeout(() => {
            request.destroy();
            resolve();
          }, afterBytes % 7),
        );
      });
    await Promise.all([0, 1, 100, 4096, 65_536, 200_000, 700_000, 1_500_000, 2_000_000].map(cut));
    await expect.poll(() => storedFiles().length, { timeout: 15_000 }).toBe(files);
    expect(rows()).toBe(before);
    // Still answering.
    expect((await draftUpload(pdf(77), "之后.pdf")).status).toBe(201);
  });
});

describe("who may upload and read", () => {
  let sha256: string;
  beforeAll(async () => {
    sha256 = (await (await draftUpload(pdf(500), "主题党日.pdf", "themed-party-day-records")).json()).sha256;
  });

  it("serves a PDF inline to the branch and its reviewer, typed and never sniffed, and to no one else", async () => {
    for (const user of ["branch", "reviewer", "admin"]) {
      const response = await get(`/api/v1/files/${sha256}`, user);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("x-content-type-options")).toContain("nosniff");
      // One policy, the PDF's own: the browser's viewer must be allowed to run.
      expect(response.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
      expect(response.headers.get("content-disposition")).toMatch(/^inline; .*filename\*=UTF-8''%E4%B8%BB/);
      expect(Buffer.from(await response.arrayBuffer()).equals(pdf(500))).toBe(true);
    }
    expect((await get(`/api/v1/files/${sha256}`, "guangxi-admin")).status).toBe(404);
    expect((await get(`/api/v1/files/${"0".repeat(64)}`, "branch")).status).toBe(404);
    expect((await get("/api/v1/files/..%2F..%2Fevidence.db", "branch")).status).toBe(404);
  });

  it("serves a photo's thumbnail upright, small and without its EXIF, to the same readers only", async () => {
    // A phone photo taken sideways: stored 1600×800 with EXIF orientation 6 (rotate 90°) and a camera make.
    const photo = await sharp({ create: { width: 1600, height: 800, channels: 3, background: "#c00" } })
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Make: "村支部的手机" } } })
      .toBuffer();
    const file = await (await draftUpload(photo, "主题党日照片.jpg", "themed-party-day-records")).json();
    const response = await get(`/api/v1/files/${file.sha256}/thumbnail`, "reviewer");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(response.headers.get("cache-control")).toBe("private, max-age=86400, immutable");
    const thumbnail = Buffer.from(await response.arrayBuffer());
    const meta = await sharp(thumbnail).metadata();
    expect([meta.width, meta.height]).toEqual([120, 240]);
    expect(meta.exif).toBeUndefined();
    expect(thumbnail.byteLength).toBeLessThan(photo.byteLength / 4);
    // Kept: asked again, the same bytes.
    expect(Buffer.from(await (await get(`/api/v1/files/${file.sha256}/thumbnail`, "branch")).arrayBuffer())).toEqual(
      thumbnail,
    );
    expect((await get(`/api/v1/files/${file.sha256}/thumbnail`, "guangxi-admin")).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/files/${file.sha256}/thumbnail`)).status).toBe(401);
    // Not an image: no thumbnail.
    expect((await get(`/api/v1/files/${sha256}/thumbnail`, "branch")).status).toBe(404);
    expect((await withdraw(file.id)).status).toBe(200);
  });

  it("makes no thumbnail of an image claiming a canvas too large to decode, and keeps serving", async () => {
    // A valid PNG header for 20,000 × 20,000 pixels (1.2 GB decoded) over a few bytes of data.
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(20_000, 0);
    header.writeUInt32BE(20_000, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", zlib.deflateSync(Buffer.alloc(1000))),
      chunk("IEND", Buffer.alloc(0)),
    ]);
    const file = await (await draftUpload(png, "扫描件.png", "themed-party-day-records")).json();
    expect(file.kind).toBe("png");
    expect((await get(`/api/v1/files/${file.sha256}/thumbnail`, "branch")).status).toBe(404);
    expect((await get(`/api/v1/files/${file.sha256}`, "branch")).status).toBe(200);
    expect((await withdraw(file.id)).status).toBe(200);
  });

  it("makes a Word file a download", async () => {
    const docx = await zipOf([fixed("word/document.xml", "<w:document/>"), fixed("word/x.xml", "<x/>")]);
    const file = await (await draftUpload(docx, "评议记录.docx", "democratic-appraisal-records")).json();
    const response = await get(`/api/v1/files/${file.sha256}`, "branch");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(response.headers.get("content-security-policy")).toMatch(/^sandbox;/);
  });

  it("refuses an upload to another branch's submission, and one by a reviewer", async () => {
    const [other] = query<{ id: number }>(
      "SELECT s.id FROM submissions s JOIN branches b ON b.id = s.branch_id WHERE b.name != '新城区红旗村党支部' AND s.status IN ('submitted', 'returned') LIMIT 1",
    );
    await refusedLeavesNothing(
      upload("branch", `/api/v1/submissions/${other.id}/materials/member-meeting-minutes`, pdf(7)),
      403,
      /无权/,
    );
    await refusedLeavesNothing(
      upload("reviewer", `/api/v1/submissions/${other.id}/materials/member-meeting-minutes`, pdf(8)),
      403,
      /无权/,
    );
  });
});

describe("evidence in the 申报", () => {
  it("is sent with the revision and counted: the required minutes and 主题党日 records are met", async () => {
    const data = JSON.parse(fs.readFileSync(path.join(process.cwd(), "rulesets/150000/village.json"), "utf8")).cases[0]
      .data;
    const { review: _review, ...branchData } = data;
    const response = await fetch(`${server.url}/api/v1/submissions`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.branch}`, "content-type": "application/json" },
      body: JSON.stringify({
        year: YEAR,
        data: { ...branchData, basic: { ...branchData.basic, branchName: "新城区红旗村党支部" } },
      }),
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    const unmet = body.result.unmet.map((u: { rule: string }) => u.rule);
    expect(unmet).not.toContain("material-member-meeting-minutes");
    expect(unmet).not.toContain("material-themed-party-day-records");
    const [evaluation] = query<{ materials: string }>(
      "SELECT e.materials FROM evaluations e JOIN submission_revisions r ON r.id = e.submission_revision_id WHERE r.submission_id = ?",
      body.id,
    );
    expect(JSON.parse(evaluation.materials)["member-meeting-minutes"]).toEqual({
      uploaded: 4,
      accepted: 0,
      rejected: 0,
    });
    const snapshot = query<{ n: number }>(
      "SELECT count(*) AS n FROM revision_files f JOIN submission_revisions r ON r.id = f.submission_revision_id WHERE r.submission_id = ?",
      body.id,
    );
    const working = query<{ n: number }>(
      "SELECT count(*) AS n FROM evidence_files WHERE year = ? AND withdrawn_at IS NULL AND branch_id = (SELECT branch_id FROM submissions WHERE id = ?)",
      YEAR,
      body.id,
    );
    expect(snapshot[0].n).toBe(working[0].n);
    expect(snapshot[0].n).toBeGreaterThan(8);
    // A withdrawn file stays in the revision that was sent with it.
    const [first] = query<{ id: number }>("SELECT id FROM evidence_files WHERE year = ? ORDER BY id LIMIT 1", YEAR);
    const withdrawn = await withdraw(first.id);
    expect(withdrawn.status).toBe(200);
    expect(
      query<{ n: number }>("SELECT count(*) AS n FROM revision_files WHERE evidence_file_id = ?", first.id)[0].n,
    ).toBe(1);
    // A reviewer marks the 主题党日 record 合格 and a minute 不合格 (a reason is required): the revision is scored
    // again with the counts, and the 评定 package carries the accepted file.
    const [day] = query<{ id: number; sha256: string }>(
      "SELECT f.id, f.sha256 FROM evidence_files f JOIN revision_files r ON r.evidence_file_id = f.id WHERE f.material_id = 'themed-party-day-records' AND f.year = ? LIMIT 1",
      YEAR,
    );
    const mark = (id: number, body: object) =>
      fetch(`${server.url}/api/v1/evidence/${id}/reviews`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.reviewer}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await mark(day.id, { decision: "rejected" })).status).toBe(422);
    const marked = await mark(day.id, { decision: "accepted" });
    expect(marked.status).toBe(201);
    expect((await marked.json()).file.decision).toBe("accepted");
    const [latest] = query<{ materials: string }>(
      "SELECT e.materials FROM evaluations e JOIN submission_revisions r ON r.id = e.submission_revision_id WHERE r.submission_id = ? ORDER BY e.id DESC LIMIT 1",
      body.id,
    );
    expect(JSON.parse(latest.materials)["themed-party-day-records"]).toEqual({ uploaded: 1, accepted: 1, rejected: 0 });
    const zip = Buffer.from(await (await get(`/api/v1/submissions/${body.id}/package`, "reviewer")).arrayBuffer());
    const entries = unzip(zip);
    expect(entries.map((e) => e.name)).toEqual([
      "评定表.txt",
      "申报内容.json",
      "评定结果.json",
      "佐证材料/主题党日活动记录/1-主题党日.pdf",
    ]);
    expect(entries[3].data.equals(pdf(500))).toBe(true);
    expect(entries[0].data.toString("utf8")).toContain("佐证材料：");
    expect((await get(`/api/v1/submissions/${body.id}/package`, "guangxi-admin")).status).toBe(403);

    const sqlite = new Database(dbFile);
    expect(() => sqlite.prepare("DELETE FROM evidence_files WHERE id = ?").run(first.id)).toThrow(/never deleted/);
    // Once rated, nothing more may be added or taken away.
    sqlite.prepare("UPDATE submissions SET status = 'rated' WHERE id = ?").run(body.id);
    sqlite.close();
    await refusedLeavesNothing(
      upload("branch", `/api/v1/submissions/${body.id}/materials/member-meeting-minutes`, pdf(11)),
      409,
      /已评定/,
    );
  });
});
