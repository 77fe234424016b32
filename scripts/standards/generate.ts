/** Turns section and rule specs into a JSON Schema form, its uiSchema, a rule-set file and its cases. */
import type { Cond, ExtraCase, FieldSpec, MaterialCountSpec, Patch, RuleSpec, RulesetSpec, SectionSpec } from "./model";
import { getAt, outcome, setAt, type CaseState } from "./oracle";

type Schema = Record<string, unknown>;

function fieldSchemas(f: FieldSpec): [string, Schema][] {
  const base: Schema = {
    title: f.title,
    ...(f.description ? { description: f.description } : {}),
    ...(f.unit ? { unit: f.unit } : {}),
  };
  let schema: Schema;
  switch (f.type) {
    case "integer":
    case "number":
      schema = { type: f.type, ...base, minimum: f.min ?? 0, ...(f.max !== undefined ? { maximum: f.max } : {}) };
      break;
    case "boolean":
      // Plain boolean: a oneOf of consts would make the form default every answer to its first option.
      schema = { type: "boolean", ...base };
      break;
    case "date":
      schema = { type: "string", format: "date", ...base };
      break;
    case "enum":
      schema = { type: "string", ...base, enum: f.options };
      break;
    case "checklist":
      schema = { type: "array", ...base, items: { type: "string", enum: f.options }, uniqueItems: true };
      break;
    default:
      schema = { type: "string", ...base, maxLength: f.type === "text" ? 1000 : 100 };
  }
  const out: [string, Schema][] = [[f.key, schema]];
  if (f.evidence) out.push([`${f.key}Note`, { type: "string", title: "佐证说明", maxLength: 500 }]);
  return out;
}

function fieldUi(f: FieldSpec): [string, Schema][] {
  const ui: Schema = {};
  if (f.type === "boolean") ui["ui:widget"] = "radio";
  if (f.type === "checklist") ui["ui:widget"] = "checkboxes";
  if (f.type === "text") ui["ui:widget"] = "textarea";
  if (f.unit) ui["ui:options"] = { unit: f.unit };
  const out: [string, Schema][] = [[f.key, ui]];
  if (f.evidence)
    out.push([
      `${f.key}Note`,
      {
        "ui:widget": "textarea",
        "ui:placeholder": "佐证材料：会议记录、台账、文件名称等",
        // Asked for only when the answer claims it: on a phone, 28 empty boxes after every “否” are most of the form.
        "ui:options": { rows: 2, showWhen: { field: f.key, equals: true } },
      },
    ]);
  return out;
}

export function buildForm(title: string, sections: SectionSpec[]): { schema: Schema; ui: Schema } {
  const properties: Schema = {};
  const ui: Schema = { "ui:order": sections.map((s) => s.key) };
  for (const section of sections) {
    const required = section.fields.filter((f) => f.required).map((f) => f.key);
    properties[section.key] = {
      type: "object",
      title: section.title,
      ...(section.description ? { description: section.description } : {}),
      properties: Object.fromEntries(section.fields.flatMap(fieldSchemas)),
      ...(required.length ? { required } : {}),
    };
    ui[section.key] = {
      "ui:order": section.fields.flatMap((f) => (f.evidence ? [f.key, `${f.key}Note`] : [f.key])),
      ...(section.reviewer ? { "ui:options": { filledBy: "reviewer" } } : {}),
      ...Object.fromEntries(section.fields.flatMap(fieldUi).filter(([, v]) => Object.keys(v).length)),
    };
  }
  return { schema: { type: "object", title, properties, required: ["basic"] }, ui };
}

function condition(c: Cond) {
  return {
    fact: c.fact ?? "form",
    path: c.path,
    operator: c.op,
    value: c.param ? { fact: "params", path: `$.${c.param}` } : c.value,
  };
}

export function buildRulesetContent(spec: RulesetSpec, cases: unknown[]): Schema {
  const content: Schema = { $schema: "../../schemas/ruleset.schema.json", id: spec.id };
  if (spec.extends) content.extends = spec.extends;
  Object.assign(content, { title: spec.title, description: spec.description });
  if (!spec.extends) Object.assign(content, { region: spec.id.split("/")[0], domain: spec.id.split("/")[1] });
  Object.assign(content, { form: spec.form, source: spec.source });
  if (spec.effective) content.effective = spec.effective;
  if (Object.keys(spec.params).length) content.params = spec.params;
  if (Object.keys(spec.computed).length) content.computed = spec.computed;
  if (spec.indicators.length) content.indicators = spec.indicators;
  content.rules = spec.rules.map((r) => ({
    id: r.id,
    name: r.name,
    ...(r.required ? { required: true } : {}),
    conditions: r.all ? { all: r.all.map(condition) } : { any: r.any!.map(condition) },
    event: {
      type: r.type,
      params: {
        ...(r.indicator ? { indicator: r.indicator, points: r.points } : {}),
        ...(r.message ? { message: r.message } : {}),
        ...(r.star ? { star: r.star } : {}),
        source: r.source,
      },
    },
  }));
  if (spec.grades.length) content.grades = spec.grades;
  if (spec.checks?.length) content.checks = spec.checks;
  if (spec.materials?.length) content.materials = spec.materials;
  content.cases = cases;
  return content;
}

/** Values for the full-marks case, field by field. */
function sampleValue(f: FieldSpec): unknown {
  if (f.sample !== undefined) return f.sample;
  switch (f.type) {
    case "boolean":
      return true;
    case "integer":
    case "number":
      return f.min ?? 0;
    case "enum":
      return f.options![0];
    case "checklist":
      return [...f.options!];
    case "date":
      return "2016-05-01";
    default:
      return "见年度工作台账";
  }
}

type Ctx = { spec: RulesetSpec; fields: Map<string, FieldSpec> };

function passValue(c: Cond, ctx: Ctx): unknown {
  const threshold = c.param ? ctx.spec.params[c.param].default : c.value;
  const field = ctx.fields.get(c.path);
  if (c.op === "notEqual") return typeof c.value === "boolean" ? !c.value : field!.options!.find((o) => o !== c.value);
  if (c.op === "contains") return [...field!.options!];
  if (c.op === "in") return (c.value as unknown[])[0];
  return threshold;
}

function failValue(c: Cond, ctx: Ctx): unknown {
  const threshold = (c.param ? ctx.spec.params[c.param].default : c.value) as number;
  const field = ctx.fields.get(c.path)!;
  switch (c.op) {
    case "greaterThanInclusive":
      return field.type === "integer" ? threshold - 1 : Math.round((threshold - 0.5) * 100) / 100;
    case "lessThanInclusive":
      return field.type === "integer" ? threshold + 1 : threshold + 0.5;
    case "equal":
      return typeof c.value === "boolean" ? !c.value : field.options!.find((o) => o !== c.value);
    case "notEqual":
      return c.value;
    case "contains":
      return field.options!.filter((o) => o !== c.value);
    case "in":
      return field.options!.find((o) => !(c.value as unknown[]).includes(o));
  }
}

function apply(state: CaseState, patch: Patch): CaseState {
  const next = structuredClone(state);
  for (const [path, value] of Object.entries(patch.data ?? {})) setAt(next.data, path, value);
  for (const [key, value] of Object.entries(patch.context ?? {})) {
    next.context[key] = typeof value === "object" && value ? { ...(next.context[key] as object), ...value } : value;
  }
  if (patch.materials) next.materials = { ...next.materials, ...patch.materials };
  return next;
}

const describe = (c: Cond, value: unknown) => `${c.path.replace(/^\$\./, "")} = ${JSON.stringify(value)}`;

/** The ways of breaking a score/require rule, or of triggering a veto/flag rule, each as a patch. */
function variations(rule: RuleSpec, ctx: Ctx): { name: string; patch: Patch }[] {
  if (rule.fails) return rule.fails;
  const conds = rule.all ?? rule.any!;
  const formConds = conds.filter((c) => (c.fact ?? "form") === "form");
  if (rule.type === "veto" || rule.type === "flag" || rule.type === "star") {
    const data = Object.fromEntries(formConds.map((c) => [c.path, passValue(c, ctx)]));
    return [{ name: `${rule.name}：${formConds.map((c) => describe(c, data[c.path])).join("，")}`, patch: { data } }];
  }
  if (rule.any) {
    const data = Object.fromEntries(formConds.map((c) => [c.path, failValue(c, ctx)]));
    return [{ name: `${rule.name}未达到`, patch: { data } }];
  }
  return formConds.map((c) => {
    const value = failValue(c, ctx);
    return { name: `${rule.name}未达到：${describe(c, value)}`, patch: { data: { [c.path]: value } } };
  });
}

/**
 * A case's answers brought within the rule set's “not more than” checks: a case that lowers 后备人才 to 2 also
 * lowers those of them with a 致富项目, so every case is an answer a branch could actually send.
 */
function withinChecks(spec: RulesetSpec, state: CaseState): CaseState {
  const data = structuredClone(state.data);
  for (const check of spec.checks ?? []) {
    const [leaf] = check.conditions.all as {
      path: string;
      operator: string;
      value: { fact?: string; path?: string };
    }[];
    if (check.conditions.all.length !== 1 || leaf.operator !== "lessThanInclusive" || leaf.value.fact !== "form")
      continue;
    const [value, limit] = [getAt(data, leaf.path), getAt(data, leaf.value.path!)];
    if (typeof value === "number" && typeof limit === "number" && value > limit) setAt(data, leaf.path, limit);
  }
  return { ...state, data };
}

export type GeneratedCase = {
  name: string;
  data: unknown;
  context: unknown;
  materials?: Record<string, MaterialCountSpec>;
  expect: Record<string, unknown>;
};

/** The cases a rule set's intent implies: full marks, each threshold's failing side, each veto, each line. */
export function generateCases(spec: RulesetSpec, sections: SectionSpec[], extra: ExtraCase[] = []): GeneratedCase[] {
  const fields = new Map<string, FieldSpec>();
  for (const s of sections) for (const f of s.fields) fields.set(`$.${s.key}.${f.key}`, f);
  const ctx: Ctx = { spec, fields };

  // Every required evidence entry with one accepted file: what a 申报 rated 最强 carries.
  const required = (spec.materials ?? []).filter((m) => m.required);
  const baseline: CaseState = {
    data: {},
    context: structuredClone(spec.baseContext),
    ...(required.length
      ? { materials: Object.fromEntries(required.map((m) => [m.id, { uploaded: 1, accepted: 1, rejected: 0 }])) }
      : {}),
  };
  for (const s of sections) {
    if (s.reviewer) continue;
    for (const f of s.fields) {
      setAt(baseline.data, `$.${s.key}.${f.key}`, sampleValue(f));
      if (f.evidence) setAt(baseline.data, `$.${s.key}.${f.key}Note`, "见年度工作台账");
    }
  }
  const reviewSection = sections.find((s) => s.reviewer);
  if (reviewSection)
    for (const f of reviewSection.fields)
      if (f.sample !== undefined) setAt(baseline.data, `$.${reviewSection.key}.${f.key}`, f.sample);
  let full = baseline;
  for (const rule of spec.rules) {
    if (rule.type === "score" || rule.type === "require") {
      for (const c of (rule.all ?? []).filter((c) => (c.fact ?? "form") === "form")) {
        const current = getAt(full.data, c.path);
        const wanted = passValue(c, ctx);
        const keep = c.op === "greaterThanInclusive" && typeof current === "number" && current > (wanted as number);
        if (!keep) setAt(full.data, c.path, wanted);
      }
    }
    if (rule.pass) full = apply(full, rule.pass);
  }

  const expectFor = (state: CaseState) => {
    const o = outcome(spec.rules, spec.grades, spec.params, spec.computed, state, spec.materials);
    return { grade: o.grade, score: o.score, vetoes: o.vetoes, unmet: o.unmet, flags: o.flags };
  };
  const top = expectFor(full);
  const maxScore = spec.indicators.reduce((n, i) => n + i.max, 0);
  if (
    top.grade !== spec.grades[0].id ||
    top.score !== maxScore ||
    top.vetoes.length ||
    top.unmet.length ||
    top.flags.length
  ) {
    throw new Error(`${spec.id}: the full-marks data does not reach the top grade: ${JSON.stringify(top)}`);
  }
  const withMaterials = (state: CaseState) => (state.materials ? { materials: state.materials } : {});
  const cases: GeneratedCase[] = [
    {
      name: "各项达标，满分，评为最高等次（数值取在阈值上）",
      data: full.data,
      context: full.context,
      ...withMaterials(full),
      expect: top,
    },
  ];
  const add = (name: string, state: CaseState) => {
    const consistent = withinChecks(spec, state);
    cases.push({
      name,
      data: consistent.data,
      context: consistent.context,
      ...withMaterials(consistent),
      expect: expectFor(consistent),
    });
  };
  // Each required entry missing, and one whose only file was rejected.
  for (const m of required)
    add(`缺少佐证材料：${m.title}`, apply(full, { materials: { [m.id]: { uploaded: 0, accepted: 0, rejected: 0 } } }));
  if (required.length)
    add(
      `${required[0].title}唯一的文件被认定不合格`,
      apply(full, { materials: { [required[0].id]: { uploaded: 1, accepted: 0, rejected: 1 } } }),
    );

  for (const rule of spec.rules) for (const v of variations(rule, ctx)) add(v.name, apply(full, v.patch));

  // The score line from both sides, and a branch that meets nothing.
  const scored = spec.rules.filter((r) => r.type === "score" && !r.all?.some((c) => c.fact && c.fact !== "form"));
  const line = spec.grades[0].minScore;
  const lineValue = typeof line === "object" ? spec.params[line.param].default : line;
  if (lineValue !== undefined) {
    const gap = maxScore - lineValue;
    // The fewest score rules whose points add up to exactly the gap (a small subset sum).
    let reachable = new Map<number, RuleSpec[]>([[0, []]]);
    for (const r of scored) {
      const next = new Map(reachable);
      for (const [sum, rules] of reachable) {
        const total = sum + r.points!;
        if (total <= gap && (!next.has(total) || next.get(total)!.length > rules.length + 1))
          next.set(total, [...rules, r]);
      }
      reachable = next;
    }
    const chosen = reachable.get(gap) ?? [];
    const lost = reachable.has(gap) ? gap : -1;
    if (lost === gap) {
      const atLine = chosen.reduce((s, r) => apply(s, variations(r, ctx)[0].patch), full);
      add(`恰好${lineValue}分`, atLine);
      const extraRule = scored.find((r) => !chosen.includes(r))!;
      add(`低于${lineValue}分`, apply(atLine, variations(extraRule, ctx)[0].patch));
    }
  }
  add(
    "各项积分均未达到",
    scored.reduce((s, r) => apply(s, variations(r, ctx)[0].patch), full),
  );
  for (const e of extra) {
    const state = withinChecks(spec, apply(full, e.patch));
    cases.push({
      name: e.name,
      data: state.data,
      context: state.context,
      ...withMaterials(state),
      expect: { ...expectFor(state), ...e.expect },
    });
  }
  return cases;
}
