import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { changeOwnPassword } from "~/server/auth/accounts.server";
import { sessionHash } from "~/server/auth/session.server";
import { bodyParser } from "~/server/platform/validation.server";

const parsePasswordChange = bodyParser<{ current: string; next: string }>({
  type: "object",
  required: ["current", "next"],
  properties: {
    current: { type: "string", maxLength: 256, description: "应为当前密码" },
    next: { type: "string", maxLength: 256, description: "应为新密码" },
  },
});

/** POST { current, next } (extension): the signed-in user's own new password; their other sessions end. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  await changeOwnPassword(actor, parsePasswordChange(body), await sessionHash(request));
  return Response.json({ changed: true });
}
