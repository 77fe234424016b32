import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq, isNull } from "drizzle-orm";
import { createCompiledEvaluator } from "~/engine/compile";
import { materialCounts } from "~/engine/materials";
import type { GivenMaterialCounts, JsonObject } from "~/engine/types";
import { reviewerSections, validateFormData } from "~/engine/validate";
import { inconsistentAnswers } from "~/utils/consistency";
import { DOMAINS, type DomainId } from "~/utils/domains";
import type { Role } from "~/utils/roles";
import { schema, type DB } from "./db.server";
import { fileStore } from "../evidence/storage.server";
import { generatePassword, hashPassword } from "../auth/password.server";
import { importLibrary, type ImportReport } from "../rulesets/import.server";
import { forgetRegions, getRegion, regionWithin } from "../regions/regions.server";
import { effectiveStandard } from "../rulesets/standards.server";
import { contextFor } from "../submissions/context.server";
import { recordPastPublicity } from "../cycle/publicity.server";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The standards library shipped in rulesets/ and schemas/, published into the database. */
export function importShippedLibrary(db: DB): ImportReport {
  const rulesets = path.join(PROJECT_ROOT, "rulesets");
  const schemas = path.join(PROJECT_ROOT, "schemas");
  if (!fs.existsSync(rulesets)) return { forms: [], rulesets: [] };
  return importLibrary(db, rulesets, schemas);
}

const REGIONS: { code: string; name: string; parent?: string }[] = [
  { code: "150000", name: "内蒙古自治区" },
  { code: "150100", name: "呼和浩特市", parent: "150000" },
  { code: "150102", name: "新城区", parent: "150100" },
  { code: "150200", name: "包头市", parent: "150000" },
  { code: "450000", name: "广西壮族自治区" },
  { code: "450100", name: "南宁市", parent: "450000" },
  { code: "510000", name: "四川省" },
  { code: "510100", name: "成都市", parent: "510000" },
];

/** Branch names per domain; each demo region gets one of each, villages two (those the demo branch users fill). */
const BRANCH_NAMES: Record<DomainId, string[]> = {
  village: ["红旗村党支部", "新胜村党支部"],
  community: ["和平社区党支部"],
  soe: ["能源投资集团机关第一党支部"],
  university: ["职业技术学院信息工程系教工党支部"],
  private: ["蒙草科技有限公司党支部"],
  social: ["律师协会党支部"],
  hospital: ["第一人民医院内科党支部"],
  school: ["第一中学党支部"],
  institution: ["农牧业技术推广中心党支部"],
  organ: ["人民政府办公室机关党支部"],
  mobile: ["驻外流动党员党支部"],
  retiree: ["离退休干部党支部"],
};

const BRANCH_REGIONS = ["150102", "150200", "450100", "510100"];

/** More 嘎查村 in 新城区, so that 呼和浩特's standards have submissions to show their impact on. */
const MORE_VILLAGES: { regionCode: string; names: string[] } = {
  regionCode: "150102",
  names: [
    "保合少村党支部",
    "东干丈村党支部",
    "讨号板村党支部",
    "面铺窑村党支部",
    "哈拉沁村党支部",
    "大窑村党支部",
    "水泉村党支部",
    "毫沁营村党支部",
  ],
};

/** The years the demo branches (other than the demo branch users' own) have already submitted. */
const DEMO_YEARS = [2024, 2025];

const TARGETS = [
  // 002: 到2020年底20%以上, 2021年30%, 2022年40%, 2023年要达到50%以上.
  { regionCode: "150000", year: 2020, ratio: 0.2 },
  { regionCode: "150000", year: 2021, ratio: 0.3 },
  { regionCode: "150000", year: 2022, ratio: 0.4 },
  { regionCode: "150000", year: 2023, ratio: 0.5 },
];

type DemoUser = { username: string; displayName: string; role: Role; regionCode: string; branch?: string };

const USERS: DemoUser[] = [
  { username: "admin", displayName: "自治区党委组织部管理员", role: "admin", regionCode: "150000" },
  { username: "hohhot-admin", displayName: "呼和浩特市委组织部管理员", role: "admin", regionCode: "150100" },
  { username: "guangxi-admin", displayName: "广西自治区党委组织部管理员", role: "admin", regionCode: "450000" },
  { username: "reviewer", displayName: "新城区委组织部评定人", role: "reviewer", regionCode: "150102" },
  { username: "hohhot-reviewer", displayName: "呼和浩特市委组织部评定人", role: "reviewer", regionCode: "150100" },
  {
    username: "branch",
    displayName: "新城区红旗村党支部书记",
    role: "branch",
    regionCode: "150102",
    branch: "新城区红旗村党支部",
  },
];

function establishedOn(index: number): string {
  const year = 2012 + (index % 10);
  const month = String((index % 12) + 1).padStart(2, "0");
  return `${year}-${month}-15`;
}

export type SeededUser = { username: string; password: string; role: Role; regionCode: string };

/**
 * Loads the demo regions, branches, targets and users. Idempotent: what exists is kept, and only users
 * created now are returned with their passwords (BRANCHMARK_DEMO_PASSWORD, or generated).
 */
export async function seedDemoData(db: DB): Promise<SeededUser[]> {
  const regionPath = new Map<string, string>();
  for (const r of REGIONS) {
    const path = r.parent ? `${regionPath.get(r.parent)}/${r.code}` : r.code;
    regionPath.set(r.code, path);
    db.insert(schema.regions)
      .values({ code: r.code, name: r.name, parentCode: r.parent ?? null, level: path.split("/").length, path })
      .onConflictDoNothing()
      .run();
  }
  forgetRegions();

  let index = 0;
  for (const regionCode of BRANCH_REGIONS) {
    const regionName = REGIONS.find((r) => r.code === regionCode)!.name;
    for (const domain of DOMAINS) {
      for (const name of BRANCH_NAMES[domain.id]) {
        index++;
        db.insert(schema.branches)
          .values({
            name: regionName + name,
            regionCode,
            domain: domain.id,
            establishedOn: establishedOn(index),
            memberCount: 8 + ((index * 7) % 45),
          })
          .onConflictDoNothing()
          .run();
      }
    }
  }

  const moreVillagesRegion = REGIONS.find((r) => r.code === MORE_VILLAGES.regionCode)!.name;
  for (const name of MORE_VILLAGES.names) {
    index++;
    db.insert(schema.branches)
      .values({
        name: moreVillagesRegion + name,
        regionCode: MORE_VILLAGES.regionCode,
        domain: "village",
        establishedOn: establishedOn(index),
        memberCount: 8 + ((index * 7) % 45),
      })
      .onConflictDoNothing()
      .run();
  }

  db.insert(schema.targets).values(TARGETS).onConflictDoNothing().run();

  const created: SeededUser[] = [];
  const sharedPassword = process.env.BRANCHMARK_DEMO_PASSWORD;
  for (const u of USERS) {
    const exists = db
      .select({ id: schema.users.id })
      .from(schema.users)
      .where(eq(schema.users.username, u.username))
      .get();
    if (exists) continue;
    const branchId = u.branch
      ? db.select({ id: schema.branches.id }).from(schema.branches).where(eq(schema.branches.name, u.branch)).get()?.id
      : null;
    const password = sharedPassword || generatePassword();
    db.insert(schema.users)
      .values({
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        regionCode: u.regionCode,
        branchId: branchId ?? null,
        passwordHash: await hashPassword(password),
      })
      .run();
    created.push({ username: u.username, password, role: u.role, regionCode: u.regionCode });
  }
  return created;
}

/** A one-page PDF the demo's evidence files share (stored once: the store keeps content, not names). */
const DEMO_PDF = new TextEncoder().encode(
  [
    "%PDF-1.4",
    "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj",
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj",
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 360 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj",
    "4 0 obj<</Length 52>>stream",
    "BT /F1 18 Tf 24 70 Td (branchmark demo evidence) Tj ET",
    "endstream endobj",
    "5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj",
    "trailer<</Root 1 0 R>>",
    "%%EOF",
  ].join("\n"),
);

/**
 * The demo files of a case's evidence counts, sent with the revision: per entry, `uploaded` files, the first
 * `accepted` of them to be marked 合格 and the next `rejected` 不合格 when the submission is rated.
 */
function demoEvidence(
  tx: Pick<DB, "insert">,
  key: { branchId: number; domain: string; year: number },
  revisionId: number,
  given: GivenMaterialCounts,
) {
  const { sha256, size } = fileStore().putBytes(DEMO_PDF);
  const files: { id: number; decision: "accepted" | "rejected" | null }[] = [];
  for (const [materialId, counts] of Object.entries(given))
    for (let i = 0; i < (counts.uploaded ?? 0); i++) {
      const { id } = tx
        .insert(schema.evidenceFiles)
        .values({ ...key, materialId, sha256, size, kind: "pdf", name: `示例材料${i + 1}.pdf` })
        .returning()
        .get();
      tx.insert(schema.revisionFiles).values({ submissionRevisionId: revisionId, evidenceFileId: id }).run();
      const accepted = counts.accepted ?? 0;
      files.push({
        id,
        decision: i < accepted ? "accepted" : i < accepted + (counts.rejected ?? 0) ? "rejected" : null,
      });
    }
  return files;
}

export function isSeeded(db: DB): boolean {
  return db.select({ code: schema.regions.code }).from(schema.regions).limit(1).all().length > 0;
}

/**
 * Demo submissions for DEMO_YEARS, once: every demo branch except the two villages per region the demo branch
 * users fill themselves submits one of its standard's cases (in turn, so grades differ), scored and stored the
 * way 申报 stores it; where a demo reviewer has the branch in scope, the case's 四评 are added and the grade
 * the rules give is rated, the way 评定 stores it. Needs the users and the standards library loaded.
 */
export function seedDemoSubmissions(db: DB): number {
  if (db.select({ id: schema.submissions.id }).from(schema.submissions).limit(1).get()) return 0;
  const reserved = new Set(
    BRANCH_REGIONS.flatMap((code) =>
      BRANCH_NAMES.village.map((name) => REGIONS.find((r) => r.code === code)!.name + name),
    ),
  );
  const branches = db
    .select()
    .from(schema.branches)
    .orderBy(schema.branches.id)
    .all()
    .filter((b) => !reserved.has(b.name));
  const reviewers = db.select().from(schema.users).where(eq(schema.users.role, "reviewer")).all();
  const turn = new Map<string, number>();
  let stored = 0;
  for (const year of DEMO_YEARS) {
    for (const branch of branches) {
      const standard = effectiveStandard(branch.regionCode, branch.domain, year);
      const form = standard?.ruleset.form;
      if (!standard || !form || !standard.ruleset.cases.length) continue;
      const key = `${standard.ruleset.id}/${year}`;
      const at = turn.get(key) ?? 0;
      turn.set(key, at + 1);
      const sections = reviewerSections(form.uiSchema);
      const caseData = standard.ruleset.cases[at % standard.ruleset.cases.length].data;
      const basic = caseData.basic as JsonObject | undefined;
      const full: JsonObject =
        basic && "branchName" in basic ? { ...caseData, basic: { ...basic, branchName: branch.name } } : caseData;
      const data = Object.fromEntries(Object.entries(full).filter(([k]) => !sections.includes(k))) as JsonObject;
      const siping = Object.fromEntries(Object.entries(full).filter(([k]) => sections.includes(k))) as JsonObject;
      if (
        validateFormData(form, data, { forbidSections: sections }).length ||
        validateFormData(form, full).length ||
        inconsistentAnswers(standard.ruleset, full).length
      )
        continue;
      const evaluator = createCompiledEvaluator(standard.ruleset);
      const context = contextFor(branch, branch.domain, year, standard);
      // The case's evidence, as demo files: uploaded when submitted, and marked as the case says once rated.
      const given = standard.ruleset.cases[at % standard.ruleset.cases.length].materials ?? {};
      const uploaded = Object.fromEntries(
        Object.entries(given).map(([id, c]) => [id, { uploaded: c.uploaded ?? 0, accepted: 0, rejected: 0 }]),
      );
      const submitted = evaluator.scoreSync(
        { data, context, materials: uploaded },
        { revision: standard.revision.revision },
      );
      const reviewer = reviewers.find((r) => regionWithin(branch.regionCode, r.regionCode));
      const reviewerRegion = reviewer ? getRegion(reviewer.regionCode)! : undefined;
      db.transaction((tx) => {
        const submission = tx
          .insert(schema.submissions)
          .values({
            branchId: branch.id,
            domain: branch.domain,
            year,
            regionCode: branch.regionCode,
            rulesetId: standard.ruleset.id,
            status: reviewer ? "rated" : "submitted",
          })
          .returning()
          .get();
        const revision = tx
          .insert(schema.submissionRevisions)
          .values({ submissionId: submission.id, revision: 1, data })
          .returning()
          .get();
        const files = demoEvidence(tx, { branchId: branch.id, domain: branch.domain, year }, revision.id, given);
        const evaluation = { submissionRevisionId: revision.id, rulesetRevisionId: standard.revision.id, context };
        tx.insert(schema.evaluations)
          .values({
            ...evaluation,
            materials: materialCounts(standard.ruleset.materials, uploaded),
            result: submitted,
            gradeId: submitted.grade.id,
            score: submitted.score,
          })
          .run();
        if (!reviewer || !reviewerRegion) return;
        for (const file of files)
          if (file.decision)
            tx.insert(schema.evidenceReviews)
              .values({
                evidenceFileId: file.id,
                decision: file.decision,
                reason: file.decision === "rejected" ? "示例：记录不完整" : null,
                reviewerId: reviewer.id,
                regionCode: reviewerRegion.code,
              })
              .run();
        const rated = evaluator.scoreSync(
          { data: full, context, materials: given },
          { revision: standard.revision.revision },
        );
        const row = tx
          .insert(schema.evaluations)
          .values({
            ...evaluation,
            materials: materialCounts(standard.ruleset.materials, given),
            result: rated,
            gradeId: rated.grade.id,
            score: rated.score,
          })
          .returning()
          .get();
        tx.insert(schema.reviews)
          .values({
            submissionId: submission.id,
            evaluationId: row.id,
            reviewerId: reviewer.id,
            regionCode: reviewerRegion.code,
            level: reviewerRegion.level,
            siping,
            decision: "rate",
            gradeId: rated.grade.id,
          })
          .run();
      });
      stored++;
    }
  }
  // The demo years' results have been through their 公示, as a province's past years would have.
  for (const year of DEMO_YEARS)
    for (const root of db.select().from(schema.regions).where(isNull(schema.regions.parentCode)).all())
      recordPastPublicity(root.code, year);
  return stored;
}
