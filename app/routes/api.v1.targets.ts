import type { ActionFunctionArgs } from "@remix-run/node";
import { bodyParser, yearSchema } from "~/server/platform/validation.server";
import { readApiWrite } from "~/server/auth/access.server";
import { setTarget } from "~/server/analysis/targets.server";

const parseTarget = bodyParser<{ region: string; year: number; ratio: number | null }>({
  type: "object",
  required: ["region", "year", "ratio"],
  properties: {
    region: { type: "string", description: "应为区域代码" },
    year: yearSchema,
    ratio: {
      type: ["number", "null"],
      minimum: 0,
      maximum: 1,
      description: "应为 0 到 1 之间的小数，例如 0.3 表示 30%；null 表示清除本年度目标、沿用上级或之前年度的",
    },
  },
});

/** POST { region, year, ratio } (extension): a region's 最强 target for a year, by its admins; `ratio: null` clears it. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const { region, year, ratio } = parseTarget(body);
  setTarget(actor, region, year, ratio);
  return Response.json({ region, year, ratio });
}
