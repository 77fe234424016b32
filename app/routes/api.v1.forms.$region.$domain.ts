import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize, requireApiActor } from "~/server/auth/access.server";
import { notFound } from "~/server/platform/http.server";
import { rulesetKey } from "~/server/rulesets/publishing.server";
import { parseYear } from "~/server/platform/validation.server";
import { effectiveStandard } from "~/server/rulesets/standards.server";

/** The resolved JSON Schema and uiSchema a branch of this region and domain fills in (`?year=`, default this year). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  rulesetKey(params.region!, params.domain!);
  const year = parseYear(new URL(request.url).searchParams.get("year"), "year", new Date().getFullYear());
  const standard = effectiveStandard(params.region!, params.domain!, year);
  if (!standard?.ruleset.form) throw notFound(`${year} 年度适用于 ${params.region}/${params.domain} 的已发布表单`);
  authorize(
    actor,
    { action: "standards.readPublished", regionCode: standard.ruleset.region },
    `表单 ${standard.ruleset.id}`,
  );
  const { form } = standard.ruleset;
  return Response.json({
    ruleset: { id: standard.ruleset.id, revision: standard.revision.revision, hash: standard.ruleset.hash },
    form: form.id,
    year,
    schema: form.schema,
    uiSchema: form.uiSchema,
  });
}
