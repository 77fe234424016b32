import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/server";

// The access rules read regions from the database: give them a real, seeded SQLite file.
process.env.BRANCHMARK_DB = path.join(tempDir(), "rules.db");
const { getDb } = await import("~/server/platform/db.server");
const { migrateDatabase } = await import("~/server/platform/migrate.server");
const { seedDemoData } = await import("~/server/platform/seed.server");
const { can } = await import("~/server/auth/access.server");
const { regionAncestry, regionWithin } = await import("~/server/regions/regions.server");
type Actor = import("~/server/auth/session.server").Actor;

const actor = (role: Actor["role"], regionCode: string, branchId: number | null = null): Actor => ({
  id: 1,
  username: "u",
  displayName: "u",
  role,
  regionCode,
  regionName: "",
  mustChangePassword: false,
  branchId,
});

beforeAll(async () => {
  migrateDatabase(getDb());
  await seedDemoData(getDb());
});

describe("region tree", () => {
  it("knows descendants and ancestors", () => {
    expect(regionWithin("150102", "150000")).toBe(true);
    expect(regionWithin("150000", "150100")).toBe(false);
    expect(regionWithin("450100", "150000")).toBe(false);
    expect(regionWithin("150100", "150100")).toBe(true);
    expect(regionAncestry("150102").map((r) => r.name)).toEqual(["内蒙古自治区", "呼和浩特市", "新城区"]);
  });
});

describe("can", () => {
  const hohhotAdmin = actor("admin", "150100");
  const reviewer = actor("reviewer", "150102");

  it("lets admins write standards in their subtree only", () => {
    expect(can(hohhotAdmin, { action: "standards.write", regionCode: "150100" })).toBe(true);
    expect(can(hohhotAdmin, { action: "standards.write", regionCode: "150102" })).toBe(true);
    expect(can(hohhotAdmin, { action: "standards.write", regionCode: "150000" })).toBe(false);
    expect(can(hohhotAdmin, { action: "standards.write", regionCode: "450000" })).toBe(false);
    expect(can(reviewer, { action: "standards.write", regionCode: "150102" })).toBe(false);
  });

  it("lets every admin and reviewer read published standards, and a branch only those above it", () => {
    expect(can(reviewer, { action: "standards.readPublished", regionCode: "450000" })).toBe(true);
    const branchUser = actor("branch", "150102", 1);
    expect(can(branchUser, { action: "standards.readPublished", regionCode: "150000" })).toBe(true);
    expect(can(branchUser, { action: "standards.readPublished", regionCode: "450000" })).toBe(false);
    expect(can(branchUser, { action: "standards.readDraft", regionCode: "150102" })).toBe(false);
  });

  it("lets reviewers rate in scope, admins read but not rate, branches only their own", () => {
    expect(can(reviewer, { action: "submission.review", regionCode: "150102" })).toBe(true);
    expect(can(reviewer, { action: "submission.review", regionCode: "150100" })).toBe(false);
    expect(can(hohhotAdmin, { action: "submission.review", regionCode: "150102" })).toBe(false);
    expect(can(hohhotAdmin, { action: "submission.read", regionCode: "150102", branchId: 9 })).toBe(true);
    expect(can(actor("branch", "150102", 1), { action: "submission.read", regionCode: "150102", branchId: 2 })).toBe(
      false,
    );
    expect(can(actor("branch", "150102", 1), { action: "submission.write", branchId: 1 })).toBe(true);
  });

  it("treats an unknown region as out of scope", () => {
    expect(can(hohhotAdmin, { action: "standards.write", regionCode: "999999" })).toBe(false);
    expect(can(actor("admin", "999999"), { action: "standards.write", regionCode: "150100" })).toBe(false);
  });
});
