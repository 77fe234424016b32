import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { revokeOwnToken } from "~/server/auth/accounts.server";
import { notFound } from "~/server/platform/http.server";

/** POST (extension): revokes one of the signed-in user's own API tokens; anyone else's is a 404. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await readApiWrite(request, "POST");
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw notFound("该令牌");
  revokeOwnToken(actor, id);
  return Response.json({ revoked: true });
}
