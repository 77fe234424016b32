import type { ActionFunctionArgs } from "@remix-run/node";
import { bodyParser, yearSchema } from "~/server/platform/validation.server";
import { authorize, readApiWrite } from "~/server/auth/access.server";
import { startJob } from "~/server/platform/jobs.server";
import { exportLedger } from "~/server/spreadsheets/ledger.server";
import { DOMAINS, type DomainId } from "~/utils/domains";

/** POST { region?, domain?, year } (extension) → 202 with a job; the finished 台账 downloads from /api/v1/jobs/:id/xlsx. */
const parseLedgerRequest = bodyParser<{ year: number; region?: string; domain?: DomainId }>({
  type: "object",
  required: ["year"],
  properties: {
    year: yearSchema,
    region: { type: "string", description: "应为区域代码" },
    domain: { enum: DOMAINS.map((d) => d.id), description: "应为领域代码，如 village" },
  },
});

export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const { year, region = actor.regionCode, domain } = parseLedgerRequest(body);
  authorize(actor, { action: "region.read", regionCode: region }, `区域 ${region} 的台账`);
  const job = startJob(actor, "ledger", async (progress, attach) => {
    const { file, rows } = await exportLedger(actor, { region, domain, year }, progress);
    attach(file);
    return { rows };
  });
  return Response.json({ job: job.id, status: job.status, url: `/api/v1/jobs/${job.id}` }, { status: 202 });
}
