import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintRuleset } from "~/engine/lint";
import type { RulesetFile } from "~/engine/types";
import { fileLibrary } from "~/server/rulesets/files.server";
import { describeAuditChange } from "~/utils/audit";
import { isShown } from "~/utils/form";
import { changePlace, changeValue, jsonChanges } from "~/utils/json-diff";
import {
  ownFields,
  paramRows,
  paramViolation,
  pathToPointer,
  sectionsOf,
  setParamValue,
  tabForPath,
  writeOwnFields,
} from "~/utils/ruleset-editing";
import { ROOT } from "../../helpers/server";

const library = fileLibrary(path.join(ROOT, "rulesets"), path.join(ROOT, "schemas"));
const resolve = (id: string) => lintRuleset(id, library).ruleset!;
const file = (id: string) => structuredClone(library.ruleset(id)!.content) as RulesetFile;
const parent = resolve("150000/village");
const hohhot = file("150100/village");

describe("params in the editor", () => {
  const rows = paramRows(hohhot, parent);
  const row = (id: string) => rows.find((r) => r.id === id)!;

  it("shows every inherited param with the parent's value and limits, and which ones the child sets", () => {
    expect(rows).toHaveLength(Object.keys(parent.params).length);
    expect(row("scoreLine")).toMatchObject({ value: 92, parentValue: 90, own: true, bounds: { min: 90 }, unit: "分" });
    expect(row("excellentRatioMin")).toMatchObject({ value: 0.9, own: false, locked: true, setBy: "150000/village" });
  });

  it("says what is wrong at the field before anything is saved", () => {
    expect(paramViolation(row("scoreLine"), 85)).toBe("低于上级规则集允许的下限 90");
    expect(paramViolation(row("scoreLine"), 101)).toBe("高于上限 100");
    expect(paramViolation(row("reserveCadresMin"), 6)).toContain("不搞层层加码");
    expect(paramViolation(row("excellentRatioMin"), 0.8)).toContain("锁定");
    expect(paramViolation(row("studySessionsMin"), 12.5)).toBe("应为整数");
    expect(paramViolation(row("scoreLine"), 95)).toBeUndefined();
  });

  it("writes a child's override and removes it again when it equals the parent's value", () => {
    const raised = setParamValue(hohhot, row("scoreLine"), 95);
    expect(raised.params!.scoreLine).toBe(95);
    expect(hohhot.params!.scoreLine).toBe(92);
    const back = setParamValue(raised, row("scoreLine"), 90);
    expect(back.params).not.toHaveProperty("scoreLine");
    const root = file("150000/village");
    const rootRow = paramRows(root, null).find((r) => r.id === "scoreLine")!;
    expect((setParamValue(root, rootRow, 91).params!.scoreLine as { default: number }).default).toBe(91);
  });

  it("maps error paths to their tab and to JSON pointers", () => {
    expect(tabForPath("$.params.scoreLine")).toBe("params");
    expect(tabForPath("$.rules[3].conditions.all[0].path")).toBe("rules");
    expect(tabForPath("$.form.extend.local")).toBe("form");
    expect(tabForPath("$.cases[2]")).toBe("cases");
    expect(pathToPointer("$.rules[3].conditions.all[0].path")).toBe("/rules/3/conditions/all/0/path");
  });
});

describe("form fields in the editor", () => {
  it("reads the fields a rule set adds and writes them back unchanged", () => {
    for (const id of library.rulesetIds()) {
      const content = file(id);
      const inherited = content.extends
        ? resolve(content.extends).form
        : library.form(typeof content.form === "string" ? content.form : (content.form?.base ?? ""))!;
      const added = sectionsOf(content, inherited).filter((s) => !s.inherited);
      expect(writeOwnFields(content, ownFields(content), added, inherited), id).toEqual(content);
    }
    expect(ownFields(hohhot)).toEqual([
      expect.objectContaining({
        section: "local",
        key: "gridBranches",
        kind: "integer",
        unit: "个",
        minimum: 0,
        maximum: 100,
        required: false,
      }),
    ]);
  });

  it("adds a required field to an inherited section and an option list to a new one; the resolved form has both", () => {
    const fields = [
      ...ownFields(hohhot),
      {
        section: "masses",
        key: "gridVisits",
        title: "网格走访户数",
        kind: "integer" as const,
        unit: "户",
        required: true,
        minimum: 0,
      },
      {
        section: "local",
        key: "level",
        title: "示范等级",
        kind: "enum" as const,
        options: ["市级", "区级"],
        required: false,
      },
    ];
    const sections = sectionsOf(hohhot, parent.form).filter((s) => !s.inherited);
    const next = writeOwnFields(hohhot, fields, sections, parent.form);
    const { ruleset, errors } = lintRuleset("150100/village", {
      ...library,
      ruleset: (id) => (id === "150100/village" ? { file: "draft", content: next } : library.ruleset(id)),
    });
    expect(errors).toEqual([]);
    const masses = (
      ruleset!.form!.schema.properties as Record<string, { required: string[]; properties: Record<string, unknown> }>
    ).masses;
    expect(masses.required).toContain("gridVisits");
    expect(masses.properties.gridVisits).toMatchObject({ type: "integer", unit: "户", minimum: 0 });
    const ui = ruleset!.form!.uiSchema as Record<string, { "ui:order"?: string[] }>;
    expect(ui.masses["ui:order"]!.at(-1)).toBe("gridVisits");
    expect(ownFields(next).map((f) => f.key)).toEqual(["gridBranches", "level", "gridVisits"]);
  });

  it("shows a 说明 only after the answer it belongs to, and keeps that condition through the editor", () => {
    const fields = [
      ...ownFields(hohhot),
      { section: "local", key: "demonstration", title: "创建示范点", kind: "boolean" as const, required: false },
      {
        section: "local",
        key: "demonstrationNote",
        title: "示范点说明",
        kind: "string" as const,
        required: false,
        showWhen: { field: "demonstration", equals: true },
      },
    ];
    const sections = sectionsOf(hohhot, parent.form).filter((s) => !s.inherited);
    const next = writeOwnFields(hohhot, fields, sections, parent.form);
    expect(ownFields(next).find((f) => f.key === "demonstrationNote")!.showWhen).toEqual({
      field: "demonstration",
      equals: true,
    });
    // A ui option set in the JSON tab survives the editor writing the field again.
    const withRows = structuredClone(next);
    (
      withRows.form as { ui: Record<string, Record<string, { "ui:options": Record<string, unknown> }>> }
    ).ui.local.demonstrationNote["ui:options"].rows = 3;
    const again = writeOwnFields(withRows, ownFields(withRows), sections, parent.form);
    expect(
      (again.form as { ui: Record<string, Record<string, { "ui:options": Record<string, unknown> }>> }).ui.local
        .demonstrationNote["ui:options"],
    ).toEqual({ rows: 3, showWhen: { field: "demonstration", equals: true } });
    const { ruleset, errors } = lintRuleset("150100/village", {
      ...library,
      ruleset: (id) => (id === "150100/village" ? { file: "draft", content: next } : library.ruleset(id)),
    });
    expect(errors).toEqual([]);
    const ui = ruleset!.form!.uiSchema as Record<string, Record<string, unknown>>;
    expect(isShown(ui.local.demonstrationNote, { demonstration: true })).toBe(true);
    expect(isShown(ui.local.demonstrationNote, { demonstration: false })).toBe(false);
    expect(isShown(ui.local.demonstrationNote, {})).toBe(false);
    expect(isShown(ui.local.demonstration, {})).toBe(true);
    // The shipped standards ask for each 佐证说明 only after a “是”.
    const village = parent.form!.uiSchema as Record<string, Record<string, unknown>>;
    expect(isShown(village.political.implementsDecisionsNote, { implementsDecisions: true })).toBe(true);
    expect(isShown(village.political.implementsDecisionsNote, { implementsDecisions: false })).toBe(false);
  });

  it("refuses, in lint, a required mark on a field the parent defined", () => {
    const next = structuredClone(hohhot) as RulesetFile & { form: { extend: Record<string, unknown> } };
    next.form.extend.basic = {
      type: "object",
      properties: { extra: { type: "string", title: "附加" } },
      required: ["memberCount"],
    };
    const { errors } = lintRuleset("150100/village", {
      ...library,
      ruleset: (id) => (id === "150100/village" ? { file: "draft", content: next } : library.ruleset(id)),
    });
    expect(errors).toContainEqual(
      expect.objectContaining({
        path: "$.form.extend.basic.required",
        message: expect.stringContaining("memberCount"),
      }),
    );
  });
});

describe("the audit log's summaries", () => {
  it("says what a rule-set change did to params, rules and form fields, and what a form gained", () => {
    const next = structuredClone(hohhot);
    next.params!.scoreLine = 95;
    next.rules = [
      ...(next.rules ?? []),
      { id: "x-star", name: "新星", conditions: { all: [] }, event: { type: "star", params: { star: "新星" } } },
    ];
    next.disable = ["flag-disclosures"];
    const province = lintRuleset("150000/village", library).ruleset!;
    const names = {
      param: (id: string) => province.params[id],
      rule: (id: string) => province.rules.find((r) => r.id === id)?.name,
    };
    expect(describeAuditChange("ruleset.saveDraft", "ruleset", hohhot, next, undefined, names)).toEqual([
      "参数「最强党支部分数线」：92 分 → 95 分",
      "新增规则「新星」",
      "停用上级规则「每季度“四公开”」",
    ]);
    // Without the inherited names a param is still never shown by its id.
    expect(describeAuditChange("ruleset.saveDraft", "ruleset", hohhot, next)[0]).toBe("参数「未命名参数」：92 → 95");
    expect(describeAuditChange("ruleset.saveDraft", "ruleset", null, hohhot)).toEqual(["新建（此前没有内容）"]);
    const form = library.form("village")!;
    expect(describeAuditChange("form.import", "form", null, form)[0]).toMatch(/^新建表单，\d+ 个字段$/);
  });
});

describe("the audit log's field-level diff", () => {
  it("lists each changed value where it is, by titles: a param's value, a rule found by its id, a new case", () => {
    const next = structuredClone(hohhot);
    next.params!.scoreLine = 95;
    next.rules![0] = { ...next.rules![0], name: "网格党建之星" };
    next.cases = [...(next.cases ?? []), { name: "新用例", data: {}, expect: { grade: "backward" } }];
    const changes = jsonChanges(hohhot, next);
    const titles = { scoreLine: parent.params.scoreLine.title! };
    const shown = changes.map((c) => [changePlace(c.path, next, titles), changeValue(c.before), changeValue(c.after)]);
    expect(shown).toEqual([
      ["参数 › 「最强党支部分数线」", "92", "95"],
      ["规则 › 「网格党建之星」 › 名称", "网格党建星", "网格党建之星"],
      [`用例 › 「新用例」`, "（无）", expect.stringContaining('"name":"新用例"')],
    ]);
  });

  it("stops at its limit, so a huge edit stays readable", () => {
    const a = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    const b = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i + 1]));
    expect(jsonChanges(a, b, 300)).toHaveLength(300);
  });
});
