import { isPlainObject } from "~/engine/json";
import type { EvaluationContext, JsonObject, Result } from "~/engine/types";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { jsonError, notFound } from "../platform/http.server";
import { publishedStandard, standardEvaluator } from "../rulesets/standards.server";

/** `POST /api/v1/score`: `{ ruleset: "150000/village" | "150000/village@3", data, context? }` → Result; nothing is stored. */
export function scoreRequest(actor: Actor, body: unknown): Result {
  if (!isPlainObject(body) || typeof body.ruleset !== "string")
    throw jsonError(422, "请求缺少 ruleset", [
      { path: "$.ruleset", message: "应为规则集编号，如 150000/village 或 150000/village@3" },
    ]);
  if (!isPlainObject(body.data))
    throw jsonError(422, "请求缺少 data", [{ path: "$.data", message: "应为填报数据对象" }]);
  if (body.context !== undefined && !isPlainObject(body.context))
    throw jsonError(422, "context 不正确", [{ path: "$.context", message: "应为对象" }]);
  const match = /^(\d{6}\/[a-z][a-z0-9-]*)(?:@(\d+))?$/.exec(body.ruleset);
  if (!match)
    throw jsonError(422, "ruleset 格式不正确", [{ path: "$.ruleset", message: "应为 <区划代码>/<领域>[@版本]" }]);
  const standard = publishedStandard(match[1], match[2] ? Number(match[2]) : undefined);
  if (!standard) throw notFound(`已发布的规则集 ${body.ruleset}`);
  authorize(
    actor,
    { action: "standards.readPublished", regionCode: standard.ruleset.region },
    `规则集 ${body.ruleset}`,
  );
  return standardEvaluator(standard).scoreSync(
    { data: body.data as JsonObject, context: body.context as EvaluationContext | undefined },
    { revision: standard.revision.revision },
  );
}
