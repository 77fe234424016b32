import type { ActionFunctionArgs } from "@remix-run/node";
import { bodyParser } from "~/server/platform/validation.server";
import { readApiWrite } from "~/server/auth/access.server";
import { publishDraft, republishRevision } from "~/server/rulesets/publishing.server";

/**
 * POST: publish the pending draft as the next immutable revision (refused with 422 when lint or a case fails).
 * Body `{ "fromRevision": N }` publishes revision N's content again instead: a rollback that keeps the history.
 */
const parsePublishRequest = bodyParser<{ fromRevision?: number }>({
  type: "object",
  properties: { fromRevision: { type: "integer", minimum: 1, description: "应为已发布的版本号（正整数）" } },
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const { fromRevision: from } = parsePublishRequest(body ?? {});
  const { row, ruleset, cases } =
    from === undefined
      ? await publishDraft(actor, params.region!, params.domain!)
      : await republishRevision(actor, params.region!, params.domain!, from);
  return Response.json(
    {
      id: row.rulesetId,
      status: "published",
      revision: row.revision,
      hash: row.sha256,
      resolvedHash: ruleset.hash,
      parents: row.parents,
      cases,
      publishedAt: row.createdAt,
    },
    { status: 201 },
  );
}
