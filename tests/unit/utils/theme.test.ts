import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UNBAKED_COMPONENTS } from "~/utils/theme";

const APP = path.resolve(import.meta.dirname, "../../../app");

/** Every name a module of the app imports from "antd". */
function antdImports(): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of fs.readdirSync(APP, { recursive: true })) {
    const file = path.join(APP, String(name));
    if (!/\.tsx?$/.test(file)) continue;
    const source = fs.readFileSync(file, "utf8");
    for (const [, names] of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"antd"/g))
      for (const imported of names.split(",")) {
        const component = imported
          .trim()
          .split(/\s+as\s+/)[0]
          .replace(/^type\s+/, "");
        if (component) found.set(component, path.relative(APP, file));
      }
  }
  return found;
}

describe("the baked antd stylesheet", () => {
  it("leaves out only components no module of the app imports", () => {
    const imports = antdImports();
    expect(imports.get("Button")).toBeDefined();
    const used = UNBAKED_COMPONENTS.filter((component) => imports.has(component)).map(
      (component) => `${component} (${imports.get(component)})`,
    );
    expect(used).toEqual([]);
  });
});
