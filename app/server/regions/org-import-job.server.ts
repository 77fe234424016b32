/**
 * An organisation workbook from upload to database: read in a bounded worker, checked and planned here (yielding
 * as it goes), shown as a preview, and — when the admin confirms — written in one transaction by another worker
 * with its own connection, so the server keeps answering everyone else meanwhile. New accounts' one-time passwords
 * leave only as the 账号分发表 file, once, to the importing admin (audited).
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import { ORG_FIELD_TITLES, orgFieldText } from "~/utils/audit";
import { domainTitle } from "~/utils/domains";
import { REGION_KIND_TITLES } from "~/utils/labels";
import { ROLE_TITLES } from "~/utils/roles";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/session.server";
import { databasePath, getDb } from "../platform/db.server";
import { DomainError, domainError } from "../platform/http.server";
import type { Attach, Progress } from "../platform/jobs.server";
import { ORG_NOT_TEMPLATE, ORG_SHEET_HEADERS, ORG_SHEETS } from "../spreadsheets/org-workbook.server";
import { readSheetsByHeader } from "../spreadsheets/sheet-reader.server";
import { safeRow, streamedWorkbook } from "../spreadsheets/workbook.server";
import { XLSX_LIMITS } from "../spreadsheets/xlsx-limits.server";
import type { OrgApplied } from "./org-apply.server";
import { planOrgImport, type OrgPlan, type RowError } from "./org-import.server";
import { forgetRegions, regionName } from "./regions.server";

/** preview: check and show, write nothing; apply: write if there is no error; valid: write the rows without one. */
export type OrgImportMode = "preview" | "apply" | "valid";

/** A province: 1,100 regions, 60,000 branches and 60,000 accounts fit with room to spare. */
export const ORG_LIMITS = {
  ...XLSX_LIMITS,
  rows: 150_000,
  sharedStrings: 400_000,
  uncompressedBytes: 160 * 1024 * 1024,
};
const ORG_READER_HEAP_MB = 768;
export const MAX_ORG_IMPORT_BYTES = 40 * 1024 * 1024;

export type OrgApplyTask = { dbFile: string; actorId: number; plan: OrgPlan };

const MAX_LISTED = 500;
const MAX_ERRORS_SHOWN = 1000;

const shown = (field: string, value: unknown) => orgFieldText(field, value, regionName);

const differences = (before: Record<string, unknown>, after: Record<string, unknown>) =>
  Object.keys(before)
    .map((k) => `${ORG_FIELD_TITLES[k] ?? k} ${shown(k, before[k])} → ${shown(k, after[k])}`)
    .join("；");

export type OrgPreview = {
  counts: Record<"regions" | "branches" | "accounts", { add: number; change: number; same: number; rows: number }>;
  changes: { sheet: string; row: number; op: "add" | "change"; text: string }[];
  errors: RowError[];
  errorCount: number;
};

/** What a plan will do, in sentences a clerk reads (the first 500 changes and 1,000 errors). */
export function previewOf(plan: OrgPlan): OrgPreview {
  const planned = new Map(plan.regions.map((r) => [r.code, r.name]));
  const place = (code: string) => planned.get(code) ?? regionName(code);
  const count = (steps: { op: string }[], rows: number) => ({
    add: steps.filter((s) => s.op === "add").length,
    change: steps.filter((s) => s.op === "change").length,
    same: steps.filter((s) => s.op === "same").length,
    rows,
  });
  const changes: OrgPreview["changes"] = [];
  const list = (sheet: string, row: number, op: "add" | "change" | "same", text: () => string) => {
    if (op !== "same" && changes.length < MAX_LISTED) changes.push({ sheet, row, op, text: text() });
  };
  for (const r of plan.regions)
    list(ORG_SHEETS.regions.name, r.row, r.op, () =>
      r.op === "add"
        ? `新增${REGION_KIND_TITLES[r.kind]} ${r.name}（上级：${place(r.parent)}${r.kind === "admin" ? `，代码 ${r.code}` : ""}）`
        : `${r.before!.name}：${differences(r.before!, { name: r.name, parent: r.parent })}`,
    );
  for (const b of plan.branches)
    list(ORG_SHEETS.branches.name, b.row, b.op, () =>
      b.op === "add"
        ? `新建支部 ${b.name}（${place(b.region)} · ${domainTitle(b.domain)} · ${b.memberCount} 名党员）`
        : `${b.before?.name ?? b.name}：${differences(b.before!, { ...b })}`,
    );
  for (const a of plan.accounts)
    list(ORG_SHEETS.accounts.name, a.row, a.op, () =>
      a.op === "add"
        ? `新建账号 ${a.username}（${a.displayName} · ${ROLE_TITLES[a.role]} · ${place(a.region)}${a.branch && "name" in a.branch ? ` · ${a.branch.name}` : ""}）`
        : `账号 ${a.username}：${differences(a.before!, { displayName: a.displayName, role: a.role, region: a.region, branchId: a.branch && "id" in a.branch ? a.branch.id : "（新建的支部）" })}`,
    );
  return {
    counts: {
      regions: count(plan.regions, plan.rows.regions),
      branches: count(plan.branches, plan.rows.branches),
      accounts: count(plan.accounts, plan.rows.accounts),
    },
    changes,
    errors: plan.errors.slice(0, MAX_ERRORS_SHOWN),
    errorCount: plan.errors.length,
  };
}

export type OrgImportReport = OrgPreview & {
  mode: OrgImportMode;
  applied: Omit<OrgApplied, "issued"> | null;
  /** Accounts whose passwords are in the 账号分发表 file, downloadable once. */
  issued: number;
};

/** Writes a plan in a worker thread with its own connection; progress as it goes. */
function applyInWorker(task: OrgApplyTask, progress: Progress): Promise<OrgApplied> {
  const worker = new Worker(path.resolve("app/server/regions/org-apply-worker.mjs"), { workerData: task });
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.on("message", (m: { kind: string; done: number; total: number; applied: OrgApplied; message: string }) => {
      if (m.kind === "progress") progress(m.done, m.total);
      else {
        settled = true;
        if (m.kind === "done") resolve(m.applied);
        else
          reject(
            domainError(409, `导入未完成，没有写入任何内容：${m.message}。组织机构可能在预览后被修改，请重新导入。`),
          );
        void worker.terminate();
      }
    });
    worker.once("error", (error) => !settled && reject(error));
    worker.once("exit", () => !settled && reject(domainError(500, "导入过程意外中止，没有写入任何内容。")));
  });
}

/** The 账号分发表: each new account with its one-time password, to hand out; first sign-in forces a change. */
export async function writeAccountSheet(issued: OrgApplied["issued"]): Promise<string> {
  const { file, workbook } = streamedWorkbook("accounts.xlsx");
  const sheet = workbook.addWorksheet("账号分发表", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: "用户名", key: "username", width: 20 },
    { header: "初始密码", key: "password", width: 22 },
    { header: "姓名", key: "displayName", width: 14 },
    { header: "角色", key: "role", width: 10 },
    { header: "所属区域", key: "region", width: 20 },
    { header: "所属支部", key: "branch", width: 36 },
  ];
  sheet.getRow(1).font = { bold: true };
  // Names come from the uploaded file: written so that no spreadsheet program evaluates one (L10).
  for (const account of issued) sheet.addRow(safeRow(account)).commit();
  sheet.addRow([]).commit();
  sheet.addRow(["初始密码仅此一份，请分发后妥善销毁本表；首次登录须修改密码。"]).commit();
  sheet.commit();
  await workbook.commit();
  return file;
}

/** The whole import as a background job: read, check, preview — and in apply modes, write. */
export async function runOrgImport(
  actor: Actor,
  bytes: Uint8Array,
  mode: OrgImportMode,
  progress: Progress,
  attach: Attach,
): Promise<OrgImportReport> {
  progress(0, 100);
  let sheets;
  try {
    sheets = await readSheetsByHeader(
      { sheets: ORG_SHEET_HEADERS, notTemplate: ORG_NOT_TEMPLATE, limits: ORG_LIMITS },
      bytes,
      ORG_READER_HEAP_MB,
    );
  } catch (error) {
    throw error instanceof DomainError ? error : domainError(422, "无法读取该 Excel 文件。");
  }
  progress(20, 100);
  const plan = await planOrgImport(actor, sheets);
  progress(40, 100);
  const preview = previewOf(plan);
  const report: OrgImportReport = { ...preview, mode, applied: null, issued: 0 };
  if (mode === "preview" || (mode === "apply" && plan.errors.length)) {
    progress(100, 100);
    return report;
  }
  const applied = await applyInWorker({ dbFile: databasePath(), actorId: actor.id, plan }, (done, total) =>
    progress(40 + Math.floor((done / Math.max(total, 1)) * 55), 100),
  );
  forgetRegions();
  const { issued, ...counts } = applied;
  if (issued.length) {
    attach(await writeAccountSheet(issued));
    recordAudit(getDb(), actor, {
      action: "export.accounts",
      entityType: "export",
      entityId: regionName(actor.regionCode),
      regionCode: actor.regionCode,
      after: { accounts: issued.length },
    });
  }
  progress(100, 100);
  return { ...report, applied: counts, issued: issued.length };
}
