import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { jsonError } from "~/server/platform/http.server";
import { regionStats } from "~/server/analysis/stats.server";
import { isDomain } from "~/utils/domains";
import { statsYears } from "~/utils/years";

/** GET ?region=&domain=&year=: grade counts, the 最强 ratio against the year's target, per child region, and the trend. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const domain = url.searchParams.get("domain") || undefined;
  if (domain && !isDomain(domain)) throw jsonError(400, `未知的领域 ${domain}。`);
  const yearParam = url.searchParams.get("year");
  const { year, trend } = statsYears(yearParam);
  if (year === null) throw jsonError(400, "参数 year 应为 2000–2100 之间的整数。");
  return Response.json(
    regionStats(actor, { region: url.searchParams.get("region") || actor.regionCode, domain, year }, trend),
  );
}
