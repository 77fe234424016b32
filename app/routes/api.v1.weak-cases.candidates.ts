import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { weakCandidates } from "~/server/cycle/weak.server";
import { parseYear } from "~/server/platform/validation.server";

/** GET (extension) `?region=&year=`: 排查 — branches worth a look, each with why. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const region = url.searchParams.get("region") ?? actor.regionCode;
  return Response.json({ candidates: weakCandidates(actor, region, parseYear(url.searchParams.get("year"))) });
}
