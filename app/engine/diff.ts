import { describeCondition, describeEvent } from "./describe";
import { listFields } from "./forms";
import { canonicalJson } from "./json";
import type { Grade, Indicator, Json, ResolvedRuleset, Rule } from "./types";

export type ParamChange = {
  id: string;
  title?: string;
  unit?: string;
  a: Json | undefined;
  b: Json | undefined;
  boundsA?: object;
  boundsB?: object;
  lockedA?: boolean;
  lockedB?: boolean;
};
export type RuleSummary = { id: string; name: string; type: string };
export type RuleChange = RuleSummary & { changes: string[] };
export type ItemChanges<T> = { added: T[]; removed: T[]; changed: { id: string; a: T; b: T; changes: string[] }[] };

export type RulesetDiff = {
  a: { id: string; hash: string };
  b: { id: string; hash: string };
  params: ParamChange[];
  rules: { added: RuleSummary[]; removed: RuleSummary[]; changed: RuleChange[] };
  indicators: ItemChanges<Indicator>;
  grades: ItemChanges<Grade>;
  form: { added: string[]; removed: string[] };
  /** The same form fields with their titles (section / field), for people. */
  formFields: { added: FieldTitle[]; removed: FieldTitle[] };
};
export type FieldTitle = { path: string; title: string };

const same = (x: unknown, y: unknown) => canonicalJson(x) === canonicalJson(y);
const summary = (r: Rule): RuleSummary => ({ id: r.id, name: r.name ?? r.id, type: r.event.type });

function diffItems<T extends { id: string }>(a: T[], b: T[], describeChange: (x: T, y: T) => string[]): ItemChanges<T> {
  const bIds = new Map(b.map((x) => [x.id, x]));
  const aIds = new Map(a.map((x) => [x.id, x]));
  return {
    added: b.filter((x) => !aIds.has(x.id)),
    removed: a.filter((x) => !bIds.has(x.id)),
    changed: a.flatMap((x) => {
      const y = bIds.get(x.id);
      return y && !same(x, y) ? [{ id: x.id, a: x, b: y, changes: describeChange(x, y) }] : [];
    }),
  };
}

type Shown = (value: unknown) => string;

const plain: Shown = (v) =>
  v === undefined ? "无" : typeof v === "boolean" ? (v ? "是" : "否") : Array.isArray(v) ? v.join("、") : String(v);

function fieldChanges(x: object, y: object, labels: Record<string, string>, shown: Shown = plain): string[] {
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
  return keys
    .filter((k) => !same((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]))
    .map(
      (k) =>
        `${labels[k] ?? k}：${shown((x as Record<string, unknown>)[k])} → ${shown((y as Record<string, unknown>)[k])}`,
    );
}

/** A grade's thresholds as people read them: a param by its title and value, rules by their names. */
function gradeValue(rs: ResolvedRuleset): Shown {
  const ruleName = new Map(rs.rules.map((r) => [r.id, r.name ?? r.id]));
  return (v) => {
    if (v && typeof v === "object" && !Array.isArray(v) && "param" in v) {
      const param = rs.params[String(v.param)];
      return param ? `${param.title ?? "参数"}（${plain(param.value)}${param.unit ?? ""}）` : "参数";
    }
    if (v === "all") return "全部必备条件";
    if (v === true) return "是";
    if (Array.isArray(v)) return v.map((id) => ruleName.get(String(id)) ?? String(id)).join("、");
    return plain(v);
  };
}

/** A semantic diff of two resolved rule sets, across regions and domains too. */
export function diffRulesets(a: ResolvedRuleset, b: ResolvedRuleset): RulesetDiff {
  const params: ParamChange[] = [];
  for (const id of [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort()) {
    const pa = a.params[id];
    const pb = b.params[id];
    if (pa && pb && same(pa.value, pb.value) && same(pa.bounds, pb.bounds) && !!pa.locked === !!pb.locked) continue;
    params.push({
      id,
      title: (pb ?? pa).title,
      unit: (pb ?? pa).unit,
      a: pa?.value,
      b: pb?.value,
      ...(pa?.bounds ? { boundsA: pa.bounds } : {}),
      ...(pb?.bounds ? { boundsB: pb.bounds } : {}),
      ...(pa?.locked ? { lockedA: true } : {}),
      ...(pb?.locked ? { lockedB: true } : {}),
    });
  }

  const rules = diffItems(a.rules, b.rules, (x, y) => {
    const changes: string[] = [];
    if (!same(x.conditions, y.conditions)) {
      changes.push(
        `条件：${describeCondition(x.conditions, a.form, a)} → ${describeCondition(y.conditions, b.form, b)}`,
      );
    }
    if (!same(x.event, y.event)) changes.push(`效果：${describeEvent(x, a)} → ${describeEvent(y, b)}`);
    changes.push(
      ...fieldChanges(
        { name: x.name, required: x.required, priority: x.priority },
        { name: y.name, required: y.required, priority: y.priority },
        { name: "名称", required: "必选", priority: "优先级" },
      ),
    );
    return changes;
  });

  const titled = (rs: ResolvedRuleset) =>
    new Map(rs.form ? listFields(rs.form.schema).map((f) => [f.path, f.title]) : []);
  const [fieldsA, fieldsB] = [titled(a), titled(b)];
  const onlyIn = (x: Map<string, string>, y: Map<string, string>) => [...x.keys()].filter((f) => !y.has(f));

  return {
    a: { id: a.id, hash: a.hash },
    b: { id: b.id, hash: b.hash },
    params,
    rules: {
      added: rules.added.map(summary),
      removed: rules.removed.map(summary),
      changed: rules.changed.map((c) => ({ ...summary(c.b), changes: c.changes })),
    },
    indicators: diffItems(a.indicators, b.indicators, (x, y) => fieldChanges(x, y, { title: "名称", max: "满分" })),
    grades: diffItems(a.grades, b.grades, (x, y) =>
      fieldChanges(
        x,
        y,
        {
          title: "名称",
          minScore: "分数线",
          minStars: "最少星数",
          stars: "必得星",
          noVeto: "无负面情形",
          requirements: "须达到的要求",
          noFlags: "无预警",
        },
        gradeValue(b),
      ),
    ),
    form: { added: onlyIn(fieldsB, fieldsA), removed: onlyIn(fieldsA, fieldsB) },
    formFields: {
      added: onlyIn(fieldsB, fieldsA).map((path) => ({ path, title: fieldsB.get(path)! })),
      removed: onlyIn(fieldsA, fieldsB).map((path) => ({ path, title: fieldsA.get(path)! })),
    },
  };
}

/** The diff as readable Chinese text. */
export function formatDiff(diff: RulesetDiff): string {
  const lines = [`比较 ${diff.a.id}（${diff.a.hash.slice(7, 19)}）→ ${diff.b.id}（${diff.b.hash.slice(7, 19)}）`];
  const section = (title: string, body: string[]) =>
    lines.push("", `【${title}】`, ...(body.length ? body : ["  无变化"]));
  section(
    "参数",
    diff.params.map((p) => {
      const label = p.title ? `${p.title}（${p.id}）` : p.id;
      const v = (x: Json | undefined) => (x === undefined ? "（无）" : `${JSON.stringify(x)}${p.unit ?? ""}`);
      const extra = [
        !same(p.boundsA, p.boundsB)
          ? `范围 ${JSON.stringify(p.boundsA ?? {})} → ${JSON.stringify(p.boundsB ?? {})}`
          : "",
        !!p.lockedA !== !!p.lockedB ? `锁定 ${p.lockedA ? "是" : "否"} → ${p.lockedB ? "是" : "否"}` : "",
      ].filter(Boolean);
      return `  ${label}：${v(p.a)} → ${v(p.b)}${extra.length ? "；" + extra.join("；") : ""}`;
    }),
  );
  section("规则", [
    ...diff.rules.added.map((r) => `  + ${r.id} ${r.name}（${r.type}）`),
    ...diff.rules.removed.map((r) => `  - ${r.id} ${r.name}（${r.type}）`),
    ...diff.rules.changed.flatMap((r) => [`  ~ ${r.id} ${r.name}`, ...r.changes.map((c) => `      ${c}`)]),
  ]);
  const items = (d: ItemChanges<{ id: string; title: string }>) => [
    ...d.added.map((x) => `  + ${x.id} ${x.title}`),
    ...d.removed.map((x) => `  - ${x.id} ${x.title}`),
    ...d.changed.flatMap((x) => [`  ~ ${x.id} ${x.b.title}`, ...x.changes.map((c) => `      ${c}`)]),
  ];
  section("指标", items(diff.indicators));
  section("等次", items(diff.grades));
  section("表单字段", [...diff.form.added.map((f) => `  + ${f}`), ...diff.form.removed.map((f) => `  - ${f}`)]);
  return lines.join("\n");
}
