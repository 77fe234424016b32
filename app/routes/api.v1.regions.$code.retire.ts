import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { retireRegion, REASON_BODY } from "~/server/regions/organisation.server";
import { bodyParser } from "~/server/platform/validation.server";

const parseReason = bodyParser<{ reason: string }>(REASON_BODY);

/** POST { reason } (extension): retires a region with nothing active left below it; its history stays. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(retireRegion(actor, params.code!, parseReason(body).reason));
}
