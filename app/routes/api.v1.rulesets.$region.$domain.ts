import { bodyParser } from "~/server/platform/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize, readApiWrite, requireApiActor } from "~/server/auth/access.server";
import { domainError, notFound } from "~/server/platform/http.server";
import { latestPublished, publishedRevision } from "~/server/rulesets/revisions.server";
import { latestDraft, rulesetKey, saveDraft } from "~/server/rulesets/publishing.server";

/** GET: the published revision (or `?revision=N`, or `?draft=1` for the owning region's admins). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const regionCode = params.region!;
  const id = rulesetKey(regionCode, params.domain!);
  const url = new URL(request.url);
  if (url.searchParams.has("draft")) {
    authorize(actor, { action: "standards.readDraft", regionCode }, `规则集 ${id} 的草稿`);
    const draft = latestDraft(id);
    if (!draft) throw notFound(`规则集 ${id} 的草稿`);
    return Response.json({ id, status: "draft", hash: draft.sha256, savedAt: draft.createdAt, content: draft.content });
  }
  authorize(actor, { action: "standards.readPublished", regionCode }, `规则集 ${id}`);
  const revisionParam = url.searchParams.get("revision");
  if (revisionParam !== null && !/^[1-9]\d*$/.test(revisionParam)) {
    throw domainError(400, "参数 revision 必须是正整数。");
  }
  const row = revisionParam ? publishedRevision(id, Number(revisionParam)) : latestPublished(id);
  if (!row) throw notFound(revisionParam ? `规则集 ${id} 的第 ${revisionParam} 版` : `规则集 ${id} 的已发布版本`);
  return Response.json({
    id,
    status: "published",
    revision: row.revision,
    hash: row.sha256,
    publishedAt: row.createdAt,
    content: row.content,
  });
}

/** PUT: save a draft. */
const parseRulesetContent = bodyParser<Record<string, unknown>>({
  type: "object",
  description: "规则集必须是 JSON 对象",
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "PUT");
  const regionCode = params.region!;
  const id = rulesetKey(regionCode, params.domain!);
  authorize(actor, { action: "standards.write", regionCode }, `规则集 ${id}`);
  const row = saveDraft(actor, regionCode, params.domain!, parseRulesetContent(body));
  return Response.json({ id, status: "draft", hash: row.sha256, savedAt: row.createdAt }, { status: 200 });
}
