import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { regionName } from "~/server/regions/regions.server";
import { exportOrganisation } from "~/server/spreadsheets/org-workbook.server";
import { sendOnce } from "~/server/spreadsheets/workbook.server";

/** GET ?region= (extension): the region's subtree in the import template's layout (no passwords); audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const region = new URL(request.url).searchParams.get("region") || actor.regionCode;
  return sendOnce(await exportOrganisation(actor, region), `组织机构-${regionName(region)}.xlsx`);
}
