import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { dissolveBranch, REASON_BODY } from "~/server/regions/organisation.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";

const parseReason = bodyParser<{ reason: string }>(REASON_BODY);

/** POST { reason } (extension): dissolves a branch; its history stays and its accounts are disabled. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const id = parseId(params.id, "该支部");
  return Response.json(dissolveBranch(actor, id, parseReason(body).reason));
}
