import type { ActionFunctionArgs } from "@remix-run/node";
import { bodyParser } from "~/server/platform/validation.server";
import { readApiWrite } from "~/server/auth/access.server";
import { publishDraft, republishRevision } from "~/server/rulesets/publishing.server";

/**
 * POST: publish the pending draft as the next immutable revision (refused with 422 when lint or a case fails).
 * Body `{ "fromRevision": N }` publishes revision N's content again instead: a rollback that keeps the history.
 * `note` (extension): why, in the author's words, kept in the audit log and the version history.
 */
const parsePublishRequest = bodyParser<{ fromRevision?: number; note?: string }>({
  type: "object",
  properties: {
    fromRevision: { type: "integer", minimum: 1, description: "应为已发布的版本号（正整数）" },
    note: { type: "string", maxLength: 500, description: "修改说明最多 500 个字" },
  },
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const { fromRevision: from, note } = parsePublishRequest(body ?? {});
  const trimmed = note?.trim() || undefined;
  const { row, ruleset, cases } =
    from === undefined
      ? await publishDraft(actor, params.region!, params.domain!, trimmed)
      : await republishRevision(actor, params.region!, params.domain!, from, trimmed);
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
