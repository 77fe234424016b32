import type { ActionFunctionArgs } from "@remix-run/node";
import { isPlainObject } from "~/engine/json";
import { readApiWrite } from "~/server/auth/access.server";
import { parseRulesetRef } from "~/server/analysis/compare.server";
import { jsonError } from "~/server/platform/http.server";
import { startImpact } from "~/server/analysis/impact.server";

/** POST { a, b, filter?: { region?, year? } } → 202 with the job; poll GET /api/v1/jobs/:id. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  if (!isPlainObject(body)) throw jsonError(422, "请求体应为对象", [{ path: "$", message: "应为 { a, b, filter? }" }]);
  const filter = body.filter ?? {};
  if (!isPlainObject(filter))
    throw jsonError(422, "筛选条件有误", [{ path: "$.filter", message: "应为对象 { region?, year? }" }]);
  if (filter.region !== undefined && typeof filter.region !== "string")
    throw jsonError(422, "筛选条件有误", [{ path: "$.filter.region", message: "应为区域代码" }]);
  const job = startImpact(
    actor,
    parseRulesetRef(typeof body.a === "string" ? body.a : null, "a"),
    parseRulesetRef(typeof body.b === "string" ? body.b : null, "b"),
    {
      region: filter.region as string | undefined,
      year: filter.year === undefined ? undefined : (filter.year as number),
    },
  );
  return Response.json({ job: job.id, status: job.status, url: `/api/v1/jobs/${job.id}` }, { status: 202 });
}
