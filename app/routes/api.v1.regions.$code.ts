import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { changeRegion, organisationHistory, REGION_FIELDS } from "~/server/regions/organisation.server";
import { bodyParser } from "~/server/platform/validation.server";

/** GET (extension): what happened to a region in the caller's scope, newest first. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  return Response.json({ history: organisationHistory(actor, "region", params.code!) });
}

const parseChange = bodyParser<{ name?: string; parent?: string }>({ type: "object", properties: REGION_FIELDS });

/** POST { name?, parent? } (extension): renames a region below the admin's own and/or moves it with its subtree. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(changeRegion(actor, params.code!, parseChange(body)));
}
