import fs from "node:fs";
import path from "node:path";
import { lintRuleset } from "../../engine/lint";
import type { Library } from "../../engine/resolve";
import type { LintError } from "../../engine/types";
import { recordAudit } from "../audit/audit.server";
import { getRegion } from "../regions/regions.server";
import { schema, type DB } from "../platform/db.server";
import { fileLibrary } from "./files.server";
import { databaseLibrary, latestPublished, latestPublishedFormRevision, parentRevisions } from "./revisions.server";
import { contentHash } from "./publishing.server";

export type ImportStatus = "new" | "unchanged" | "error";
export type ImportReport = {
  forms: { id: string; status: ImportStatus; revision?: number; errors?: LintError[] }[];
  rulesets: { id: string; status: ImportStatus; revision?: number; errors?: LintError[] }[];
};

function formIds(schemasDir: string): string[] {
  const root = path.join(schemasDir, "forms");
  if (!fs.existsSync(root)) return [];
  const ids: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith(".schema.json")) ids.push(prefix + entry.name.slice(0, -".schema.json".length));
    }
  };
  walk(root, "");
  return ids;
}

/**
 * Imports a folder of forms and rule sets as published revisions: a file whose content equals the latest
 * published revision adds nothing; a changed one becomes a new revision; nothing is ever overwritten.
 * Each rule set is linted against the files being imported and what is already published; one with
 * errors is not stored.
 */
export function importLibrary(db: DB, rulesetsDir: string, schemasDir: string): ImportReport {
  const files = fileLibrary(path.resolve(rulesetsDir), path.resolve(schemasDir));
  const report: ImportReport = { forms: [], rulesets: [] };

  for (const id of formIds(schemasDir)) {
    const form = files.form(id);
    const [region, domain] = id.includes("/") ? id.split("/") : [null, id];
    if (!form || (region && !getRegion(region))) {
      const errors = form ? [{ file: id, path: "$", message: `区域 ${region} 不存在` }] : files.formErrors(id);
      report.forms.push({ id, status: "error", errors });
      continue;
    }
    const hash = contentHash({ schema: form.schema, uiSchema: form.uiSchema });
    const latest = latestPublishedFormRevision(id);
    if (latest?.sha256 === hash) {
      report.forms.push({ id, status: "unchanged", revision: latest.revision! });
      continue;
    }
    const revision = (latest?.revision ?? 0) + 1;
    db.transaction((tx) => {
      tx.insert(schema.forms).values({ id, regionCode: region, domain }).onConflictDoNothing().run();
      tx.insert(schema.formRevisions)
        .values({
          formId: id,
          revision,
          status: "published",
          schema: form.schema,
          uiSchema: form.uiSchema,
          sha256: hash,
        })
        .run();
      recordAudit(tx, null, {
        action: "form.import",
        entityType: "form",
        entityId: id,
        regionCode: region ?? undefined,
        before: latest ? { schema: latest.schema, uiSchema: latest.uiSchema } : null,
        after: form,
      });
    });
    report.forms.push({ id, status: "new", revision });
  }

  const published = databaseLibrary();
  const library: Library = {
    ruleset: (id) => files.ruleset(id) ?? published.ruleset(id),
    form: (id) => files.form(id) ?? published.form(id),
  };
  for (const id of files.rulesetIds()) {
    const { errors } = lintRuleset(id, library);
    const [region, domain] = id.split("/");
    if (!errors.length && !getRegion(region))
      errors.push({ file: files.ruleset(id)!.file, path: "$.id", message: `区域 ${region} 不存在` });
    if (errors.length) {
      report.rulesets.push({ id, status: "error", errors });
      continue;
    }
    const content = files.ruleset(id)!.content as Record<string, unknown>;
    const hash = contentHash(content);
    const latest = latestPublished(id);
    if (latest?.sha256 === hash) {
      report.rulesets.push({ id, status: "unchanged", revision: latest.revision! });
      continue;
    }
    const revision = (latest?.revision ?? 0) + 1;
    const extendsId = typeof content.extends === "string" ? content.extends : null;
    db.transaction((tx) => {
      tx.insert(schema.rulesets)
        .values({ id, regionCode: region, domain, extendsId })
        .onConflictDoUpdate({ target: schema.rulesets.id, set: { extendsId } })
        .run();
      tx.insert(schema.rulesetRevisions)
        .values({
          rulesetId: id,
          revision,
          status: "published",
          content,
          sha256: hash,
          parents: parentRevisions(content),
        })
        .run();
      recordAudit(tx, null, {
        action: "ruleset.import",
        entityType: "ruleset",
        entityId: id,
        regionCode: region,
        before: latest?.content ?? null,
        after: content,
      });
    });
    report.rulesets.push({ id, status: "new", revision });
  }
  return report;
}

/** Writes the latest published revision of every rule set (and, given a schemas folder, every form) as files. */
export function exportLibrary(db: DB, rulesetsDir: string, schemasDir?: string): { rulesets: number; forms: number } {
  const published = databaseLibrary();
  let rulesets = 0;
  let forms = 0;
  for (const { id } of db.select({ id: schema.rulesets.id }).from(schema.rulesets).orderBy(schema.rulesets.id).all()) {
    const row = published.ruleset(id);
    if (!row) continue;
    const file = path.join(rulesetsDir, `${id}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(row.content, null, 2) + "\n");
    rulesets++;
  }
  if (schemasDir) {
    for (const { id } of db.select({ id: schema.forms.id }).from(schema.forms).orderBy(schema.forms.id).all()) {
      const form = published.form(id);
      if (!form) continue;
      const base = path.join(schemasDir, "forms", id);
      fs.mkdirSync(path.dirname(base), { recursive: true });
      fs.writeFileSync(`${base}.schema.json`, JSON.stringify(form.schema, null, 2) + "\n");
      fs.writeFileSync(`${base}.ui.json`, JSON.stringify(form.uiSchema, null, 2) + "\n");
      forms++;
    }
  }
  return { rulesets, forms };
}
