import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { updateUser, USER_PLACEMENT_SCHEMA } from "~/server/auth/users.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";
import type { Role } from "~/utils/roles";

const parseChange = bodyParser<{
  displayName?: string;
  role?: Role;
  region?: string;
  branchId?: number | null;
  disabled?: boolean;
}>({
  type: "object",
  properties: {
    ...USER_PLACEMENT_SCHEMA,
    disabled: { type: "boolean", description: "应为 true（停用）或 false（启用）" },
  },
});

/** POST { displayName?, role?, region?, branchId?, disabled? } (extension): changes an account in the admin's subtree. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const id = parseId(params.id, "该账号");
  return Response.json(updateUser(actor, id, parseChange(body)));
}
