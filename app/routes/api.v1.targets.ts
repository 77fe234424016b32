import type { ActionFunctionArgs } from "@remix-run/node";
import { isPlainObject } from "~/engine/json";
import { readApiWrite } from "~/server/auth/access.server";
import { jsonError } from "~/server/platform/http.server";
import { setTarget } from "~/server/analysis/targets.server";

/** POST { region, year, ratio } (extension): a region's 最强 target for a year, by its admins. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  if (!isPlainObject(body) || typeof body.region !== "string")
    throw jsonError(422, "请指定区域", [{ path: "$.region", message: "应为区域代码" }]);
  setTarget(actor, body.region, body.year as number, body.ratio as number);
  return Response.json({ region: body.region, year: body.year, ratio: body.ratio });
}
