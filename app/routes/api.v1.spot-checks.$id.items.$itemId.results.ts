import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { recordSpotCheckResult } from "~/server/analysis/spot-checks.server";
import { bodyParser, parseId } from "~/server/platform/validation.server";

const parseResult = bodyParser<{ result: "passed" | "failed"; findings: string }>({
  type: "object",
  required: ["result", "findings"],
  properties: {
    result: { enum: ["passed", "failed"], description: "应为 passed（通过）或 failed（不通过）" },
    findings: { type: "string", maxLength: 1000, description: "应为抽查发现的情况，最多 1000 字" },
  },
});

/** POST (extension) `{ result, findings }`: the check of one sampled submission, by an admin or reviewer in scope. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const check = recordSpotCheckResult(
    actor,
    parseId(params.id, "该随机抽查"),
    parseId(params.itemId, "该抽查对象"),
    parseResult(body),
  );
  return Response.json(check, { status: 201 });
}
