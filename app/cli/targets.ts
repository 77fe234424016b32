import fs from "node:fs";
import path from "node:path";
import { fileLibrary, type FileLibrary } from "../server/rulesets/files.server";
import { stringOption, type ParsedArgs } from "./args";

/** Where rule sets and forms live, from `--rulesets` / `--schemas` or the defaults of DESIGN.md §4. */
export type Roots = { rulesets?: string; schemas?: string };

export function rootsFrom(args: ParsedArgs): Roots {
  return { rulesets: stringOption(args, "rulesets"), schemas: stringOption(args, "schemas") };
}

/** The libraries of one invocation: files are read once per run, and read afresh by the next one. */
const libraries = new Map<string, FileLibrary>();

export const forgetLibraries = () => libraries.clear();

export function libraryFor(rulesetsDir: string, schemasDir: string): FileLibrary {
  const key = `${path.resolve(rulesetsDir)}\u0000${path.resolve(schemasDir)}`;
  if (!libraries.has(key)) libraries.set(key, fileLibrary(path.resolve(rulesetsDir), path.resolve(schemasDir)));
  return libraries.get(key)!;
}

export function defaultLibrary(roots: Roots): FileLibrary {
  return libraryFor(roots.rulesets ?? "rulesets", roots.schemas ?? "schemas");
}

/**
 * A rule-set file's library: `--rulesets` when given, else the folder that holds `<region>/<domain>.json`.
 * Its forms come from `--schemas`, else a `schemas/` folder beside that one, else `schemas/`.
 */
export function rulesetInFile(file: string, roots: Roots): { id: string; library: FileLibrary } | { error: string } {
  const abs = path.resolve(file);
  const domain = path.basename(abs, ".json");
  const region = path.basename(path.dirname(abs));
  if (!/^[0-9]{6}$/.test(region) || !/^[a-z][a-z0-9-]*$/.test(domain)) {
    return { error: "规则集文件应位于 <区划代码>/<领域>.json，如 rulesets/150000/village.json" };
  }
  const root = roots.rulesets ? path.resolve(roots.rulesets) : path.dirname(path.dirname(abs));
  const sibling = path.join(path.dirname(root), "schemas");
  const schemas = roots.schemas ?? (fs.existsSync(path.join(sibling, "forms")) ? sibling : "schemas");
  if (path.resolve(root, region, `${domain}.json`) !== abs) {
    return { error: `文件不在 --rulesets 目录 ${root} 中` };
  }
  return { id: `${region}/${domain}`, library: libraryFor(root, schemas) };
}

/** Every .json file under the given paths, sorted. */
export function jsonFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new Error(`路径不存在：${p}`);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort())
        if (!entry.startsWith(".") && entry !== "node_modules") walk(path.join(p, entry));
    } else if (p.endsWith(".json")) out.push(p);
  };
  paths.forEach(walk);
  return out;
}

export const isFormFile = (file: string) =>
  /\.(schema|ui)\.json$/.test(file) && path.basename(file) !== "ruleset.schema.json";

/** The library's table of source documents (`schemas/sources.json`), read by the app, not a rule set. */
export const isSourcesFile = (file: string) =>
  path.basename(file) === "sources.json" && !/^[0-9]{6}$/.test(path.basename(path.dirname(path.resolve(file))));
