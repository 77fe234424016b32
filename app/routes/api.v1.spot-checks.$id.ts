import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { spotCheck } from "~/server/analysis/spot-checks.server";
import { parseId } from "~/server/platform/validation.server";

/** GET (extension): one spot check with its sample and each submission's latest check result. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  return Response.json(spotCheck(actor, parseId(params.id, "该随机抽查")));
}
