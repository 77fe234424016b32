import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { workbookResponse } from "~/server/spreadsheets/workbook.server";
import { rulesetKey } from "~/server/rulesets/publishing.server";
import { buildTemplate } from "~/server/spreadsheets/template.server";
import { defaultStatsYear } from "~/utils/years";
import { parseYear } from "~/server/platform/validation.server";

/** GET ?year= (extension): the fill-in template of a published rule set's form, one row per branch it applies to. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const id = rulesetKey(params.region!, params.domain!);
  const year = parseYear(new URL(request.url).searchParams.get("year"), "year", defaultStatsYear());
  const { workbook, filename } = await buildTemplate(actor, id, year);
  return workbookResponse(workbook, filename);
}
