import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { withdrawEvidence } from "~/server/evidence/evidence.server";
import { parseId } from "~/server/platform/validation.server";

/** POST (extension): takes an evidence file out of the year's evidence; a revision sent with it keeps it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await readApiWrite(request, "POST");
  withdrawEvidence(actor, parseId(params.id, "该佐证材料"));
  return Response.json({ withdrawn: true });
}
