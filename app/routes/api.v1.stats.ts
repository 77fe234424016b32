import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { domainError } from "~/server/platform/http.server";
import { regionStats } from "~/server/analysis/stats.server";
import { isDomain } from "~/utils/domains";
import { defaultStatsYear, trendYears } from "~/utils/years";
import { parseYear } from "~/server/platform/validation.server";

/** GET ?region=&domain=&year=: grade counts, the 最强 ratio against the year's target, per child region, and the trend. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const domain = url.searchParams.get("domain") || undefined;
  if (domain && !isDomain(domain)) throw domainError(400, `未知的领域 ${domain}。`);
  const year = parseYear(url.searchParams.get("year"), "year", defaultStatsYear());
  return Response.json(
    regionStats(actor, { region: url.searchParams.get("region") || actor.regionCode, domain, year }, trendYears(year)),
  );
}
