import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { DOMAINS, type DomainId } from "~/utils/domains";
import type { Role } from "~/utils/roles";
import { schema, type DB } from "./db.server";
import { generatePassword, hashPassword } from "./password.server";
import { importLibrary, type ImportReport } from "./library-import.server";
import { forgetRegions } from "./regions.server";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

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

/** Branch names per domain; each demo region gets one of each, villages two. */
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
  { username: "branch", displayName: "新城区红旗村党支部书记", role: "branch", regionCode: "150102", branch: "新城区红旗村党支部" },
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

  db.insert(schema.targets).values(TARGETS).onConflictDoNothing().run();

  const created: SeededUser[] = [];
  const sharedPassword = process.env.BRANCHMARK_DEMO_PASSWORD;
  for (const u of USERS) {
    const exists = db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.username, u.username)).get();
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

export function isSeeded(db: DB): boolean {
  return db.select({ code: schema.regions.code }).from(schema.regions).limit(1).all().length > 0;
}
