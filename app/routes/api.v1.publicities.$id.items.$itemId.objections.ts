import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { recordObjection } from "~/server/cycle/publicity.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";

const parseObjection = bodyParser<{ content: string; source?: string }>({
  type: "object",
  required: ["content"],
  additionalProperties: false,
  properties: {
    content: { type: "string", maxLength: 2000, description: "异议内容最多 2000 字" },
    source: { type: "string", maxLength: 200, description: "来源最多 200 字" },
  },
});

/** POST (extension) `{ content, source? }`: an 异议 on one result of a 公示 not yet closed. 201. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const detail = recordObjection(
    actor,
    parseId(params.id, "该公示"),
    parseId(params.itemId, "该公示结果"),
    parseObjection(body),
  );
  return Response.json(detail, { status: 201 });
}
