import type { EvaluationContext, GivenMaterialCounts, JsonObject, Result } from "~/engine/types";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { notFound } from "../platform/http.server";
import { publishedStandard, standardEvaluator } from "../rulesets/standards.server";
import { bodyParser } from "../platform/validation.server";

const parseScoreRequest = bodyParser<{
  ruleset: string;
  data: JsonObject;
  context?: EvaluationContext;
  materials?: GivenMaterialCounts;
}>({
  type: "object",
  required: ["ruleset", "data"],
  properties: {
    ruleset: {
      type: "string",
      pattern: "^\\d{6}/[a-z][a-z0-9-]*(@\\d+)?$",
      description: "应为规则集编号，如 150000/village 或 150000/village@3",
    },
    data: { type: "object", description: "应为填报数据对象" },
    context: { type: "object", description: "应为对象" },
    materials: {
      type: "object",
      description:
        '应为各项佐证材料的份数，如 { "member-meeting-minutes": { "uploaded": 4, "accepted": 4, "rejected": 0 } }',
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        properties: {
          uploaded: { type: "integer", minimum: 0, description: "已上传的份数，应为非负整数" },
          accepted: { type: "integer", minimum: 0, description: "合格的份数，应为非负整数" },
          rejected: { type: "integer", minimum: 0, description: "不合格的份数，应为非负整数" },
        },
      },
    },
  },
});

/**
 * `POST /api/v1/score`: `{ ruleset: "150000/village" | "150000/village@3", data, context?, materials? }` → Result;
 * nothing is stored.
 */
export function scoreRequest(actor: Actor, body: unknown): Result {
  const request = parseScoreRequest(body);
  const match = /^(\d{6}\/[a-z][a-z0-9-]*)(?:@(\d+))?$/.exec(request.ruleset)!;
  const standard = publishedStandard(match[1], match[2] ? Number(match[2]) : undefined);
  if (!standard) throw notFound(`已发布的规则集 ${request.ruleset}`);
  authorize(
    actor,
    { action: "standards.readPublished", regionCode: standard.ruleset.region },
    `规则集 ${request.ruleset}`,
  );
  return standardEvaluator(standard).scoreSync(
    { data: request.data, context: request.context, materials: request.materials },
    { revision: standard.revision.revision },
  );
}
