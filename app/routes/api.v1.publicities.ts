import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { openPublicity, publicitiesOf } from "~/server/cycle/publicity.server";
import { bodyParser, parseYear, yearSchema } from "~/server/platform/validation.server";

const parseOpening = bodyParser<{
  region: string;
  year: number;
  submissionIds?: number[];
  startsOn?: string;
  title?: string;
}>({
  type: "object",
  required: ["region", "year"],
  additionalProperties: false,
  properties: {
    region: { type: "string", maxLength: 20, description: "应为区域代码" },
    year: yearSchema,
    submissionIds: { type: "array", maxItems: 20000, items: { type: "integer" }, description: "应为申报编号列表" },
    startsOn: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "应为日期，如 2026-03-31" },
    title: { type: "string", maxLength: 100, description: "标题最多 100 字" },
  },
});

/** GET (extension) `?region=&year=`: the 公示s of a region's scope for a year. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const region = url.searchParams.get("region") ?? actor.regionCode;
  return Response.json({ publicities: publicitiesOf(actor, region, parseYear(url.searchParams.get("year"))) });
}

/** POST (extension) `{ region, year, submissionIds?, startsOn?, title? }`: opens a 公示 of rated results. 201. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(openPublicity(actor, parseOpening(body)), { status: 201 });
}
