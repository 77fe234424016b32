import type { ActionFunctionArgs } from "@remix-run/node";
import { parseId } from "~/server/platform/validation.server";
import { readApiWrite } from "~/server/auth/access.server";
import { resetUserPassword } from "~/server/auth/users.server";

/** POST (extension): a new generated password for an account in the admin's subtree, returned only here. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await readApiWrite(request, "POST");
  const id = parseId(params.id, "该账号");
  return Response.json(await resetUserPassword(actor, id));
}
