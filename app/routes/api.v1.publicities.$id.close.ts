import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { closePublicity } from "~/server/cycle/publicity.server";
import { parseId } from "~/server/platform/validation.server";

/** POST (extension) `{}`: ends a 公示 whose period is over and whose objections are all handled. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await readApiWrite(request, "POST");
  return Response.json(closePublicity(actor, parseId(params.id, "该公示")));
}
