import { isPlainObject } from "./json";
import type { Library, LoadedRuleset } from "./resolve";
import type { LintError } from "./types";

/**
 * The regions above an administrative division code, nearest first: a county 150102 → 150100, 150000; a city
 * 150100 → 150000; a province → none. Libraries that know the region tree (the database's) say it themselves.
 */
export function administrativeAncestors(regionCode: string): string[] {
  if (!/^\d{6}$/.test(regionCode)) return [];
  const city = `${regionCode.slice(0, 4)}00`;
  const province = `${regionCode.slice(0, 2)}0000`;
  return [city, province].filter((code, i, all) => code !== regionCode && all.indexOf(code) === i);
}

/**
 * DESIGN.md §3: a region's rule set for a domain extends the nearest ancestor region's rule set for that domain
 * whenever one exists, and stands alone only where none does — otherwise a copy without `extends` would escape
 * every lock and bound above it (不搞层层加码).
 */
export function checkNearestAncestor(id: string, loaded: LoadedRuleset, library: Library): LintError[] {
  const content = loaded.content;
  if (!isPlainObject(content)) return [];
  const [region, domain] = id.split("/");
  const ancestors = library.ancestors?.(region) ?? administrativeAncestors(region);
  const nearest = ancestors.map((code) => `${code}/${domain}`).find((candidate) => library.ruleset(candidate));
  const declared = typeof content.extends === "string" ? content.extends : undefined;
  const at = { file: loaded.file, path: "$.extends" };
  if (nearest && declared !== nearest) {
    return [
      {
        ...at,
        message: declared
          ? `应继承最近的上级区域规则集 ${nearest}，而不是 ${declared}`
          : `上级区域已有该领域的规则集 ${nearest}：本规则集必须继承它（"extends": "${nearest}"），不能另立一套而绕开上级的锁定和范围`,
        parent: nearest,
        forbiddenBy: "extends",
      },
    ];
  }
  if (!nearest && declared && library.ruleset(declared)) {
    return [
      {
        ...at,
        message: `${declared} 不是本区域上级区域的同领域规则集：只能继承上级区域的规则集，上级没有时本规则集应独立成立`,
      },
    ];
  }
  return [];
}
