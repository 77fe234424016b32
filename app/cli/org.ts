import fs from "node:fs";
import path from "node:path";
import { toActor, type Actor } from "../server/auth/session.server";
import { userByName } from "../server/auth/accounts.server";
import { getDb } from "../server/platform/db.server";
import { DomainError } from "../server/platform/http.server";
import { migrateDatabase } from "../server/platform/migrate.server";
import { applyOrgPlan } from "../server/regions/org-apply.server";
import { previewOf, ORG_LIMITS, writeAccountSheet } from "../server/regions/org-import-job.server";
import { planOrgImport } from "../server/regions/org-import.server";
import { forgetRegions, getRegion, regionsByCode } from "../server/regions/regions.server";
import { exportOrganisation, ORG_NOT_TEMPLATE, ORG_SHEET_HEADERS } from "../server/spreadsheets/org-workbook.server";
import { readSheetsByHeader } from "../server/spreadsheets/sheet-reader.server";
import { UsageError, stringOption, type ParsedArgs } from "./args";

const ORG_USAGE = `用法：
  branchmark org export <文件.xlsx> [--as 管理员 | --region 代码]
                          把组织机构（区域、党支部、账号，不含密码）导出为导入模板格式
  branchmark org import <文件.xlsx> [--dry-run] [--valid-only] [--as 管理员 | --region 代码] [--accounts 文件.xlsx]
                          检查并导入组织机构；--dry-run 只检查和预览；有错误时不写入，除非 --valid-only；
                          新账号的初始密码写入 --accounts 指定的账号分发表（默认在导入文件旁）
  --as 以该管理员的身份和管辖范围操作（记入审计日志）；--region 以平台运维身份在该区域范围内操作；
  都不给时，数据库只有一个顶级区域则用它。`;

/** Who the command acts as: a named admin, or the platform's operator within a region (audited as 平台). */
function actingAs(args: ParsedArgs): Actor {
  migrateDatabase(getDb());
  const name = stringOption(args, "as");
  if (name) {
    const user = userByName(name);
    if (user.role !== "admin") throw new UsageError(`${name} 不是管理员，不能管理组织机构`);
    return toActor(user);
  }
  const roots = [...regionsByCode().values()].filter((r) => !r.parentCode);
  const code = stringOption(args, "region") ?? (roots.length === 1 ? roots[0].code : undefined);
  if (!code)
    throw new UsageError(
      `数据库中有 ${roots.length} 个顶级区域（${roots.map((r) => `${r.name} ${r.code}`).join("、")}）：请用 --region 或 --as 指定范围`,
    );
  const region = getRegion(code);
  if (!region) throw new UsageError(`区域 ${code} 不存在`);
  return {
    id: 0,
    username: "cli",
    displayName: "命令行",
    role: "admin",
    regionCode: region.code,
    regionName: region.name,
    branchId: null,
    mustChangePassword: false,
  };
}

export async function orgCommand(args: ParsedArgs): Promise<number> {
  const [, verb, file] = args.positionals;
  if ((verb !== "import" && verb !== "export") || !file) throw new UsageError(ORG_USAGE);
  try {
    const actor = actingAs(args);
    if (verb === "export") {
      const written = await exportOrganisation(actor);
      fs.copyFileSync(written, file);
      fs.rmSync(path.dirname(written), { recursive: true, force: true });
      console.log(`已导出${actor.regionName}的组织机构到 ${file}。`);
      return 0;
    }
    if (!fs.existsSync(file)) throw new UsageError(`文件 ${file} 不存在`);
    const sheets = await readSheetsByHeader(
      { sheets: ORG_SHEET_HEADERS, notTemplate: ORG_NOT_TEMPLATE, limits: ORG_LIMITS },
      fs.readFileSync(file),
      768,
    );
    const plan = await planOrgImport(actor, sheets);
    const preview = previewOf(plan);
    const names = { regions: "区域", branches: "党支部", accounts: "账号" } as const;
    for (const [key, title] of Object.entries(names)) {
      const c = preview.counts[key as keyof typeof names];
      console.log(`${title}：${c.rows} 行，新增 ${c.add}，修改 ${c.change}，不变 ${c.same}`);
    }
    for (const e of plan.errors) console.error(`${e.sheet} 第 ${e.row} 行「${e.column}」：${e.message}`);
    const validOnly = args.options["valid-only"] === true;
    if (args.options["dry-run"] === true) {
      console.log(
        plan.errors.length
          ? `共 ${plan.errors.length} 处错误；未写入任何内容。`
          : "检查通过；未写入任何内容（--dry-run）。",
      );
      return plan.errors.length ? 1 : 0;
    }
    if (plan.errors.length && !validOnly) {
      console.error(
        `共 ${plan.errors.length} 处错误：未写入任何内容。改正后重新导入，或用 --valid-only 只导入无误的行。`,
      );
      return 1;
    }
    const applied = applyOrgPlan(getDb().$client, actor.id || null, plan, () => undefined);
    forgetRegions();
    console.log(
      `已导入：区域新增 ${applied.regions.added}、修改 ${applied.regions.changed}；党支部新增 ${applied.branches.added}、修改 ${applied.branches.changed}；账号新增 ${applied.accounts.added}、修改 ${applied.accounts.changed}。`,
    );
    if (applied.issued.length) {
      const target =
        stringOption(args, "accounts") ??
        path.join(path.dirname(file), `${path.basename(file, ".xlsx")}-账号分发表.xlsx`);
      const written = await writeAccountSheet(applied.issued);
      fs.copyFileSync(written, target);
      fs.rmSync(path.dirname(written), { recursive: true, force: true });
      console.log(`${applied.issued.length} 个新账号的初始密码已写入 ${target}：分发后请销毁该文件。`);
    }
    return plan.errors.length ? 1 : 0;
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(error.message);
    throw error;
  }
}
