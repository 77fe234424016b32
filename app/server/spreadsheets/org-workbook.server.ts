/**
 * The organisation workbook: sheets 区域, 党支部 and 账号 (plus 填写说明), recognised on import by their header rows.
 * The template is the empty workbook with dropdowns; `org export` writes the admin's subtree in the same layout, so
 * an exported file re-imported changes nothing.
 */
import { and, eq, isNull, ne } from "drizzle-orm";
import ExcelJS from "exceljs";
import { DOMAINS, domainTitle } from "~/utils/domains";
import { ROLE_TITLES, ROLES } from "~/utils/roles";
import { REGION_KIND_TITLES } from "~/utils/labels";
import { recordAudit } from "../audit/audit.server";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { timeSlicer } from "../platform/jobs.server";
import { getRegion, inRegionTree, regionsWithin } from "../regions/regions.server";
import { cellText, streamedWorkbook } from "./workbook.server";

type Column = { key: string; header: string; width: number; note?: string };

export const ORG_SHEETS = {
  regions: {
    name: "区域",
    columns: [
      {
        key: "code",
        header: "区域代码",
        width: 14,
        note: "行政区域填 6 位区划代码（苏木乡镇、街道 9 位）；新建党(工)委留空，平台生成",
      },
      { key: "name", header: "区域名称", width: 28 },
      { key: "kind", header: "类型", width: 12, note: "行政区域 或 党(工)委" },
      { key: "parent", header: "上级区域（代码或名称）", width: 28 },
    ],
  },
  branches: {
    name: "党支部",
    columns: [
      { key: "id", header: "支部编号", width: 10, note: "新建留空；修改已有支部时填导出文件中的编号" },
      { key: "name", header: "支部名称", width: 36 },
      { key: "region", header: "所属区域（代码或名称）", width: 28 },
      { key: "domain", header: "领域", width: 18 },
      { key: "establishedOn", header: "成立日期", width: 14, note: "如 2015-07-01" },
      { key: "memberCount", header: "党员人数", width: 10 },
      { key: "secretaryName", header: "书记姓名", width: 12 },
      { key: "secretaryPhone", header: "书记电话", width: 16 },
    ],
  },
  accounts: {
    name: "账号",
    columns: [
      { key: "username", header: "用户名", width: 20, note: "3–40 个字母、数字、点、下划线或连字符" },
      { key: "displayName", header: "姓名", width: 14 },
      { key: "role", header: "角色", width: 10, note: "管理员、评定人 或 党支部" },
      { key: "region", header: "所属区域（代码或名称）", width: 28 },
      { key: "branch", header: "所属支部（党支部账号填写）", width: 36 },
    ],
  },
} as const satisfies Record<string, { name: string; columns: Column[] }>;

export type OrgSheetKey = keyof typeof ORG_SHEETS;

export const ORG_NOT_TEMPLATE =
  "该文件不是组织机构导入模板：未找到表头为“区域代码…”“支部编号…”或“用户名…”的工作表。请下载模板填写后上传。";

/** What the reader looks for: each sheet by its header row. */
export const ORG_SHEET_HEADERS = Object.entries(ORG_SHEETS).map(([key, sheet]) => ({
  key,
  header: sheet.columns.map((c) => c.header),
}));

const ROWS_WITH_DROPDOWNS = 100_000;

const INSTRUCTIONS = [
  "组织机构导入模板 · 填写说明",
  "",
  "1. 本文件有“区域”“党支部”“账号”三张表，按需填写，不用的表可以留空；请勿修改表头。",
  "2. 区域：行政区域填写区划代码（盟市、旗县 6 位，苏木乡镇、街道 9 位），代码须在上级区域的代码范围内，如呼和浩特市（150100）下的旗县以 1501 开头；",
  "   党(工)委（如机关工委）新建时代码留空，由平台生成。“上级区域”填写代码或名称，名称重复时请填代码。",
  "3. 党支部：新建支部“支部编号”留空；修改已有支部时填写导出文件中的编号。所属区域填写代码或名称。",
  "   领域从下拉列表选择；成立日期如 2015-07-01；党员人数为 3 以上的整数；书记电话为手机号或带区号的固定电话。",
  "4. 账号：角色为 管理员、评定人 或 党支部；党支部账号须填写所属支部的名称（该支部须在所填区域下）。",
  "   新账号的初始密码由平台生成，导入完成后以“账号分发表”下载一次，首次登录须修改密码。",
  "5. 只能导入本级及下级区域的组织机构。上传后先预览新增、修改和不变的行，确认后才写入；有错误的文件不会写入，",
  "   除非选择“只导入无误的行”。同一文件重复导入不会产生任何变化。",
];

function writeHeader(sheet: ExcelJS.Worksheet, columns: readonly Column[]) {
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const row = sheet.getRow(1);
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFDE7E7" } };
    if (c.note) cell.note = c.note;
  });
  row.commit();
}

/** exceljs has list validations on streamed sheets but leaves them out of its types. */
type WithValidations = { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

function addDropdowns(sheet: ExcelJS.Worksheet, key: OrgSheetKey) {
  const list = (column: string, values: string[], prompt: string) =>
    (sheet as unknown as WithValidations).dataValidations.add(`${column}2:${column}${ROWS_WITH_DROPDOWNS}`, {
      type: "list",
      allowBlank: true,
      formulae: [`"${values.join(",")}"`],
      showErrorMessage: true,
      errorTitle: "请从列表中选择",
      error: prompt,
    });
  if (key === "regions") list("C", Object.values(REGION_KIND_TITLES), "类型应为 行政区域 或 党(工)委");
  if (key === "branches")
    list(
      "D",
      DOMAINS.map((d) => d.title),
      "领域应为平台的 12 个领域之一",
    );
  if (key === "accounts")
    list(
      "C",
      ROLES.map((r) => ROLE_TITLES[r]),
      "角色应为 管理员、评定人 或 党支部",
    );
}

type Rows = Record<OrgSheetKey, AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>>;

/** Writes the workbook (streamed to a temporary file) with the given rows. */
async function writeOrgWorkbook(rows: Rows): Promise<string> {
  const { file, workbook } = streamedWorkbook("organisation.xlsx");
  const guide = workbook.addWorksheet("填写说明");
  guide.columns = [{ width: 120 }];
  INSTRUCTIONS.forEach((line, i) => {
    const row = guide.addRow([line]);
    if (i === 0) row.font = { bold: true, size: 14 };
    row.commit();
  });
  guide.commit();
  for (const key of Object.keys(ORG_SHEETS) as OrgSheetKey[]) {
    const spec = ORG_SHEETS[key];
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
    writeHeader(sheet, spec.columns);
    addDropdowns(sheet, key);
    for await (const row of rows[key])
      sheet.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cellText(v)]))).commit();
    sheet.commit();
  }
  await workbook.commit();
  return file;
}

/** The empty template. */
export function orgTemplateFile(): Promise<string> {
  return writeOrgWorkbook({ regions: [], branches: [], accounts: [] });
}

/**
 * The actor's subtree in the template's layout: the regions below its own, the active branches with their 编号, and
 * the enabled accounts (never a password). Audited as an export.
 */
export async function exportOrganisation(actor: Actor, regionCode = actor.regionCode): Promise<string> {
  authorize(actor, { action: "organisation.manage", regionCode }, `区域 ${regionCode} 的组织机构`);
  const db = getDb();
  const pause = timeSlicer();
  const regions = regionsWithin(regionCode).filter((r) => r.code !== regionCode && !r.retiredAt);
  const counts = { regions: regions.length, branches: 0, accounts: 0 };
  async function* branches() {
    const rows = db
      .select()
      .from(schema.branches)
      .where(and(inRegionTree(schema.branches.regionCode, regionCode), isNull(schema.branches.dissolvedAt)))
      .orderBy(schema.branches.regionCode, schema.branches.id)
      .all();
    for (const b of rows) {
      await pause();
      counts.branches++;
      yield {
        id: b.id,
        name: b.name,
        region: b.regionCode,
        domain: domainTitle(b.domain),
        establishedOn: b.establishedOn,
        memberCount: b.memberCount,
        secretaryName: b.secretaryName ?? "",
        secretaryPhone: b.secretaryPhone ?? "",
      };
    }
  }
  async function* accounts() {
    const rows = db
      .select({ user: schema.users, branchName: schema.branches.name })
      .from(schema.users)
      .leftJoin(schema.branches, eq(schema.branches.id, schema.users.branchId))
      .where(
        and(
          inRegionTree(schema.users.regionCode, regionCode),
          isNull(schema.users.disabledAt),
          ne(schema.users.id, actor.id),
        ),
      )
      .orderBy(schema.users.regionCode, schema.users.username)
      .all();
    for (const { user, branchName } of rows) {
      await pause();
      counts.accounts++;
      yield {
        username: user.username,
        displayName: user.displayName,
        role: ROLE_TITLES[user.role],
        region: user.regionCode,
        branch: branchName ?? "",
      };
    }
  }
  const file = await writeOrgWorkbook({
    regions: regions.map((r) => ({
      code: r.code,
      name: r.name,
      kind: REGION_KIND_TITLES[r.kind],
      parent: r.parentCode ?? "",
    })),
    branches: branches(),
    accounts: accounts(),
  });
  recordAudit(db, actor, {
    action: "export.organisation",
    entityType: "export",
    entityId: getRegion(regionCode)?.name ?? regionCode,
    regionCode,
    after: counts,
  });
  return file;
}
