import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { confirmWeak, weakPipeline } from "~/server/cycle/weak.server";
import { bodyParser, yearSchema } from "~/server/platform/validation.server";

const parseConfirmation = bodyParser<{ branchId: number; year: number; reasons: string[]; note?: string }>({
  type: "object",
  required: ["branchId", "year", "reasons"],
  additionalProperties: false,
  properties: {
    branchId: { type: "integer", description: "应为支部编号" },
    year: yearSchema,
    reasons: { type: "array", maxItems: 20, items: { type: "string", maxLength: 30 }, description: "应为原因列表" },
    note: { type: "string", maxLength: 1000, description: "补充说明最多 1000 字" },
  },
});

/** GET (extension) `?region=`: the 软弱涣散 cases in scope (a branch: its own) and the pipeline per child region. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const region = new URL(request.url).searchParams.get("region") ?? actor.regionCode;
  return Response.json(weakPipeline(actor, region));
}

/** POST (extension) `{ branchId, year, reasons, note? }`: confirms a branch as 软弱涣散 (reviewers and admins in scope). */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(confirmWeak(actor, parseConfirmation(body)), { status: 201 });
}
