import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { mergeBranch } from "~/server/regions/organisation.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";

const parseBody = bodyParser<{ into: number }>({
  type: "object",
  required: ["into"],
  properties: { into: { type: "integer", description: "应为合并到的支部编号" } },
});

/** POST { into } (extension): merges the branch into another; it is dissolved and points at the one it joined. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const id = parseId(params.id, "该支部");
  return Response.json(mergeBranch(actor, id, parseBody(body).into));
}
