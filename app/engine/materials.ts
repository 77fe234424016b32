/**
 * The evidence catalogue's part of evaluation: the `materials` fact (0s for an entry nothing was uploaded for), and
 * the `require` rules a required entry stands for, so that a missing one is listed like any unmet requirement and
 * keeps the grades it is required for out of reach — in both evaluators alike.
 */
import { isPlainObject } from "./json";
import { hasOwn } from "./path";
import type { Grade, Material, MaterialCount, MaterialCounts, Rule } from "./types";

const COUNTS = ["uploaded", "accepted", "rejected"] as const;
const count = (value: unknown) => (Number.isInteger(value) && (value as number) >= 0 ? (value as number) : 0);

/** The fact for a submission: every catalogue entry, with the counts given for it (non-negative integers) or 0. */
export function materialCounts(materials: Material[] | undefined, given?: unknown): MaterialCounts {
  const out: MaterialCounts = {};
  for (const { id } of materials ?? []) {
    const counts = isPlainObject(given) && hasOwn(given, id) && isPlainObject(given[id]) ? given[id] : {};
    out[id] = { uploaded: 0, accepted: 0, rejected: 0 };
    for (const key of COUNTS) out[id][key] = count(counts[key]);
  }
  return out;
}

/** The counts of a set of files, each with its entry and the reviewer's latest 合格 / 不合格 (or none yet). */
export function countFiles(files: { materialId: string; decision: "accepted" | "rejected" | null }[]) {
  const counts: Record<string, MaterialCount> = {};
  for (const f of files) {
    const c = (counts[f.materialId] ??= { uploaded: 0, accepted: 0, rejected: 0 });
    c.uploaded += 1;
    if (f.decision === "accepted") c.accepted += 1;
    if (f.decision === "rejected") c.rejected += 1;
  }
  return counts;
}

/** The id of the rule that stands for a required entry. */
export const materialRuleId = (id: string) => `material-${id}`;

/**
 * A required entry's rule: at least one of its files not rejected (uploaded, or uploaded and accepted). Required
 * for some grades only, it is added to those grades' requirements, and a grade asking for “all” requirements that
 * is not among them gets its list spelled out without it.
 */
export function materialRequirements(materials: Material[], rules: Rule[], grades: Grade[]) {
  const required = materials.filter((m) => m.required === true || (Array.isArray(m.required) && m.required.length));
  const added: Rule[] = required.map((m) => ({
    id: materialRuleId(m.id),
    name: `${m.title}（佐证材料）`,
    conditions: {
      all: [
        {
          fact: "materials",
          path: `$.${m.id}.uploaded`,
          operator: "greaterThan",
          value: { fact: "materials", path: `$.${m.id}.rejected` },
        },
      ],
    },
    event: {
      type: "require",
      params: { message: `缺少佐证材料：${m.title}`, ...(m.source ? { source: m.source } : {}) },
    },
  }));
  const allRules = [...rules, ...added];
  const requireIds = allRules.filter((r) => r.event.type === "require").map((r) => r.id);
  const onlyFor = new Map(
    required.filter((m) => Array.isArray(m.required)).map((m) => [materialRuleId(m.id), m.required as string[]]),
  );
  const adjusted = grades.map((grade): Grade => {
    const applies = (ruleId: string) => !onlyFor.has(ruleId) || onlyFor.get(ruleId)!.includes(grade.id);
    if (grade.requirements === "all")
      return [...onlyFor.keys()].some((id) => !applies(id))
        ? { ...grade, requirements: requireIds.filter(applies) }
        : grade;
    if (Array.isArray(grade.requirements) || onlyFor.size) {
      const own = Array.isArray(grade.requirements) ? grade.requirements : [];
      const extra = [...onlyFor.keys()].filter((id) => onlyFor.get(id)!.includes(grade.id) && !own.includes(id));
      return extra.length ? { ...grade, requirements: [...own, ...extra] } : grade;
    }
    return grade;
  });
  return { rules: allRules, grades: adjusted };
}
