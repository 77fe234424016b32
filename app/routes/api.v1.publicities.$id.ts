import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { publicityDetail } from "~/server/cycle/publicity.server";
import { parseId } from "~/server/platform/validation.server";

/** GET (extension): a 公示 with each result's status and objections. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  return Response.json(publicityDetail(actor, parseId(params.id, "该公示")));
}
