import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../server/platform/db.server";
import { exportLibrary, importLibrary, type ImportReport } from "../server/rulesets/import.server";
import { migrateDatabase } from "../server/platform/migrate.server";
import { UsageError, stringOption, type ParsedArgs } from "./args";
import { formatLintError } from "./rules";

export function printImportReport(report: ImportReport): number {
  let failed = 0;
  for (const [kind, items] of [
    ["表单", report.forms],
    ["规则集", report.rulesets],
  ] as const) {
    for (const item of items) {
      if (item.status === "error") {
        failed++;
        console.log(`✗ ${kind} ${item.id}：有错误，未导入`);
        for (const e of item.errors ?? []) console.log(`    ${formatLintError(e)}`);
      } else if (item.status === "new") console.log(`✓ ${kind} ${item.id}：发布为第 ${item.revision} 版`);
    }
  }
  const count = (items: ImportReport["forms"], status: string) => items.filter((i) => i.status === status).length;
  console.log(
    `导入完成：表单 ${count(report.forms, "new")} 个新版本、${count(report.forms, "unchanged")} 个未变化；` +
      `规则集 ${count(report.rulesets, "new")} 个新版本、${count(report.rulesets, "unchanged")} 个未变化${failed ? `；${failed} 个有错误未导入` : ""}`,
  );
  return failed;
}

/** `import rulesets <dir> [--schemas DIR]` and `export rulesets <dir> [--schemas DIR]`: files ↔ database. */
export async function libraryCommand(args: ParsedArgs): Promise<number> {
  const [verb, what, dir] = args.positionals;
  if (what !== "rulesets" || !dir) throw new UsageError(`用法：branchmark ${verb} rulesets <目录> [--schemas 目录]`);
  const { db, sqlite } = openDatabase();
  try {
    migrateDatabase(db);
    if (verb === "import") {
      if (!fs.existsSync(dir)) throw new UsageError(`目录不存在：${dir}`);
      const sibling = path.join(path.dirname(path.resolve(dir)), "schemas");
      const schemasDir =
        stringOption(args, "schemas") ?? (fs.existsSync(path.join(sibling, "forms")) ? sibling : "schemas");
      return printImportReport(importLibrary(db, dir, schemasDir)) ? 1 : 0;
    }
    const counts = exportLibrary(db, dir, stringOption(args, "schemas"));
    console.log(`已导出 ${counts.rulesets} 个规则集${counts.forms ? `、${counts.forms} 个表单` : ""}到 ${dir}`);
    return 0;
  } finally {
    sqlite.close();
  }
}
