import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiWrite, requireApiActor } from "~/server/auth/access.server";
import {
  BRANCH_FIELDS,
  changeBranch,
  organisationHistory,
  type BranchInput,
} from "~/server/regions/organisation.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";

/** GET (extension): what happened to a branch in the caller's scope, newest first. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  return Response.json({ history: organisationHistory(actor, "branch", String(parseId(params.id, "该支部"))) });
}

const parseChange = bodyParser<Partial<BranchInput>>({ type: "object", properties: BRANCH_FIELDS });

/** POST { any branch field, region? } (extension): edits a branch, or moves it (with its accounts) to another region. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  return Response.json(changeBranch(actor, parseId(params.id, "该支部"), parseChange(body)));
}
