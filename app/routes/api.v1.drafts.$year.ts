import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { isPlainObject, withoutForbiddenKeys } from "~/engine/json";
import type { JsonObject } from "~/engine/types";
import { readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { forbidden, jsonError, notFound } from "~/server/platform/http.server";
import { getBranch } from "~/server/regions/branches.server";
import { getDraft } from "~/server/submissions/repository.server";
import { saveDraft } from "~/server/submissions/drafts.server";

function yearOf(param: string | undefined): number {
  if (!param || !/^\d{4}$/.test(param)) throw jsonError(400, "年度必须是四位年份。");
  return Number(param);
}

/** The signed-in branch's unsubmitted draft for a year. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  if (actor.branchId === null) throw forbidden("草稿");
  const draft = getDraft(actor.branchId, getBranch(actor.branchId).domain, yearOf(params.year));
  if (!draft) throw notFound("草稿");
  return Response.json({ data: draft.data, updatedAt: draft.updatedAt });
}

/** PUT `{ data }`: saves what has been typed so far (no validation: a draft may be incomplete). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "PUT");
  if (actor.branchId === null) throw forbidden("草稿");
  if (!isPlainObject(body) || !isPlainObject(body.data))
    throw jsonError(422, "草稿内容不正确", [{ path: "$.data", message: "应为对象" }]);
  const savedAt = saveDraft(
    actor,
    actor.branchId,
    getBranch(actor.branchId).domain,
    yearOf(params.year),
    withoutForbiddenKeys(body.data) as JsonObject,
  );
  return Response.json({ savedAt });
}
