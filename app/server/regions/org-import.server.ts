/**
 * The organisation workbook checked in one pass and turned into a plan: every row's errors (sheet, row, column,
 * Chinese message) and, for the rows without any, what will be added, changed or left alone. Nothing is written
 * here; `applyOrgPlan` writes a plan in one transaction.
 */
import type ExcelJS from "exceljs";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { DOMAINS } from "~/utils/domains";
import { REGION_KIND_TITLES, type RegionKind } from "~/utils/labels";
import { ROLE_TITLES, ROLES, type Role } from "~/utils/roles";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { timeSlicer } from "../platform/jobs.server";
import { ORG_SHEETS, type OrgSheetKey } from "../spreadsheets/org-workbook.server";
import { cellValue } from "../spreadsheets/workbook.server";
import type { SheetRows } from "../spreadsheets/sheet-reader.server";
import {
  adminCodeProblem,
  branchProblems,
  COMMITTEE_CODE,
  committeeCode,
  nameProblem,
  REGION_NAME_MAX,
  type BranchFields,
} from "./org-checks.server";
import { nextCommitteeCode } from "./organisation.server";
import { inRegionTree, regionsWithin, type Region } from "./regions.server";

export type RowError = { sheet: string; row: number; column: string; message: string };
export type Op = "add" | "change" | "same";

export type RegionStep = {
  op: Op;
  row: number;
  code: string;
  name: string;
  kind: RegionKind;
  parent: string;
  before?: { name: string; parent: string };
};
export type BranchStep = BranchFields & {
  op: Op;
  row: number;
  id: number | null;
  region: string;
  before?: Partial<BranchFields & { region: string }>;
};
export type AccountStep = {
  op: Op;
  row: number;
  id: number | null;
  username: string;
  displayName: string;
  role: Role;
  region: string;
  /** The branch by id, or by region and name when it is added by the same import. */
  branch: { id: number } | { region: string; name: string } | null;
  before?: Partial<{ displayName: string; role: Role; region: string; branchId: number | null }>;
};

export type OrgPlan = {
  scope: string;
  regions: RegionStep[];
  branches: BranchStep[];
  accounts: AccountStep[];
  errors: RowError[];
  /** Rows in each sheet that had anything in them. */
  rows: Record<OrgSheetKey, number>;
};

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/;
const MAX_CELL = 200;

/** A cell as the text a person typed: numbers as written, dates as 2015-07-01, formulas by their result. */
export function cellString(raw: ExcelJS.CellValue | undefined): string {
  const value = cellValue(raw);
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = String(value).trim();
  // What cellText wrote to keep a spreadsheet from evaluating it.
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

const columnOf = (key: OrgSheetKey) =>
  Object.fromEntries(ORG_SHEETS[key].columns.map((c, i) => [c.key, { index: i + 1, header: c.header }])) as Record<
    string,
    { index: number; header: string }
  >;

/** The non-empty data rows of a sheet as `{ column key: text }`, with the Excel row number. */
function sheetRecords(key: OrgSheetKey, rows: SheetRows | undefined) {
  const columns = columnOf(key);
  const records: { row: number; cells: Record<string, string> }[] = [];
  (rows ?? []).forEach((values, index) => {
    if (index === 0) return;
    const cells = Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, cellString(values[c.index])]));
    if (Object.values(cells).some(Boolean)) records.push({ row: index + 1, cells });
  });
  return records;
}

const DOMAIN_BY_TEXT = new Map<string, string>(
  DOMAINS.flatMap((d) => [[d.title, d.id] as const, [d.id, d.id] as const]),
);
const ROLE_BY_TEXT = new Map<string, Role>(ROLES.flatMap((r) => [[ROLE_TITLES[r], r] as const, [r, r] as const]));
const KIND_BY_TEXT = new Map<string, RegionKind>(
  (Object.entries(REGION_KIND_TITLES) as [RegionKind, string][]).flatMap(([k, t]) => [
    [t, k] as const,
    [t.replace("(", "（").replace(")", "）"), k] as const,
    [k, k] as const,
  ]),
);

type KnownRegion = {
  code: string;
  name: string;
  kind: RegionKind;
  parent: string | null;
  path: string;
  retired: boolean;
};

/**
 * Checks every row of the organisation workbook against the database and the actor's scope, and plans the
 * changes. Yields to the event loop as it goes (a province is 120,000 rows).
 */
export async function planOrgImport(actor: Actor, sheets: Partial<Record<OrgSheetKey, SheetRows>>): Promise<OrgPlan> {
  const scope = actor.regionCode;
  authorize(actor, { action: "organisation.manage", regionCode: scope }, "导入组织机构");
  const db = getDb();
  const pause = timeSlicer();
  const errors: RowError[] = [];
  const fail = (key: OrgSheetKey, row: number, column: string, message: string) =>
    errors.push({ sheet: ORG_SHEETS[key].name, row, column: columnOf(key)[column]?.header ?? column, message });

  // ── 区域 ────────────────────────────────────────────────────────────────────────────────────────────────────────
  const known = new Map<string, KnownRegion>(
    regionsWithin(scope).map((r: Region) => [
      r.code,
      { code: r.code, name: r.name, kind: r.kind, parent: r.parentCode, path: r.path, retired: !!r.retiredAt },
    ]),
  );
  const regionRows = sheetRecords("regions", sheets.regions);
  const failedRegionRefs = new Set<string>();
  let nextCommittee = Number(nextCommitteeCode().slice(1));
  const regionSteps: RegionStep[] = [];
  type Pending = { row: number; code: string; name: string; kind: RegionKind; parentRef: string };
  let pending: Pending[] = [];
  const seenCodes = new Map<string, number>();
  for (const { row, cells } of regionRows) {
    const before = errors.length;
    const kind = KIND_BY_TEXT.get(cells.kind);
    if (!kind)
      fail("regions", row, "kind", cells.kind ? `类型“${cells.kind}”不存在：应为 行政区域 或 党(工)委` : "请填写类型");
    const nameIssue = nameProblem(cells.name, REGION_NAME_MAX, "区域名称");
    if (nameIssue) fail("regions", row, "name", nameIssue);
    if (!cells.parent) fail("regions", row, "parent", "请填写上级区域的代码或名称");
    const code = cells.code;
    if (code) {
      if (seenCodes.has(code)) fail("regions", row, "code", `代码 ${code} 与第 ${seenCodes.get(code)} 行重复`);
      seenCodes.set(code, row);
      if (kind === "committee" && !COMMITTEE_CODE.test(code))
        fail("regions", row, "code", "党(工)委的代码由平台生成（W 加 6 位数字）：新建时请留空");
      else if (kind === "committee" && !known.has(code))
        fail("regions", row, "code", `没有代码为 ${code} 的党(工)委：新建时代码请留空`);
    } else if (kind === "admin") fail("regions", row, "code", "请填写行政区划代码");
    if (code && code === scope) fail("regions", row, "code", "不能在导入中修改本级区域自身");
    else if (code && !known.has(code) && kind === "admin" && globalRegion(code))
      fail("regions", row, "code", `代码 ${code} 已被您管理范围以外的区域使用`);
    if (errors.length > before) {
      failedRegionRefs.add(code || cells.name);
      continue;
    }
    pending.push({ row, code, name: cells.name.trim(), kind: kind!, parentRef: cells.parent });
  }

  // Resolve parents in dependency order: a row waits until the region it names is known.
  const byName = () => {
    const names = new Map<string, string[]>();
    for (const r of known.values()) if (!r.retired) names.set(r.name, [...(names.get(r.name) ?? []), r.code]);
    return names;
  };
  const siblings = new Map<string, number>();
  for (let progress = true; pending.length && progress;) {
    progress = false;
    const names = byName();
    const waiting: Pending[] = [];
    for (const p of pending) {
      const parent = resolveRegion(p.parentRef, known, names);
      if (parent === "unknown") {
        waiting.push(p);
        continue;
      }
      progress = true;
      if (parent === "ambiguous") {
        fail("regions", p.row, "parent", `名称为“${p.parentRef}”的区域不止一个：请填写代码`);
        continue;
      }
      const problem = placeRegion(p, parent, known, scope);
      if (problem) {
        fail("regions", p.row, problem.column, problem.message);
        failedRegionRefs.add(p.code || p.name);
        continue;
      }
      const siblingKey = `${parent.code}\u0000${p.name}`;
      if (siblings.has(siblingKey)) {
        fail("regions", p.row, "name", `与第 ${siblings.get(siblingKey)} 行重名：同一上级区域下不能有两个同名区域`);
        continue;
      }
      siblings.set(siblingKey, p.row);
      const existing = p.code
        ? known.get(p.code)
        : [...known.values()].find((r) => r.kind === "committee" && r.parent === parent.code && r.name === p.name);
      if (existing && existing.retired) {
        fail("regions", p.row, "code", `${existing.name}（${existing.code}）已撤销`);
        continue;
      }
      const clash = [...known.values()].find(
        (r) => r.parent === parent.code && r.name === p.name && !r.retired && r.code !== existing?.code,
      );
      if (clash) {
        fail("regions", p.row, "name", `${parent.name}下已有名为“${p.name}”的区域（${clash.code}）`);
        continue;
      }
      if (existing) {
        const same = existing.name === p.name && existing.parent === parent.code;
        regionSteps.push({
          op: same ? "same" : "change",
          row: p.row,
          code: existing.code,
          name: p.name,
          kind: existing.kind,
          parent: parent.code,
          before: same ? undefined : { name: existing.name, parent: existing.parent ?? "" },
        });
        if (!same) {
          const oldPath = existing.path;
          const newPath = `${parent.path}/${existing.code}`;
          for (const r of known.values())
            if (r.path === oldPath || r.path.startsWith(oldPath + "/")) r.path = newPath + r.path.slice(oldPath.length);
          existing.name = p.name;
          existing.parent = parent.code;
        }
      } else {
        const code = p.kind === "committee" ? committeeCode(nextCommittee++) : p.code;
        known.set(code, {
          code,
          name: p.name,
          kind: p.kind,
          parent: parent.code,
          path: `${parent.path}/${code}`,
          retired: false,
        });
        regionSteps.push({ op: "add", row: p.row, code, name: p.name, kind: p.kind, parent: parent.code });
      }
    }
    pending = waiting;
  }
  for (const p of pending)
    fail(
      "regions",
      p.row,
      "parent",
      failedRegionRefs.has(p.parentRef)
        ? `上级区域“${p.parentRef}”所在的行有错误`
        : `上级区域“${p.parentRef}”不存在或不在您的管理范围内${pending.some((q) => q.code === p.parentRef || q.name === p.parentRef) ? "（上级关系形成循环）" : ""}`,
    );
  await pause();

  const names = byName();
  const regionFor = (key: OrgSheetKey, row: number, ref: string): KnownRegion | undefined => {
    if (!ref) return void fail(key, row, "region", "请填写所属区域的代码或名称");
    const region = resolveRegion(ref, known, names);
    if (region === "ambiguous") return void fail(key, row, "region", `名称为“${ref}”的区域不止一个：请填写代码`);
    if (region === "unknown")
      return void fail(
        key,
        row,
        "region",
        failedRegionRefs.has(ref) ? `所属区域“${ref}”所在的行有错误` : `区域“${ref}”不存在或不在您的管理范围内`,
      );
    if (region.retired) return void fail(key, row, "region", `${region.name}已撤销`);
    return region;
  };

  // ── 党支部 ──────────────────────────────────────────────────────────────────────────────────────────────────────
  const existingBranches = db
    .select()
    .from(schema.branches)
    .where(inRegionTree(schema.branches.regionCode, scope))
    .all();
  const branchById = new Map(existingBranches.map((b) => [b.id, b]));
  const branchKey = (region: string, name: string) => `${region}\u0000${name}`;
  const branchByKey = new Map(existingBranches.map((b) => [branchKey(b.regionCode, b.name), b]));
  const branchSteps: BranchStep[] = [];
  const fileBranches = new Map<string, number>();
  const failedBranches = new Set<string>();
  const today = new Date();
  const branchRows = sheetRecords("branches", sheets.branches);
  for (const { row, cells } of branchRows) {
    await pause();
    const before = errors.length;
    const region = regionFor("branches", row, cells.region);
    const domain = DOMAIN_BY_TEXT.get(cells.domain);
    if (!domain)
      fail("branches", row, "domain", cells.domain ? `领域“${cells.domain}”不存在：请从下拉列表选择` : "请选择领域");
    const memberCount = /^\d+$/.test(cells.memberCount) ? Number(cells.memberCount) : NaN;
    const fields: BranchFields = {
      name: cells.name.trim(),
      domain: domain ?? "",
      establishedOn: cells.establishedOn,
      memberCount,
      secretaryName: cells.secretaryName || null,
      secretaryPhone: cells.secretaryPhone || null,
    };
    for (const p of branchProblems({ ...fields, domain: undefined }, today))
      fail("branches", row, p.field, cells[p.field] || p.field !== "memberCount" ? p.message : "请填写党员人数");
    for (const [k, v] of Object.entries(cells))
      if (v.length > MAX_CELL) fail("branches", row, k, `内容过长：最多 ${MAX_CELL} 个字`);
    let existing: (typeof existingBranches)[number] | undefined;
    if (cells.id) {
      existing = /^\d+$/.test(cells.id) ? branchById.get(Number(cells.id)) : undefined;
      if (!existing) fail("branches", row, "id", `没有编号为 ${cells.id} 的支部在您的管理范围内`);
      else if (existing.dissolvedAt) fail("branches", row, "id", `${existing.name}已撤销，不能再修改`);
    } else if (region) existing = branchByKey.get(branchKey(region.code, fields.name));
    if (region && fields.name) {
      const key = branchKey(region.code, fields.name);
      if (fileBranches.has(key))
        fail("branches", row, "name", `与第 ${fileBranches.get(key)} 行重复：${region.name}下已有同名支部`);
      fileBranches.set(key, row);
      const clash = branchByKey.get(key);
      if (clash && existing && clash.id !== existing.id)
        fail("branches", row, "name", `${region.name}下已有名为“${fields.name}”的支部（编号 ${clash.id}）`);
      else if (clash?.dissolvedAt && !cells.id)
        fail("branches", row, "name", `${region.name}下同名支部（编号 ${clash.id}）已撤销：请换一个名称`);
    }
    if (errors.length > before) {
      if (region) failedBranches.add(branchKey(region.code, fields.name));
      continue;
    }
    const step: BranchStep = { ...fields, op: "add", row, id: existing?.id ?? null, region: region!.code };
    if (existing) {
      const was = {
        name: existing.name,
        domain: existing.domain,
        establishedOn: existing.establishedOn,
        memberCount: existing.memberCount,
        secretaryName: existing.secretaryName,
        secretaryPhone: existing.secretaryPhone,
        region: existing.regionCode,
      };
      const now = { ...fields, region: region!.code };
      const changed = (Object.keys(was) as (keyof typeof was)[]).filter((k) => was[k] !== now[k]);
      step.op = changed.length ? "change" : "same";
      if (changed.length) step.before = Object.fromEntries(changed.map((k) => [k, was[k]]));
    }
    branchSteps.push(step);
  }

  // ── 账号 ────────────────────────────────────────────────────────────────────────────────────────────────────────
  const accountRows = sheetRecords("accounts", sheets.accounts);
  const usernames = [...new Set(accountRows.map((r) => r.cells.username).filter((u) => USERNAME.test(u)))];
  const existingUsers = new Map<string, typeof schema.users.$inferSelect>();
  for (let i = 0; i < usernames.length; i += 500)
    for (const u of db
      .select()
      .from(schema.users)
      .where(inArray(schema.users.username, usernames.slice(i, i + 500)))
      .all())
      existingUsers.set(u.username, u);
  const plannedBranch = new Map(branchSteps.map((b) => [branchKey(b.region, b.name), b]));
  const activeBranch = (region: string, name: string) => {
    const key = branchKey(region, name);
    const planned = plannedBranch.get(key);
    if (planned) return planned.id ? { id: planned.id } : { region, name };
    const stored = branchByKey.get(key);
    return stored && !stored.dissolvedAt ? { id: stored.id } : undefined;
  };
  const accountSteps: AccountStep[] = [];
  const fileUsers = new Map<string, number>();
  for (const { row, cells } of accountRows) {
    await pause();
    const before = errors.length;
    const username = cells.username;
    if (!username) fail("accounts", row, "username", "请填写用户名");
    else if (!USERNAME.test(username))
      fail("accounts", row, "username", "用户名应为 3–40 个字母、数字、点、下划线或连字符，以字母或数字开头");
    else if (fileUsers.has(username)) fail("accounts", row, "username", `与第 ${fileUsers.get(username)} 行重复`);
    if (username) fileUsers.set(username, row);
    const existing = existingUsers.get(username);
    if (existing && (!known.has(existing.regionCode) || existing.id === actor.id))
      fail(
        "accounts",
        row,
        "username",
        existing.id === actor.id ? "不能在导入中修改自己的账号" : `用户名 ${username} 已被使用`,
      );
    const nameIssue = cells.displayName ? nameProblem(cells.displayName, 40, "姓名") : null;
    if (nameIssue) fail("accounts", row, "displayName", nameIssue);
    const role = ROLE_BY_TEXT.get(cells.role);
    if (!role)
      fail(
        "accounts",
        row,
        "role",
        cells.role ? `角色“${cells.role}”不存在：应为 管理员、评定人 或 党支部` : "请选择角色",
      );
    const region = regionFor("accounts", row, cells.region);
    let branch: AccountStep["branch"] = null;
    if (role === "branch" && region) {
      if (!cells.branch) fail("accounts", row, "branch", "党支部账号须填写所属支部的名称");
      else {
        branch = activeBranch(region.code, cells.branch) ?? null;
        if (!branch)
          fail(
            "accounts",
            row,
            "branch",
            failedBranches.has(branchKey(region.code, cells.branch))
              ? `支部“${cells.branch}”所在的行有错误`
              : `${region.name}下没有名为“${cells.branch}”的支部`,
          );
      }
    } else if (role && role !== "branch" && cells.branch)
      fail("accounts", row, "branch", `${ROLE_TITLES[role]}账号不属于某个支部：请留空`);
    if (errors.length > before) continue;
    const displayName = cells.displayName.trim() || username;
    const step: AccountStep = {
      op: "add",
      row,
      id: existing?.id ?? null,
      username,
      displayName,
      role: role!,
      region: region!.code,
      branch,
    };
    if (existing) {
      const branchId = branch && "id" in branch ? branch.id : branch ? -1 : null;
      const was = {
        displayName: existing.displayName,
        role: existing.role,
        region: existing.regionCode,
        branchId: existing.branchId,
      };
      const now = { displayName, role: role!, region: region!.code, branchId };
      const changed = (Object.keys(was) as (keyof typeof was)[]).filter((k) => was[k] !== now[k]);
      step.op = changed.length ? "change" : "same";
      if (changed.length) step.before = Object.fromEntries(changed.map((k) => [k, was[k]]));
    }
    accountSteps.push(step);
  }

  return {
    scope,
    regions: regionSteps,
    branches: branchSteps,
    accounts: accountSteps,
    errors: errors.sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row),
    rows: {
      regions: regionRows.length,
      branches: branchRows.length,
      accounts: accountRows.length,
    },
  };
}

function globalRegion(code: string): boolean {
  return !!getDb()
    .select({ code: schema.regions.code })
    .from(schema.regions)
    .where(and(eq(schema.regions.code, code), isNull(schema.regions.retiredAt)))
    .get();
}

function resolveRegion(
  ref: string,
  known: Map<string, KnownRegion>,
  names: Map<string, string[]>,
): KnownRegion | "unknown" | "ambiguous" {
  const byCode = known.get(ref);
  if (byCode) return byCode;
  const codes = names.get(ref) ?? [];
  if (codes.length > 1) return "ambiguous";
  return codes.length ? known.get(codes[0])! : "unknown";
}

/** Where a region row may sit: under a region in scope, its code fitting the parent's, never under itself. */
function placeRegion(
  p: { code: string; kind: RegionKind },
  parent: KnownRegion,
  known: Map<string, KnownRegion>,
  scope: string,
): { column: string; message: string } | null {
  if (parent.retired) return { column: "parent", message: `${parent.name}已撤销` };
  const existing = p.code ? known.get(p.code) : undefined;
  if (existing && (parent.path === existing.path || parent.path.startsWith(existing.path + "/")))
    return { column: "parent", message: `不能把${existing.name}移到它自己或它的下级区域之下` };
  if (!parent.path.split("/").includes(scope)) return { column: "parent", message: "上级区域不在您的管理范围内" };
  if (p.kind !== "admin") return null;
  const problem = adminCodeProblem(p.code, { code: parent.code, name: parent.name, kind: parent.kind });
  return problem ? { column: existing ? "parent" : "code", message: problem } : null;
}
