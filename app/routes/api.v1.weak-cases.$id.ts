import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { weakCase } from "~/server/cycle/weak.server";
import { parseId } from "~/server/platform/validation.server";

/** GET (extension): one 软弱涣散 case with its plan, reports and files, 验收 and 销号. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  return Response.json(weakCase(actor, parseId(params.id, "该整顿记录")));
}
