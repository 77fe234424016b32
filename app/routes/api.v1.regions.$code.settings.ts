import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize, readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { setSettings, settingsFor } from "~/server/cycle/settings.server";
import { bodyParser } from "~/server/platform/validation.server";

const parseSettings = bodyParser<{ publicityDays?: number; finalOnly?: boolean; weakReasons?: string[] }>({
  type: "object",
  additionalProperties: false,
  properties: {
    publicityDays: { type: "integer", minimum: 1, maximum: 30, description: "公示天数应为 1–30 个工作日" },
    finalOnly: { type: "boolean", description: "应为 true 或 false" },
    weakReasons: {
      type: "array",
      maxItems: 30,
      items: { type: "string", minLength: 1, maxLength: 30, description: "每项原因 1–30 字" },
      description: "最多 30 项原因",
    },
  },
});

/** GET (extension): a region's settings for the year around the rating, with what it inherits. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  authorize(actor, { action: "region.read", regionCode: params.code! }, "该区域的设置");
  return Response.json({ settings: settingsFor(params.code!) });
}

/** PUT (extension) `{ publicityDays?, finalOnly?, weakReasons? }` (admins of the region; audited). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "PUT");
  return Response.json({ settings: setSettings(actor, params.code!, parseSettings(body)) });
}
