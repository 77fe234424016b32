import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { searchBranches } from "~/server/regions/branches.server";

/**
 * GET ?region=&q= (extension): up to 50 branches of a region in an admin's or reviewer's scope, by name — for
 * pickers, which search instead of loading a province's tens of thousands of branches.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const region = url.searchParams.get("region") || actor.regionCode;
  return Response.json({ branches: searchBranches(actor, region, url.searchParams.get("q") ?? "") });
}
