import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { getJob } from "~/server/platform/jobs.server";

/** GET: a background job's progress, and its result once done. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  return Response.json(getJob(actor, params.id!));
}
