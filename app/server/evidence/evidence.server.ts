/**
 * Evidence a branch uploads for its 申报 (佐证材料): one year's working set per branch and domain, checked against the
 * catalogue of the standard that applies (kinds by their bytes, size, count), snapshotted into each submission
 * revision, and counted into the `materials` fact the rules read.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Material, MaterialKind } from "~/engine/types";
import { authorize, can } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, preparedOnce, schema, type DB } from "../platform/db.server";
import { domainError, notFound } from "../platform/http.server";
import { activeBranch, getBranch } from "../regions/branches.server";
import { effectiveStandard } from "../rulesets/standards.server";
import { submissionFor } from "../submissions/repository.server";
import { storeUpload, type Upload } from "./upload.server";

/** One year's evidence of a branch in a domain: the key of a working set. */
export type EvidenceKey = { branchId: number; domain: string; year: number };

/** The statuses after which nothing may be added: the submission is being rated or was. */
const CLOSED: Record<string, string> = { rated: "已评定", escalated: "已向上级申报", revoked: "已撤销" };

const latestDecisions = (db: Pick<DB, "select">, fileIds: number[]) => {
  const decisions = new Map<number, { decision: "accepted" | "rejected"; reason: string | null; at: Date }>();
  if (!fileIds.length) return decisions;
  const rows = db
    .select()
    .from(schema.evidenceReviews)
    .where(inArray(schema.evidenceReviews.evidenceFileId, fileIds))
    .orderBy(desc(schema.evidenceReviews.id))
    .all();
  for (const r of rows)
    if (!decisions.has(r.evidenceFileId))
      decisions.set(r.evidenceFileId, { decision: r.decision, reason: r.reason, at: r.createdAt });
  return decisions;
};

export type EvidenceFile = {
  id: number;
  materialId: string;
  sha256: string;
  name: string;
  kind: MaterialKind;
  size: number;
  uploadedAt: number;
  decision: "accepted" | "rejected" | null;
  reason: string | null;
};

function described(db: Pick<DB, "select">, rows: (typeof schema.evidenceFiles.$inferSelect)[]): EvidenceFile[] {
  const decisions = latestDecisions(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    materialId: r.materialId,
    sha256: r.sha256,
    name: r.name,
    kind: r.kind,
    size: r.size,
    uploadedAt: r.uploadedAt.getTime(),
    decision: decisions.get(r.id)?.decision ?? null,
    reason: decisions.get(r.id)?.reason ?? null,
  }));
}

const workingFilesQuery = preparedOnce((db) =>
  db
    .select()
    .from(schema.evidenceFiles)
    .where(
      and(
        eq(schema.evidenceFiles.branchId, sql.placeholder("branchId")),
        eq(schema.evidenceFiles.domain, sql.placeholder("domain")),
        eq(schema.evidenceFiles.year, sql.placeholder("year")),
        isNull(schema.evidenceFiles.withdrawnAt),
      ),
    )
    .orderBy(schema.evidenceFiles.id)
    .prepare(),
);

/**
 * The files a branch has for a year now (not withdrawn), with each one's latest 合格 / 不合格. Inside a transaction
 * it reads what the transaction wrote (one connection per process).
 */
export function workingFiles({ branchId, domain, year }: EvidenceKey): EvidenceFile[] {
  return described(getDb(), workingFilesQuery().all({ branchId, domain, year }));
}

/** The files a submission revision was sent with. */
export function revisionEvidence(submissionRevisionId: number, db: Pick<DB, "select"> = getDb()): EvidenceFile[] {
  const rows = db
    .select({ file: schema.evidenceFiles })
    .from(schema.revisionFiles)
    .innerJoin(schema.evidenceFiles, eq(schema.evidenceFiles.id, schema.revisionFiles.evidenceFileId))
    .where(eq(schema.revisionFiles.submissionRevisionId, submissionRevisionId))
    .orderBy(schema.evidenceFiles.id)
    .all();
  return described(
    db,
    rows.map((r) => r.file),
  );
}

/** The catalogue entry a branch's year uploads to, or 404. */
function catalogueEntry(key: EvidenceKey, materialId: string): Material {
  const branch = getBranch(key.branchId);
  const standard = effectiveStandard(branch.regionCode, key.domain, key.year);
  const material = standard?.ruleset.materials?.find((m) => m.id === materialId);
  if (!material) throw notFound(`${key.year} 年度评价标准中的佐证材料“${materialId}”`);
  return material;
}

/** Refuses adding to a year whose submission is being rated, or was. */
function requireOpen(key: EvidenceKey): void {
  const submission = submissionFor(key);
  if (submission && submission.status in CLOSED)
    throw domainError(409, `${key.year} 年度的申报${CLOSED[submission.status]}，不能再上传或撤回佐证材料。`);
}

/**
 * Stores one uploaded file for a catalogue entry: refused (nothing stored) when the year is closed, the entry is
 * full, the declared size is over the limit, the name is unsafe — before the body is read — and, once it is, when it
 * is empty, over the limit, or not one of the kinds the entry accepts (by its bytes).
 */
export async function uploadEvidence(
  actor: Actor,
  key: EvidenceKey,
  materialId: string,
  upload: Upload,
): Promise<EvidenceFile> {
  authorize(actor, { action: "submission.write", branchId: key.branchId }, "该支部的佐证材料");
  activeBranch(key.branchId);
  requireOpen(key);
  const material = catalogueEntry(key, materialId);
  const stored = await storeUpload(upload, material, () => {
    const present = workingFiles(key).filter((f) => f.materialId === materialId).length;
    if (present >= material.maxFiles)
      throw domainError(
        409,
        `“${material.title}”最多 ${material.maxFiles} 个文件，已有 ${present} 个：请先撤回不需要的文件。`,
      );
  });
  const db = getDb();
  return db.transaction((tx) => {
    // Checked again inside the write: two uploads at once cannot both take the last place.
    const now = workingFiles(key).filter((f) => f.materialId === materialId).length;
    if (now >= material.maxFiles) throw domainError(409, `“${material.title}”最多 ${material.maxFiles} 个文件。`);
    const row = tx
      .insert(schema.evidenceFiles)
      .values({
        ...key,
        materialId,
        ...stored,
        uploadedBy: actor.id || null,
      })
      .returning()
      .get();
    return described(tx, [row])[0];
  });
}

/** Takes a file out of the working set (before 申报, or to replace a rejected one); nothing is deleted. */
export function withdrawEvidence(actor: Actor, fileId: number): void {
  const db = getDb();
  const file = db.select().from(schema.evidenceFiles).where(eq(schema.evidenceFiles.id, fileId)).get();
  if (!file) throw notFound(`佐证材料 ${fileId}`);
  authorize(actor, { action: "submission.write", branchId: file.branchId }, "该支部的佐证材料");
  requireOpen(file);
  if (file.withdrawnAt) return;
  db.update(schema.evidenceFiles)
    .set({ withdrawnAt: new Date(), withdrawnBy: actor.id || null })
    .where(eq(schema.evidenceFiles.id, fileId))
    .run();
}

/** Records which files a new submission revision was sent with (inside the 申报's transaction). */
export function snapshotEvidence(tx: Pick<DB, "insert">, submissionRevisionId: number, files: EvidenceFile[]): void {
  for (const f of files) tx.insert(schema.revisionFiles).values({ submissionRevisionId, evidenceFileId: f.id }).run();
}

/** The uploaded evidence file with this content that the actor may read — a branch's that uploaded it — if any. */
export function readableEvidence(actor: Actor, sha256: string) {
  // A submitted year stays with the region that rated it (as submissions do); a year not yet submitted is the
  // branch's own, in its region now.
  const rows = getDb()
    .select({
      file: schema.evidenceFiles,
      branchRegion: schema.branches.regionCode,
      submissionRegion: schema.submissions.regionCode,
    })
    .from(schema.evidenceFiles)
    .innerJoin(schema.branches, eq(schema.branches.id, schema.evidenceFiles.branchId))
    .leftJoin(
      schema.submissions,
      and(
        eq(schema.submissions.branchId, schema.evidenceFiles.branchId),
        eq(schema.submissions.domain, schema.evidenceFiles.domain),
        eq(schema.submissions.year, schema.evidenceFiles.year),
      ),
    )
    .where(eq(schema.evidenceFiles.sha256, sha256))
    .all();
  return rows.find(({ file, branchRegion, submissionRegion }) =>
    can(actor, { action: "submission.read", regionCode: submissionRegion || branchRegion, branchId: file.branchId }),
  )?.file;
}
