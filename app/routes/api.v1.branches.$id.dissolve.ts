import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { dissolveBranch } from "~/server/regions/organisation.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";

const parseBody = bodyParser<{ reason: string }>({
  type: "object",
  required: ["reason"],
  properties: { reason: { type: "string", maxLength: 500, description: "应为撤销原因，最多 500 字" } },
});

/** POST { reason } (extension): dissolves a branch; its history stays and its accounts are disabled. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const id = parseId(params.id, "该支部");
  return Response.json(dissolveBranch(actor, id, parseBody(body).reason));
}
