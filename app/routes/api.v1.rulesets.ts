import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { listRulesets } from "~/server/rulesets/publishing.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  return Response.json({ rulesets: listRulesets(actor) });
}
