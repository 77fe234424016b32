import type { ActionFunctionArgs } from "@remix-run/node";
import { isPlainObject } from "~/engine/json";
import { authorize, readApiWrite } from "~/server/auth/access.server";
import { jsonError } from "~/server/platform/http.server";
import { startJob } from "~/server/platform/jobs.server";
import { exportLedger } from "~/server/spreadsheets/ledger.server";
import { isDomain } from "~/utils/domains";

/** POST { region?, domain?, year } (extension) → 202 with a job; the finished 台账 downloads from /api/v1/jobs/:id/xlsx. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  if (!isPlainObject(body) || typeof body.year !== "number" || !Number.isInteger(body.year))
    throw jsonError(422, "请指定年度", [{ path: "$.year", message: "应为整数年度" }]);
  const region = typeof body.region === "string" ? body.region : actor.regionCode;
  const domain = typeof body.domain === "string" && body.domain ? body.domain : undefined;
  if (domain && !isDomain(domain))
    throw jsonError(422, "领域不正确", [{ path: "$.domain", message: `未知的领域 ${domain}` }]);
  authorize(actor, { action: "region.read", regionCode: region }, `区域 ${region} 的台账`);
  const year = body.year;
  const job = startJob(actor, "ledger", (progress) => exportLedger(actor, { region, domain, year }, progress));
  return Response.json({ job: job.id, status: job.status, url: `/api/v1/jobs/${job.id}` }, { status: 202 });
}
