import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { auditEntry } from "~/server/audit/audit.server";
import { domainError } from "~/server/platform/http.server";

/** GET (extension): one audit entry with the content before and after the change. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  if (!/^\d+$/.test(params.id!)) throw domainError(400, "审计记录编号必须是整数。");
  return Response.json(auditEntry(actor, Number(params.id)));
}
