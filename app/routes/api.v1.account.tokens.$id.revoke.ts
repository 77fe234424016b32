import type { ActionFunctionArgs } from "@remix-run/node";
import { parseId } from "~/server/platform/validation.server";
import { readApiWrite } from "~/server/auth/access.server";
import { revokeOwnToken } from "~/server/auth/accounts.server";

/** POST (extension): revokes one of the signed-in user's own API tokens; anyone else's is a 404. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await readApiWrite(request, "POST");
  const id = parseId(params.id, "该令牌");
  revokeOwnToken(actor, id);
  return Response.json({ revoked: true });
}
