import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { listBranches, searchBranches } from "~/server/regions/branches.server";
import { BRANCH_FIELDS, createBranch, type BranchInput } from "~/server/regions/organisation.server";
import { bodyParser } from "~/server/platform/validation.server";

const STATES = ["active", "dissolved", "all"] as const;

/**
 * GET ?region=&q= (extension): up to 50 active branches of a region in an admin's or reviewer's scope, by name — for
 * pickers, which search instead of loading a province's tens of thousands of branches. With `page=N` (and optionally
 * `domain=`, `state=active|dissolved|all`): that page of 20 with the total, for tables.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const region = url.searchParams.get("region") || actor.regionCode;
  const query = url.searchParams.get("q") ?? "";
  if (!url.searchParams.has("page")) return Response.json({ branches: searchBranches(actor, region, query) });
  const state = url.searchParams.get("state");
  return Response.json(
    listBranches(actor, {
      region,
      query,
      domain: url.searchParams.get("domain") || undefined,
      state: STATES.find((s) => s === state),
      page: Math.max(1, Number(url.searchParams.get("page")) || 1),
    }),
  );
}

const parseBranch = bodyParser<BranchInput>({
  type: "object",
  required: ["name", "region", "domain", "establishedOn", "memberCount"],
  properties: BRANCH_FIELDS,
});

/** POST { name, region, domain, establishedOn, memberCount, secretaryName?, secretaryPhone? } (extension) → 201. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const input = parseBranch(body);
  return Response.json(
    createBranch(actor, {
      ...input,
      secretaryName: input.secretaryName ?? null,
      secretaryPhone: input.secretaryPhone ?? null,
    }),
    { status: 201 },
  );
}
