import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize, readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { calendarFor, setCalendar, type Windows } from "~/server/cycle/calendar.server";
import { bodyParser, parseYear } from "~/server/platform/validation.server";

const DATE = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "应为日期，如 2026-03-31" };
const parseWindows = bodyParser<Windows>({
  type: "object",
  required: ["selfFrom", "selfTo", "submitDeadline", "reviewDeadline"],
  additionalProperties: false,
  properties: { selfFrom: DATE, selfTo: DATE, submitDeadline: DATE, reviewDeadline: DATE },
});

/** GET (extension): the windows in force for a region and year (its own or from above), or null. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  authorize(actor, { action: "region.read", regionCode: params.region! }, "该区域的年度工作安排");
  return Response.json({ calendar: calendarFor(params.region!, parseYear(params.year)) ?? null });
}

/** PUT (extension) `{ selfFrom, selfTo, submitDeadline, reviewDeadline }`: a region's windows, within its parent's. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "PUT");
  return Response.json({ calendar: setCalendar(actor, params.region!, parseYear(params.year), parseWindows(body)) });
}
