/**
 * The organisation tree as an admin manages it, one change at a time: regions (行政区域 and 党(工)委) added, renamed,
 * moved and retired; branches created, edited, moved, merged and dissolved. Nothing is deleted — a dissolved branch
 * keeps its submissions and grades, a moved one leaves its past years with the region that rated them — and every
 * change is an audit row, which is the history the pages show.
 */
import { and, count, desc, eq, isNull, like, max, ne, or, sql } from "drizzle-orm";
import { AUDIT_ACTIONS, describeOrganisationChange } from "~/utils/audit";
import { recordAudit } from "../audit/audit.server";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema, type DB } from "../platform/db.server";
import { domainError, notFound } from "../platform/http.server";
import { getBranch, type Branch } from "./branches.server";
import {
  adminCodeProblem,
  branchProblems,
  COMMITTEE_CODE,
  committeeCode,
  nameProblem,
  REGION_NAME_MAX,
  type BranchFields,
  type FieldProblem,
} from "./org-checks.server";
import { forgetRegions, getRegion, inRegionTree, regionName, regionWithin, type Region } from "./regions.server";

export type RegionKind = Region["kind"];

const refuse = (message: string, problems: FieldProblem[]) =>
  domainError(
    422,
    message,
    problems.map((p) => ({ path: `$.${p.field}`, message: p.message })),
  );

/** A region the actor manages: its own (for adding below it) or one below. */
function managedRegion(actor: Actor, code: string, what: string): Region {
  const region = getRegion(code);
  if (!region) throw notFound(`区域 ${code}`);
  authorize(actor, { action: "organisation.manage", regionCode: code }, what);
  return region;
}

/** A region strictly below the actor's own: an admin changes the regions it manages, not the one it belongs to. */
function regionBelow(actor: Actor, code: string, what: string): Region {
  const region = managedRegion(actor, code, what);
  if (region.code === actor.regionCode) throw domainError(403, "不能修改本级区域自身，请联系上级管理员。");
  return region;
}

function requireOpen(region: Region, field: string): void {
  if (region.retiredAt)
    throw refuse("区域已撤销", [{ field, message: `${region.name}已撤销，不能再在其下设区域或支部` }]);
}

function siblingNamed(db: Pick<DB, "select">, parentCode: string, name: string, except?: string) {
  return db
    .select({ code: schema.regions.code })
    .from(schema.regions)
    .where(
      and(
        eq(schema.regions.parentCode, parentCode),
        eq(schema.regions.name, name),
        isNull(schema.regions.retiredAt),
        except ? ne(schema.regions.code, except) : undefined,
      ),
    )
    .get();
}

/** The next unused 党(工)委 code. */
export function nextCommitteeCode(db: Pick<DB, "select"> = getDb()): string {
  const row = db
    .select({ last: max(schema.regions.code) })
    .from(schema.regions)
    .where(like(schema.regions.code, "W%"))
    .get();
  const last = row?.last && COMMITTEE_CODE.test(row.last) ? Number(row.last.slice(1)) : 0;
  return committeeCode(last + 1);
}

/** Request-body schemas (`bodyParser`) of a region's and a branch's fields. */
export const REGION_FIELDS = {
  name: { type: "string", maxLength: 200, description: "应为区域名称" },
  parent: { type: "string", maxLength: 12, description: "应为上级区域代码" },
} as const;

export const BRANCH_FIELDS = {
  name: { type: "string", maxLength: 200, description: "应为支部名称" },
  region: { type: "string", maxLength: 12, description: "应为所属区域代码" },
  domain: { type: "string", maxLength: 20, description: "应为领域" },
  establishedOn: { type: "string", maxLength: 10, description: "应为成立日期，如 2015-07-01" },
  memberCount: { type: "integer", description: "应为党员人数（整数）" },
  secretaryName: { type: ["string", "null"], maxLength: 100, description: "应为书记姓名" },
  secretaryPhone: { type: ["string", "null"], maxLength: 20, description: "应为书记电话" },
} as const;

/** The body of a retirement or a dissolution. */
export const REASON_BODY = {
  type: "object",
  required: ["reason"],
  properties: { reason: { type: "string", maxLength: 500, description: "应为撤销原因，最多 500 字" } },
} as const;

export type RegionInput = { parent: string; name: string; kind: RegionKind; code?: string | null };

/** Adds a region under one the actor manages: an administrative code checked against the parent's, or a generated one. */
export function addRegion(actor: Actor, input: RegionInput): Region {
  const parent = managedRegion(actor, input.parent, `在区域 ${input.parent} 下新增区域`);
  requireOpen(parent, "parent");
  const db = getDb();
  const name = input.name.trim();
  const problems: FieldProblem[] = [];
  const nameIssue = nameProblem(name, REGION_NAME_MAX, "区域名称");
  if (nameIssue) problems.push({ field: "name", message: nameIssue });
  else if (siblingNamed(db, parent.code, name))
    problems.push({ field: "name", message: `${parent.name}下已有名为“${name}”的区域` });
  let code = input.code?.trim() ?? "";
  if (input.kind === "admin") {
    const codeIssue = adminCodeProblem(code, parent);
    if (codeIssue) problems.push({ field: "code", message: codeIssue });
    else if (getRegion(code)) problems.push({ field: "code", message: `代码 ${code} 已被 ${regionName(code)} 使用` });
  }
  if (problems.length) throw refuse("区域信息有误", problems);
  const region = db.transaction((tx) => {
    if (input.kind === "committee") code = nextCommitteeCode(tx);
    const path = `${parent.path}/${code}`;
    const row = tx
      .insert(schema.regions)
      .values({ code, name, parentCode: parent.code, kind: input.kind, level: parent.level + 1, path })
      .returning()
      .get();
    recordAudit(tx, actor, {
      action: "region.create",
      entityType: "region",
      entityId: code,
      regionCode: code,
      after: { name, kind: input.kind, parent: parent.code },
    });
    return row;
  });
  forgetRegions();
  return region;
}

/** Renames a region and/or moves it (with everything below it) under another region the actor manages. */
export function changeRegion(actor: Actor, code: string, input: { name?: string; parent?: string }): Region {
  const region = regionBelow(actor, code, `区域 ${code}`);
  if (region.retiredAt) throw domainError(409, `${region.name}已撤销，不能再修改。`);
  const db = getDb();
  const name = input.name?.trim() ?? region.name;
  const parentCode = input.parent ?? region.parentCode!;
  const parent = managedRegion(actor, parentCode, `将区域移到 ${parentCode} 下`);
  const problems: FieldProblem[] = [];
  const nameIssue = nameProblem(name, REGION_NAME_MAX, "区域名称");
  if (nameIssue) problems.push({ field: "name", message: nameIssue });
  else if (siblingNamed(db, parent.code, name, region.code))
    problems.push({ field: "name", message: `${parent.name}下已有名为“${name}”的区域` });
  const moving = parent.code !== region.parentCode;
  if (moving) {
    if (regionWithin(parent.code, region.code))
      problems.push({ field: "parent", message: `不能把${region.name}移到它自己或它的下级区域之下` });
    else if (parent.retiredAt) problems.push({ field: "parent", message: `${parent.name}已撤销` });
    else if (region.kind === "admin") {
      const codeIssue = adminCodeProblem(region.code, parent);
      if (codeIssue)
        problems.push({
          field: "parent",
          message: `行政区划代码 ${region.code} 不能放在${parent.name}下：${codeIssue}。行政区划调整会启用新代码，请新建区域后迁移支部`,
        });
    }
  }
  if (problems.length) throw refuse("区域信息有误", problems);
  if (!moving && name === region.name) return region;
  const changed = db.transaction((tx) => {
    if (moving) {
      const path = `${parent.path}/${region.code}`;
      const shift = parent.level + 1 - region.level;
      tx.update(schema.regions)
        .set({
          path: sql`${path} || substr(${schema.regions.path}, ${region.path.length + 1})`,
          level: sql`${schema.regions.level} + ${shift}`,
        })
        .where(or(eq(schema.regions.path, region.path), like(schema.regions.path, `${region.path}/%`)))
        .run();
    }
    const row = tx
      .update(schema.regions)
      .set({ name, parentCode: parent.code })
      .where(eq(schema.regions.code, region.code))
      .returning()
      .get();
    recordAudit(tx, actor, {
      action: moving ? "region.move" : "region.update",
      entityType: "region",
      entityId: region.code,
      regionCode: region.code,
      before: { name: region.name, parent: region.parentCode },
      after: { name, parent: parent.code },
    });
    return row;
  });
  forgetRegions();
  return changed;
}

/** Retires an empty region: no open region, active branch or enabled account may remain below it. */
export function retireRegion(actor: Actor, code: string, reason: string): Region {
  const region = regionBelow(actor, code, `区域 ${code}`);
  if (region.retiredAt) return region;
  if (!reason.trim()) throw refuse("请填写撤销原因", [{ field: "reason", message: "请填写撤销原因" }]);
  const db = getDb();
  const below = (table: typeof schema.branches | typeof schema.users) => inRegionTree(table.regionCode, region.code);
  const openRegions = db
    .select({ n: count() })
    .from(schema.regions)
    .where(and(like(schema.regions.path, `${region.path}/%`), isNull(schema.regions.retiredAt)))
    .get()!.n;
  const branches = db
    .select({ n: count() })
    .from(schema.branches)
    .where(and(below(schema.branches), isNull(schema.branches.dissolvedAt)))
    .get()!.n;
  const users = db
    .select({ n: count() })
    .from(schema.users)
    .where(and(below(schema.users), isNull(schema.users.disabledAt)))
    .get()!.n;
  const left = [
    openRegions && `${openRegions} 个下级区域`,
    branches && `${branches} 个党支部`,
    users && `${users} 个启用的账号`,
  ].filter(Boolean);
  if (left.length) throw domainError(409, `${region.name}下还有${left.join("、")}：请先迁移或撤销它们，再撤销该区域。`);
  const retired = db.transaction((tx) => {
    const row = tx
      .update(schema.regions)
      .set({ retiredAt: new Date() })
      .where(eq(schema.regions.code, region.code))
      .returning()
      .get();
    recordAudit(tx, actor, {
      action: "region.retire",
      entityType: "region",
      entityId: region.code,
      regionCode: region.code,
      after: { reason: reason.trim() },
    });
    return row;
  });
  forgetRegions();
  return retired;
}

export type BranchInput = BranchFields & { region: string };

function branchInScope(actor: Actor, id: number, what: string): Branch {
  const branch = getBranch(id);
  authorize(actor, { action: "organisation.manage", regionCode: branch.regionCode }, what);
  return branch;
}

const branchFieldsOf = (b: Branch): BranchFields => ({
  name: b.name,
  domain: b.domain,
  establishedOn: b.establishedOn,
  memberCount: b.memberCount,
  secretaryName: b.secretaryName,
  secretaryPhone: b.secretaryPhone,
});

function checkBranch(db: Pick<DB, "select">, input: BranchInput, except?: number): Region {
  const region = getRegion(input.region);
  const problems = branchProblems(input);
  if (!region) problems.push({ field: "region", message: `区域 ${input.region} 不存在` });
  else if (region.retiredAt) problems.push({ field: "region", message: `${region.name}已撤销` });
  else if (!problems.some((p) => p.field === "name")) {
    const same = db
      .select({ id: schema.branches.id, dissolvedAt: schema.branches.dissolvedAt })
      .from(schema.branches)
      .where(and(eq(schema.branches.regionCode, region.code), eq(schema.branches.name, input.name.trim())))
      .get();
    if (same && same.id !== except)
      problems.push({
        field: "name",
        message: `${region.name}下已有名为“${input.name.trim()}”的支部${same.dissolvedAt ? "（已撤销）" : ""}`,
      });
  }
  if (problems.length) throw refuse("支部信息有误", problems);
  return region!;
}

const cleaned = (input: BranchInput): BranchInput => ({
  ...input,
  name: input.name.trim(),
  secretaryName: input.secretaryName?.trim() || null,
  secretaryPhone: input.secretaryPhone?.trim() || null,
});

export function createBranch(actor: Actor, raw: BranchInput): Branch {
  const input = cleaned(raw);
  authorize(actor, { action: "organisation.manage", regionCode: input.region }, `区域 ${input.region} 的支部`);
  const db = getDb();
  checkBranch(db, input);
  const { region, ...fields } = input;
  return db.transaction((tx) => {
    const row = tx
      .insert(schema.branches)
      .values({ ...fields, regionCode: region })
      .returning()
      .get();
    recordAudit(tx, actor, {
      action: "branch.create",
      entityType: "branch",
      entityId: String(row.id),
      regionCode: region,
      after: input,
    });
    return row;
  });
}

/**
 * Changes a branch's fields and/or moves it to another region the actor manages. Its accounts move with it; its
 * submissions stay with the region they were made in.
 */
export function changeBranch(actor: Actor, id: number, patch: Partial<BranchInput>): Branch {
  const branch = branchInScope(actor, id, `支部 ${id}`);
  if (branch.dissolvedAt) throw domainError(409, `${branch.name}已撤销，不能再修改。`);
  const before: BranchInput = { ...branchFieldsOf(branch), region: branch.regionCode };
  const input = cleaned({ ...before, ...patch });
  if (input.region !== branch.regionCode)
    authorize(actor, { action: "organisation.manage", regionCode: input.region }, `区域 ${input.region}`);
  const db = getDb();
  checkBranch(db, input, branch.id);
  const changedKeys = (Object.keys(input) as (keyof BranchInput)[]).filter((k) => input[k] !== before[k]);
  if (!changedKeys.length) return branch;
  const moving = input.region !== branch.regionCode;
  const { region, ...fields } = input;
  return db.transaction((tx) => {
    const row = tx
      .update(schema.branches)
      .set({ ...fields, regionCode: region })
      .where(eq(schema.branches.id, branch.id))
      .returning()
      .get();
    if (moving) tx.update(schema.users).set({ regionCode: region }).where(eq(schema.users.branchId, branch.id)).run();
    recordAudit(tx, actor, {
      action: moving ? "branch.move" : "branch.update",
      entityType: "branch",
      entityId: String(branch.id),
      regionCode: region,
      before: Object.fromEntries(changedKeys.map((k) => [k, before[k]])),
      after: Object.fromEntries(changedKeys.map((k) => [k, input[k]])),
    });
    return row;
  });
}

/** Disables a dissolved branch's accounts: their sessions and tokens stop working at once. */
function disableBranchAccounts(tx: Pick<DB, "update">, branchId: number, at: Date): number {
  return tx
    .update(schema.users)
    .set({ disabledAt: at })
    .where(and(eq(schema.users.branchId, branchId), isNull(schema.users.disabledAt)))
    .run().changes;
}

/** Dissolves a branch (撤销): it keeps its submissions and grades, takes no new work, and its accounts are disabled. */
export function dissolveBranch(actor: Actor, id: number, reason: string): Branch {
  const branch = branchInScope(actor, id, `支部 ${id}`);
  if (branch.dissolvedAt) throw domainError(409, `${branch.name}已撤销。`);
  if (!reason.trim()) throw refuse("请填写撤销原因", [{ field: "reason", message: "请填写撤销原因" }]);
  const at = new Date();
  return getDb().transaction((tx) => {
    const row = tx
      .update(schema.branches)
      .set({ dissolvedAt: at })
      .where(eq(schema.branches.id, branch.id))
      .returning()
      .get();
    const accounts = disableBranchAccounts(tx, branch.id, at);
    recordAudit(tx, actor, {
      action: "branch.dissolve",
      entityType: "branch",
      entityId: String(branch.id),
      regionCode: branch.regionCode,
      after: { reason: reason.trim(), disabledAccounts: accounts },
    });
    return row;
  });
}

/** Merges a branch into another (合并): the first is dissolved pointing at the second, which goes on unchanged. */
export function mergeBranch(actor: Actor, id: number, intoId: number): Branch {
  const branch = branchInScope(actor, id, `支部 ${id}`);
  const into = branchInScope(actor, intoId, `支部 ${intoId}`);
  if (branch.id === into.id) throw refuse("不能合并到自身", [{ field: "into", message: "请选择另一个支部" }]);
  if (branch.dissolvedAt) throw domainError(409, `${branch.name}已撤销。`);
  if (into.dissolvedAt) throw refuse("目标支部已撤销", [{ field: "into", message: `${into.name}已撤销` }]);
  const at = new Date();
  return getDb().transaction((tx) => {
    const row = tx
      .update(schema.branches)
      .set({ dissolvedAt: at, mergedIntoId: into.id })
      .where(eq(schema.branches.id, branch.id))
      .returning()
      .get();
    const accounts = disableBranchAccounts(tx, branch.id, at);
    recordAudit(tx, actor, {
      action: "branch.merge",
      entityType: "branch",
      entityId: String(branch.id),
      regionCode: branch.regionCode,
      after: { into: into.id, intoName: into.name, disabledAccounts: accounts },
    });
    return row;
  });
}

/** What happened to a region or a branch, newest first: the audit rows about it with who did it. */
export function organisationHistory(actor: Actor, entityType: "region" | "branch", id: string) {
  const regionCode = entityType === "region" ? id : getBranch(Number(id)).regionCode;
  authorize(actor, { action: "region.read", regionCode }, "变更记录");
  return getDb()
    .select({
      action: schema.auditLog.action,
      before: schema.auditLog.before,
      after: schema.auditLog.after,
      at: schema.auditLog.createdAt,
      by: schema.users.displayName,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.userId))
    .where(and(eq(schema.auditLog.entityType, entityType), eq(schema.auditLog.entityId, id)))
    .orderBy(desc(schema.auditLog.id))
    .limit(100)
    .all()
    .map((r) => ({
      action: r.action,
      title: AUDIT_ACTIONS[r.action] ?? r.action,
      lines: describeOrganisationChange(r.action, r.before, r.after, regionName),
      before: r.before,
      after: r.after,
      at: r.at.getTime(),
      by: r.by ?? "平台",
    }));
}
