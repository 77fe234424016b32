/**
 * 催报: the branches of a region's scope that have not submitted for a year, with their 书记 and phone and whether
 * they have started filling — the list an organisation department calls round, as Excel.
 */
import { and, eq, isNull, notInArray } from "drizzle-orm";
import { recordExport } from "../audit/audit.server";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { getDb, schema } from "../platform/db.server";
import { inRegionTree, regionName } from "../regions/regions.server";
import { buildWorkbook } from "../spreadsheets/workbook.server";
import { domainTitle } from "~/utils/domains";
import { calendarFor } from "./calendar.server";

function reminderRows(actor: Actor, region: string, year: number) {
  authorize(actor, { action: "region.read", regionCode: region }, "该区域的催报名单");
  const db = getDb();
  const submitted = db
    .select({ id: schema.submissions.branchId })
    .from(schema.submissions)
    .where(eq(schema.submissions.year, year));
  const drafted = new Set(
    db
      .select({ branchId: schema.submissionDrafts.branchId })
      .from(schema.submissionDrafts)
      .where(eq(schema.submissionDrafts.year, year))
      .all()
      .map((d) => d.branchId),
  );
  return db
    .select()
    .from(schema.branches)
    .where(
      and(
        inRegionTree(schema.branches.regionCode, region),
        isNull(schema.branches.dissolvedAt),
        notInArray(schema.branches.id, submitted),
      ),
    )
    .orderBy(schema.branches.regionCode, schema.branches.name)
    .all()
    .map((b) => ({
      name: b.name,
      region: regionName(b.regionCode),
      domain: domainTitle(b.domain),
      secretary: b.secretaryName ?? "",
      phone: b.secretaryPhone ?? "",
      state: drafted.has(b.id) ? "已开始填写，未申报" : "未开始填写",
    }));
}

export function reminderWorkbook(actor: Actor, region: string, year: number) {
  const rows = reminderRows(actor, region, year);
  const deadline = calendarFor(region, year)?.submitDeadline;
  recordExport(actor, "reminders", `${region}/${year}`, region, { rows: rows.length });
  return buildWorkbook([
    {
      name: deadline ? `催报名单（${year}年度，截止${deadline}）` : `催报名单（${year}年度）`,
      columns: [
        { header: "党支部", key: "name", width: 36 },
        { header: "所属区域", key: "region", width: 18 },
        { header: "领域", key: "domain", width: 12 },
        { header: "书记", key: "secretary", width: 12 },
        { header: "联系电话", key: "phone", width: 16 },
        { header: "填写情况", key: "state", width: 20 },
      ],
      rows,
    },
  ]);
}
