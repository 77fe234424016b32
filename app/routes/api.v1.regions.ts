import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize, readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { addRegion, REGION_FIELDS, type RegionInput } from "~/server/regions/organisation.server";
import { regionChildren } from "~/server/regions/regions.server";
import { bodyParser } from "~/server/platform/validation.server";

/** GET ?parent=CODE (extension): one level of the organisation tree below a region in the caller's scope. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const parent = new URL(request.url).searchParams.get("parent") || actor.regionCode;
  authorize(actor, { action: "region.read", regionCode: parent }, `区域 ${parent}`);
  return Response.json({ regions: regionChildren(parent) });
}

const parseRegion = bodyParser<RegionInput>({
  type: "object",
  required: ["parent", "name", "kind"],
  properties: {
    ...REGION_FIELDS,
    kind: { enum: ["admin", "committee"], description: "应为 admin（行政区域）或 committee（党(工)委）" },
    code: { type: ["string", "null"], maxLength: 12, description: "应为 6 位或 9 位行政区划代码" },
  },
});

/** POST { parent, name, kind, code? } (extension) → 201 the region; a 党(工)委's code is generated. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(addRegion(actor, parseRegion(body)), { status: 201 });
}
