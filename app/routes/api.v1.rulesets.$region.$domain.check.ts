import type { ActionFunctionArgs } from "@remix-run/node";
import { authorize, readApiWrite } from "~/server/auth/access.server";
import { checkDraft, rulesetKey } from "~/server/rulesets/publishing.server";

/**
 * POST (extension): what saving and publishing this rule-set JSON would say — lint errors and warnings, and every case run
 * against the resolved rule set — storing nothing. The editor calls it as the administrator types.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST");
  const regionCode = params.region!;
  const id = rulesetKey(regionCode, params.domain!);
  authorize(actor, { action: "standards.readDraft", regionCode }, `规则集 ${id} 的草稿`);
  const { errors, warnings, ruleset, cases } = await checkDraft(id, body);
  return Response.json({
    id,
    errors,
    warnings,
    ruleset: ruleset ?? null,
    cases: cases.map(({ name, failures, result }) => ({
      name,
      passed: failures.length === 0,
      failures,
      actual: {
        grade: result.grade,
        score: result.score,
        stars: result.stars,
        vetoes: result.vetoes.map((v) => v.rule),
        unmet: result.unmet.map((u) => u.rule),
        flags: result.flags.map((f) => f.rule),
      },
    })),
  });
}
