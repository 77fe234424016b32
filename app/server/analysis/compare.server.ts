import { diffRulesets, type RulesetDiff } from "~/engine/diff";
import type { ResolvedRuleset } from "~/engine/types";
import { authorize } from "../auth/access.server";
import type { Actor } from "../auth/session.server";
import { domainError, notFound } from "../platform/http.server";
import { latestDraft, lintDraft, rulesetKey } from "../rulesets/publishing.server";
import { publishedStandard } from "../rulesets/standards.server";

/** `150100/village`, `150100/village@3` or `150100/village@draft`: a rule set's newest published revision, one revision, or its draft. */
export type RulesetRef = { id: string; regionCode: string; domain: string; revision: number | "draft" | null };

export function parseRulesetRef(text: string | null, name: string): RulesetRef {
  const match = text ? /^(\d{6})\/([a-z]+)(?:@([1-9]\d*|draft))?$/.exec(text) : null;
  if (!match) throw domainError(400, `参数 ${name} 应写成 区域代码/领域[@版本号或 draft]，例如 150100/village@3。`);
  const [, regionCode, domain, revision] = match;
  return {
    id: rulesetKey(regionCode, domain),
    regionCode,
    domain,
    revision: revision === undefined ? null : revision === "draft" ? "draft" : Number(revision),
  };
}

export type LoadedRef = {
  ref: string;
  label: string;
  revision: number | "draft";
  hash: string;
  ruleset: ResolvedRuleset;
};

/** The resolved rule set a reference names; published revisions for every admin and reviewer, drafts for their owners. */
export function loadRulesetRef(actor: Actor, ref: RulesetRef): LoadedRef {
  if (ref.revision === "draft") {
    authorize(actor, { action: "standards.readDraft", regionCode: ref.regionCode }, `规则集 ${ref.id} 的草稿`);
    const draft = latestDraft(ref.id);
    if (!draft) throw notFound(`规则集 ${ref.id} 的草稿`);
    const { ruleset, errors } = lintDraft(ref.id, draft.content);
    if (!ruleset) throw domainError(409, `规则集 ${ref.id} 的草稿不能解析：${errors.map((e) => e.message).join("；")}`);
    return {
      ref: `${ref.id}@draft`,
      label: `${ruleset.title}（草稿）`,
      revision: "draft",
      hash: ruleset.hash,
      ruleset,
    };
  }
  authorize(actor, { action: "standards.readPublished", regionCode: ref.regionCode }, `规则集 ${ref.id}`);
  const standard = publishedStandard(ref.id, ref.revision ?? undefined);
  if (!standard)
    throw notFound(ref.revision ? `规则集 ${ref.id} 的第 ${ref.revision} 版` : `规则集 ${ref.id} 的已发布版本`);
  const revision = standard.revision.revision!;
  return {
    ref: `${ref.id}@${revision}`,
    label: `${standard.ruleset.title}（第 ${revision} 版）`,
    revision,
    hash: standard.ruleset.hash,
    ruleset: standard.ruleset,
  };
}

export type Comparison = { a: Omit<LoadedRef, "ruleset">; b: Omit<LoadedRef, "ruleset">; diff: RulesetDiff };

export function compareRulesets(
  actor: Actor,
  a: RulesetRef,
  b: RulesetRef,
): Comparison & { rulesets: [ResolvedRuleset, ResolvedRuleset] } {
  const { ruleset: ra, ...la } = loadRulesetRef(actor, a);
  const { ruleset: rb, ...lb } = loadRulesetRef(actor, b);
  return { a: la, b: lb, diff: diffRulesets(ra, rb), rulesets: [ra, rb] };
}
