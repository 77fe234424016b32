import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatDiff } from "~/engine/diff";
import { requireApiActor } from "~/server/auth/access.server";
import { compareRulesets, parseRulesetRef } from "~/server/analysis/compare.server";

/** GET ?a=ID[@rev]&b=ID[@rev]: the semantic diff, with the same diff as Chinese text. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const { a, b, diff } = compareRulesets(
    actor,
    parseRulesetRef(url.searchParams.get("a"), "a"),
    parseRulesetRef(url.searchParams.get("b"), "b"),
  );
  return Response.json({ a, b, diff, text: formatDiff(diff) });
}
