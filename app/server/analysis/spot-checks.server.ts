/**
 * 随机抽查 (002 asks for random checks of the branches rated): a sample of the rated submissions in an admin's scope,
 * drawn from a recorded seed — the same seed and the same population give the same sample, so anyone can verify a
 * draw — stored, audited, and each sampled submission checked (通过 / 不通过 with findings).
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { recordAudit } from "../audit/audit.server";
import { authorize, can } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { domainError, notFound } from "../platform/http.server";
import { inRegionLine, inRegionTree, regionName, regionWithin } from "../regions/regions.server";
import { countedGrades, countedRating, reviewsBySubmission } from "../submissions/repository.server";
import { storeUpload, type Upload } from "../evidence/upload.server";
import type { MaterialKind } from "~/engine/types";

export type DrawInput = {
  region: string;
  year: number;
  domain?: string;
  grade?: string;
  size?: number;
  percent?: number;
  seed?: string;
};

/** A pseudo-random sequence from a seed (sfc32 over the seed's sha256): the same seed, the same sequence. */
export function seededRandom(seed: string): () => number {
  const digest = createHash("sha256").update(seed, "utf8").digest();
  let [a, b, c, d] = [0, 4, 8, 12].map((i) => digest.readUInt32LE(i));
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/** `k` of `ids` (in ascending order) chosen by the seed: a partial Fisher–Yates shuffle, in the order drawn. */
export function sampleOf(ids: number[], k: number, seed: string): number[] {
  const pool = [...ids].sort((x, y) => x - y);
  const random = seededRandom(seed);
  const n = Math.min(k, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

/** The rated submissions in scope for the year (and domain, and counted grade): what a draw samples from. */
function population(input: DrawInput): number[] {
  const db = getDb();
  const rated = db
    .select({ id: schema.submissions.id })
    .from(schema.submissions)
    .where(
      and(
        inRegionTree(schema.submissions.regionCode, input.region),
        eq(schema.submissions.year, input.year),
        eq(schema.submissions.status, "rated"),
        input.domain ? eq(schema.submissions.domain, input.domain) : undefined,
      ),
    )
    .orderBy(asc(schema.submissions.id))
    .all()
    .map((r) => r.id);
  if (!input.grade) return rated;
  const reviews = reviewsBySubmission(rated);
  return rated.filter((id) => countedRating(reviews.get(id) ?? [])?.gradeId === input.grade);
}

/** Draws and stores a sample; the seed is the caller's or a new random one, recorded either way. */
export function drawSpotCheck(actor: Actor, input: DrawInput) {
  authorize(actor, { action: "spotcheck.manage", regionCode: input.region }, "该区域的随机抽查");
  if ((input.size === undefined) === (input.percent === undefined))
    throw domainError(422, "请给出抽查数量或抽查比例（二选一）。", [{ path: "$.size", message: "数量或比例二选一" }]);
  const seed = input.seed?.trim() || randomBytes(8).toString("hex");
  const ids = population(input);
  if (!ids.length) throw domainError(409, `${input.year} 年度该范围内没有已评定的申报可以抽查。`);
  const k = input.size ?? Math.max(1, Math.ceil((ids.length * input.percent!) / 100));
  const sample = sampleOf(ids, k, seed);
  const db = getDb();
  const id = db.transaction((tx) => {
    const check = tx
      .insert(schema.spotChecks)
      .values({
        regionCode: input.region,
        year: input.year,
        domain: input.domain ?? null,
        gradeId: input.grade ?? null,
        size: input.size ?? null,
        percent: input.percent ?? null,
        seed,
        population: ids.length,
        drawnBy: actor.id || null,
      })
      .returning()
      .get();
    for (const submissionId of sample)
      tx.insert(schema.spotCheckItems).values({ spotCheckId: check.id, submissionId }).run();
    recordAudit(tx, actor, {
      action: "spotcheck.draw",
      entityType: "spotcheck",
      entityId: String(check.id),
      regionCode: input.region,
      after: {
        year: input.year,
        domain: input.domain ?? null,
        grade: input.grade ?? null,
        seed,
        population: ids.length,
        sampled: sample.length,
      },
    });
    return check.id;
  });
  return spotCheck(actor, id);
}

type SpotCheckRow = typeof schema.spotChecks.$inferSelect;

/** Whether the actor has anything to do with a check: drawn in their scope, or reaching a reviewer's area. */
const relatedTo = (actor: Actor, check: SpotCheckRow) =>
  can(actor, { action: "spotcheck.manage", regionCode: check.regionCode }) ||
  can(actor, { action: "region.read", regionCode: check.regionCode }) ||
  (actor.role === "reviewer" && regionWithin(actor.regionCode, check.regionCode));

/** Whether the actor sees this sampled submission of the check (see `visibleSample`). */
const seesItem = (actor: Actor, check: SpotCheckRow, submission: typeof schema.submissions.$inferSelect) =>
  can(actor, { action: "spotcheck.manage", regionCode: check.regionCode }) ||
  (relatedTo(actor, check) &&
    can(actor, { action: "submission.read", regionCode: submission.regionCode, branchId: submission.branchId }));

/**
 * The part of a check's sample the actor may see, each item with its latest result: admins above see the whole
 * sample; a reviewer the sampled submissions of their own area, also in a check drawn above it. Undefined when the
 * actor has nothing to do with the check.
 */
function visibleSample(actor: Actor, check: SpotCheckRow) {
  const db = getDb();
  const manages = can(actor, { action: "spotcheck.manage", regionCode: check.regionCode });
  if (!relatedTo(actor, check)) return undefined;
  const items = db
    .select({ item: schema.spotCheckItems, submission: schema.submissions, branch: schema.branches })
    .from(schema.spotCheckItems)
    .innerJoin(schema.submissions, eq(schema.submissions.id, schema.spotCheckItems.submissionId))
    .innerJoin(schema.branches, eq(schema.branches.id, schema.submissions.branchId))
    .where(eq(schema.spotCheckItems.spotCheckId, check.id))
    .orderBy(asc(schema.spotCheckItems.id))
    .all()
    .filter(
      ({ submission }) =>
        manages ||
        can(actor, { action: "submission.read", regionCode: submission.regionCode, branchId: submission.branchId }),
    );
  const itemIds = items.map((i) => i.item.id);
  const results = new Map<number, typeof schema.spotCheckResults.$inferSelect>();
  if (itemIds.length)
    for (const r of db
      .select()
      .from(schema.spotCheckResults)
      .where(inArray(schema.spotCheckResults.itemId, itemIds))
      .orderBy(desc(schema.spotCheckResults.id))
      .all())
      if (!results.has(r.itemId)) results.set(r.itemId, r);
  return items.map(({ item, submission, branch }) => ({ item, submission, branch, result: results.get(item.id) }));
}

const summaryOf = (check: SpotCheckRow) => ({
  id: check.id,
  region: { code: check.regionCode, name: regionName(check.regionCode) },
  year: check.year,
  domain: check.domain,
  gradeId: check.gradeId,
  size: check.size,
  percent: check.percent,
  seed: check.seed,
  population: check.population,
  createdAt: check.createdAt.getTime(),
});

/** One spot check with its sample: each submission's branch, region, counted grade and latest check result. */
export function spotCheck(actor: Actor, id: number) {
  const db = getDb();
  const check = db.select().from(schema.spotChecks).where(eq(schema.spotChecks.id, id)).get();
  const sample = check ? visibleSample(actor, check) : undefined;
  if (!check || !sample) throw notFound(`随机抽查 ${id}`);
  const grades = countedGrades(sample.map((i) => i.submission.id));
  const files = new Map<number, SpotCheckFile[]>();
  const itemIds = sample.map((i) => i.item.id);
  if (itemIds.length)
    for (const f of db
      .select()
      .from(schema.spotCheckFiles)
      .where(inArray(schema.spotCheckFiles.itemId, itemIds))
      .orderBy(asc(schema.spotCheckFiles.id))
      .all())
      files.set(f.itemId, [
        ...(files.get(f.itemId) ?? []),
        { id: f.id, sha256: f.sha256, name: f.name, kind: f.kind, size: f.size, uploadedAt: f.uploadedAt.getTime() },
      ]);
  return {
    ...summaryOf(check),
    items: sample.map(({ item, submission, branch, result }) => ({
      id: item.id,
      submissionId: submission.id,
      branchName: branch.name,
      regionName: regionName(submission.regionCode),
      domain: submission.domain,
      grade: grades.get(submission.id)?.gradeTitle ?? null,
      result: result?.result ?? null,
      findings: result?.findings ?? null,
      checkedAt: result?.createdAt.getTime() ?? null,
      files: files.get(item.id) ?? [],
      // 动态调整 is a reviewer's: offered where a failed check's branch can be re-rated by this actor.
      canAdjust: can(actor, { action: "submission.review", regionCode: submission.regionCode }),
    })),
  };
}

/**
 * The spot checks of a region's scope for a year, newest first, with their outcomes counted (the dashboard's panel
 * and the list): only the counts, without the grades the detail looks up.
 */
export function spotChecksOf(actor: Actor, region: string, year: number) {
  authorize(actor, { action: "region.read", regionCode: region }, "该区域的随机抽查");
  const checks = getDb()
    .select()
    .from(schema.spotChecks)
    .where(
      and(
        // Checks drawn in the region or below, and those drawn above it, whose samples may reach into it.
        inRegionLine(schema.spotChecks.regionCode, region),
        eq(schema.spotChecks.year, year),
      ),
    )
    .orderBy(desc(schema.spotChecks.id))
    .limit(50)
    .all();
  return checks.flatMap((check) => {
    const sample = visibleSample(actor, check);
    if (!sample?.length) return [];
    const count = (result: "passed" | "failed" | null) =>
      sample.filter((i) => (i.result?.result ?? null) === result).length;
    return [
      {
        ...summaryOf(check),
        sampled: sample.length,
        passed: count("passed"),
        failed: count("failed"),
        pending: count(null),
      },
    ];
  });
}

/** A check of one sampled submission: 通过 or 不通过 with findings (required); a later one replaces it in the view. */
/** A sampled submission the actor may check (an admin over the check, or a reviewer of the branch), or 404 / 403. */
function checkedItem(actor: Actor, spotCheckId: number, itemId: number) {
  const row = getDb()
    .select({ item: schema.spotCheckItems, submission: schema.submissions })
    .from(schema.spotCheckItems)
    .innerJoin(schema.submissions, eq(schema.submissions.id, schema.spotCheckItems.submissionId))
    .where(and(eq(schema.spotCheckItems.id, itemId), eq(schema.spotCheckItems.spotCheckId, spotCheckId)))
    .get();
  if (!row) throw notFound(`抽查对象 ${itemId}`);
  const region = row.submission.regionCode;
  if (
    !can(actor, { action: "spotcheck.manage", regionCode: region }) &&
    !can(actor, { action: "submission.review", regionCode: region })
  )
    throw domainError(403, "无权处理该支部的抽查：超出您的区域权限范围。");
  return row;
}

export function recordSpotCheckResult(
  actor: Actor,
  spotCheckId: number,
  itemId: number,
  input: { result: "passed" | "failed"; findings: string },
) {
  const db = getDb();
  const row = checkedItem(actor, spotCheckId, itemId);
  const region = row.submission.regionCode;
  const findings = input.findings.trim();
  if (!findings) throw domainError(422, "请写明抽查发现的情况。", [{ path: "$.findings", message: "必填" }]);
  db.transaction((tx) => {
    tx.insert(schema.spotCheckResults)
      .values({ itemId, result: input.result, findings, checkerId: actor.id || null })
      .run();
    recordAudit(tx, actor, {
      action: "spotcheck.result",
      entityType: "spotcheck",
      entityId: String(spotCheckId),
      regionCode: region,
      after: { submission: row.submission.id, result: input.result, findings },
    });
  });
  return spotCheck(actor, spotCheckId);
}

export type SpotCheckFile = {
  id: number;
  sha256: string;
  name: string;
  kind: MaterialKind;
  size: number;
  uploadedAt: number;
};

/** What a checker may attach to one sampled branch: a record of the visit, photos of its 台账. */
export const CHECK_FILES = {
  title: "检查材料",
  accept: ["pdf", "jpg", "png", "docx", "xlsx"] as MaterialKind[],
  maxFiles: 20,
  maxSizeMB: 20,
};

/**
 * Stores a file with a sampled branch's check record, for whoever may record its result: refused (nothing stored)
 * past the count or size, with an unsafe name, empty, or not a PDF, image, Word or Excel file by its bytes.
 */
export async function uploadSpotCheckFile(
  actor: Actor,
  spotCheckId: number,
  itemId: number,
  upload: Upload,
): Promise<SpotCheckFile> {
  const row = checkedItem(actor, spotCheckId, itemId);
  const db = getDb();
  const count = () =>
    db
      .select({ id: schema.spotCheckFiles.id })
      .from(schema.spotCheckFiles)
      .where(eq(schema.spotCheckFiles.itemId, itemId))
      .all().length;
  const full = () => {
    if (count() >= CHECK_FILES.maxFiles)
      throw domainError(409, `每个抽查对象最多 ${CHECK_FILES.maxFiles} 个检查材料。`);
  };
  const stored = await storeUpload(upload, CHECK_FILES, full);
  return db.transaction((tx) => {
    full();
    const file = tx
      .insert(schema.spotCheckFiles)
      .values({ itemId, ...stored, uploadedBy: actor.id || null })
      .returning()
      .get();
    recordAudit(tx, actor, {
      action: "spotcheck.file",
      entityType: "spotcheck",
      entityId: String(spotCheckId),
      regionCode: row.submission.regionCode,
      after: { submission: row.submission.id, file: stored.name, size: stored.size },
    });
    return {
      id: file.id,
      sha256: file.sha256,
      name: file.name,
      kind: file.kind,
      size: file.size,
      uploadedAt: file.uploadedAt.getTime(),
    };
  });
}

/** A check's file with this content that the actor may see (as they see the sampled branch), or undefined. */
export function readableSpotCheckFile(actor: Actor, sha256: string) {
  const rows = getDb()
    .select({ file: schema.spotCheckFiles, check: schema.spotChecks, submission: schema.submissions })
    .from(schema.spotCheckFiles)
    .innerJoin(schema.spotCheckItems, eq(schema.spotCheckItems.id, schema.spotCheckFiles.itemId))
    .innerJoin(schema.spotChecks, eq(schema.spotChecks.id, schema.spotCheckItems.spotCheckId))
    .innerJoin(schema.submissions, eq(schema.submissions.id, schema.spotCheckItems.submissionId))
    .where(eq(schema.spotCheckFiles.sha256, sha256))
    .all();
  return rows.find(({ check, submission }) => seesItem(actor, check, submission))?.file;
}

/** The failed checks of a submission the actor sees, newest first: why a reviewer might 动态调整 it. */
export function failedChecksOf(actor: Actor, submissionId: number) {
  const db = getDb();
  const rows = db
    .select({ item: schema.spotCheckItems, check: schema.spotChecks, submission: schema.submissions })
    .from(schema.spotCheckItems)
    .innerJoin(schema.spotChecks, eq(schema.spotChecks.id, schema.spotCheckItems.spotCheckId))
    .innerJoin(schema.submissions, eq(schema.submissions.id, schema.spotCheckItems.submissionId))
    .where(eq(schema.spotCheckItems.submissionId, submissionId))
    .all()
    .filter(({ check, submission }) => seesItem(actor, check, submission));
  return rows.flatMap(({ item, check }) => {
    const latest = db
      .select()
      .from(schema.spotCheckResults)
      .where(eq(schema.spotCheckResults.itemId, item.id))
      .orderBy(desc(schema.spotCheckResults.id))
      .get();
    return latest?.result === "failed"
      ? [
          {
            spotCheckId: check.id,
            regionName: regionName(check.regionCode),
            findings: latest.findings,
            at: latest.createdAt.getTime(),
          },
        ]
      : [];
  });
}
