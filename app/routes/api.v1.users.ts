import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { createUser, listUsers, USER_PLACEMENT_SCHEMA } from "~/server/auth/users.server";
import { bodyParser } from "~/server/platform/validation.server";
import { ROLES, type Role } from "~/utils/roles";

/** GET ?q=&role=&region=&page= (extension): a page of the accounts in the admin's subtree. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const role = url.searchParams.get("role");
  return Response.json(
    listUsers(actor, {
      page: Math.max(1, Number(url.searchParams.get("page")) || 1),
      query: url.searchParams.get("q") ?? undefined,
      role: ROLES.includes(role as Role) ? (role as Role) : undefined,
      region: url.searchParams.get("region") || undefined,
    }),
  );
}

const parseNewUser = bodyParser<{
  username: string;
  displayName?: string;
  role: Role;
  region: string;
  branchId?: number | null;
}>({
  type: "object",
  required: ["username", "role", "region"],
  properties: {
    username: { type: "string", maxLength: 40, description: "应为用户名" },
    ...USER_PLACEMENT_SCHEMA,
  },
});

/** POST { username, displayName?, role, region, branchId? } → 201 { id, password }: the password is shown only here. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const input = parseNewUser(body);
  const created = await createUser(actor, {
    ...input,
    displayName: input.displayName ?? "",
    branchId: input.branchId ?? null,
  });
  return Response.json(created, { status: 201 });
}
