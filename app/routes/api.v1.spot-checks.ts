import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { drawSpotCheck, spotChecksOf, type DrawInput } from "~/server/analysis/spot-checks.server";
import { bodyParser, parseYear, requireYear } from "~/server/platform/validation.server";

const parseDraw = bodyParser<DrawInput>({
  type: "object",
  required: ["region", "year"],
  properties: {
    region: { type: "string", maxLength: 20, description: "应为区域代码" },
    year: { type: "integer", description: "应为年度" },
    domain: { type: "string", maxLength: 40, description: "应为领域" },
    grade: { type: "string", maxLength: 40, description: "应为等次编号" },
    size: { type: "integer", minimum: 1, maximum: 10000, description: "抽查数量应为 1–10000 的整数" },
    percent: { type: "integer", minimum: 1, maximum: 100, description: "抽查比例应为 1–100 的整数（百分比）" },
    seed: { type: "string", maxLength: 64, description: "随机种子最多 64 个字符" },
  },
});

/** GET (extension) `?region=&year=`: the spot checks of a region's scope for a year, with their outcomes. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const region = url.searchParams.get("region") ?? actor.regionCode;
  return Response.json({ spotChecks: spotChecksOf(actor, region, parseYear(url.searchParams.get("year"))) });
}

/**
 * POST (extension) `{ region, year, domain?, grade?, size? | percent?, seed? }`: 随机抽查 — a sample of the rated
 * submissions in scope, drawn from the seed given or a new one (recorded). 201 with the sample.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const input = parseDraw(body);
  requireYear(input.year);
  return Response.json(drawSpotCheck(actor, input), { status: 201 });
}
