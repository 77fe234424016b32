import type { Level, Resolving } from "./resolve-level";
import type { Material } from "./types";

/** Whether a child's `required` keeps at least what its parent's asks. */
function keepsRequirement(parent: Material["required"], child: Material["required"]): boolean {
  if (parent === true) return child === true;
  if (Array.isArray(parent) && parent.length)
    return child === true || (Array.isArray(child) && parent.every((g) => child.includes(g)));
  return true;
}

/**
 * The evidence catalogue: a child adds entries, and may tighten an inherited one — fewer file kinds, fewer or smaller
 * files, required for more grades — never loosen it or make a required entry optional (lint names the parent).
 */
export function applyMaterials(state: Resolving, { rulesetId, content, report }: Level): void {
  for (const [i, entry] of (content.materials ?? []).entries()) {
    const at = `$.materials[${i}]`;
    const index = state.materials.findIndex((m) => m.id === entry.id);
    if (index < 0) {
      state.materials.push(entry);
      state.materialOrigin.set(entry.id, rulesetId);
      continue;
    }
    const origin = state.materialOrigin.get(entry.id)!;
    if (origin === rulesetId) {
      report(`${at}.id`, `佐证材料 ${entry.id} 在本文件中重复`);
      continue;
    }
    const parent = state.materials[index];
    const looser: [string, string][] = [];
    const wider = entry.accept.filter((kind) => !parent.accept.includes(kind));
    if (wider.length) looser.push(["accept", `不能接受上级未允许的文件类型 ${wider.join("、")}`]);
    if (entry.maxFiles > parent.maxFiles) looser.push(["maxFiles", `文件数上限不能高于上级的 ${parent.maxFiles} 个`]);
    if (entry.maxSizeMB > parent.maxSizeMB)
      looser.push(["maxSizeMB", `单个文件大小上限不能高于上级的 ${parent.maxSizeMB} MB`]);
    if (!keepsRequirement(parent.required, entry.required))
      looser.push(["required", "上级要求提交的材料，下级不能改为不要求或减少适用的等次"]);
    for (const [key, message] of looser)
      report(
        `${at}.${key}`,
        `佐证材料 ${entry.id}（${parent.title}）：${message}`,
        origin,
        `materials.${entry.id}.${key}`,
      );
    if (!looser.length) state.materials[index] = entry;
  }
}
