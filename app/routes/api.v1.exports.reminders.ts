import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { reminderWorkbook } from "~/server/cycle/reminders.server";
import { parseYear } from "~/server/platform/validation.server";
import { workbookResponse } from "~/server/spreadsheets/workbook.server";

/** GET (extension) `?region=&year=`: the 催报 list — branches not yet submitted, with their 书记 and phone — as Excel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const region = url.searchParams.get("region") ?? actor.regionCode;
  const year = parseYear(url.searchParams.get("year"));
  return workbookResponse(reminderWorkbook(actor, region, year), `催报名单-${year}.xlsx`);
}
