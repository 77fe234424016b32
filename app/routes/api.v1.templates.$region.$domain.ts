import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { workbookResponse } from "~/server/spreadsheets/workbook.server";
import { jsonError } from "~/server/platform/http.server";
import { rulesetKey } from "~/server/rulesets/publishing.server";
import { buildTemplate } from "~/server/spreadsheets/template.server";
import { statsYears } from "~/utils/years";

/** GET ?year= (extension): the fill-in template of a published rule set's form, one row per branch it applies to. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const id = rulesetKey(params.region!, params.domain!);
  const { year } = statsYears(new URL(request.url).searchParams.get("year"));
  if (year === null) throw jsonError(400, "参数 year 应为 2000–2100 之间的整数。");
  const { workbook, filename } = await buildTemplate(actor, id, year);
  return workbookResponse(workbook, filename);
}
