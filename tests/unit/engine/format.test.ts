import { describe, expect, it } from "vitest";
import rulesetSchema from "../../../schemas/ruleset.schema.json";

type Node = Record<string, unknown>;

/** Every property the format defines, with its JSON path inside the schema. */
function properties(node: unknown, at = "#"): [string, Node][] {
  if (!node || typeof node !== "object") return [];
  const out: [string, Node][] = [];
  for (const [key, value] of Object.entries(node as Node)) {
    if (key === "properties" && value && typeof value === "object") {
      for (const [name, prop] of Object.entries(value as Node)) out.push([`${at}/properties/${name}`, prop as Node]);
    }
    out.push(...properties(value, `${at}/${key}`));
  }
  return out;
}

describe("schemas/ruleset.schema.json", () => {
  it("describes every property in Chinese, for the editor to show", () => {
    const all = properties(rulesetSchema);
    expect(all.length).toBeGreaterThan(60);
    const undescribed = all.filter(([, prop]) => {
      const description = prop.description ?? (prop.$ref ? "via $ref" : undefined);
      return typeof description !== "string" || !/[\u4e00-\u9fff]|via \$ref/.test(description);
    });
    expect(undescribed.map(([path]) => path)).toEqual([]);
  });
});
