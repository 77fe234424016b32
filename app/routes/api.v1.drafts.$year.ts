import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withoutForbiddenKeys } from "~/engine/json";
import type { JsonObject } from "~/engine/types";
import { readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { forbidden, notFound } from "~/server/platform/http.server";
import { getBranch } from "~/server/regions/branches.server";
import { getDraft } from "~/server/submissions/repository.server";
import { saveDraft } from "~/server/submissions/drafts.server";
import { bodyParser, parseYear } from "~/server/platform/validation.server";

const parseDraft = bodyParser<{ data: JsonObject }>({
  type: "object",
  required: ["data"],
  properties: { data: { type: "object", description: "应为填报内容对象" } },
});

/** The signed-in branch's unsubmitted draft for a year. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  if (actor.branchId === null) throw forbidden("草稿");
  const draft = getDraft(actor.branchId, getBranch(actor.branchId).domain, parseYear(params.year));
  if (!draft) throw notFound("草稿");
  return Response.json({ data: draft.data, updatedAt: draft.updatedAt });
}

/** PUT `{ data }`: saves what has been typed so far (no validation: a draft may be incomplete). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "PUT");
  if (actor.branchId === null) throw forbidden("草稿");
  const { data } = parseDraft(body);
  const savedAt = saveDraft(
    actor,
    actor.branchId,
    getBranch(actor.branchId).domain,
    parseYear(params.year),
    withoutForbiddenKeys(data) as JsonObject,
  );
  return Response.json({ savedAt });
}
