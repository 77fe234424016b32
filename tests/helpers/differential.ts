/** Generators of rule sets and submissions, and one differential comparison: shared by the test and the benchmark. */
import fc from "fast-check";
import { createCompiledEvaluator } from "../../app/engine/compile";
import { createReferenceEvaluator } from "../../app/engine/evaluate";
import type { Condition, ResolvedRuleset, Rule, Submission } from "../../app/engine/types";

const OPERATORS = [
  "equal",
  "notEqual",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
];
const DECORATED = [
  "not:equal",
  "someFact:equal",
  "everyFact:greaterThan",
  "someValue:equal",
  "everyValue:lessThan",
  "swap:contains",
  "not:someFact:in",
  "swap:in",
];
const PATHS = [
  "$.a",
  "$.b",
  "$.list",
  "$.list[0]",
  "$.list[1]",
  "$.nested.x",
  "$.missing",
  "$.p1",
  "$.p2",
  "$.branch.ageYears",
  "$.year",
  "$.minutes.uploaded",
  "$.minutes.accepted",
  "$.photo-wall.rejected",
  "$.photo-wall",
];

const scalar = fc.oneof(
  fc.integer({ min: -3, max: 5 }),
  fc.constantFrom(0.5, 2.5),
  fc.constantFrom("a", "b", "2", ""),
  fc.boolean(),
  fc.constant(null),
);
const jsonValue = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
);
const FACT_NAMES = ["form", "params", "context", "computed", "materials", "nowhere"] as const;
const factRef = fc.record(
  { fact: fc.constantFrom(...FACT_NAMES), path: fc.constantFrom(...PATHS) },
  { requiredKeys: ["fact"] },
);
const priority = fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined });

/** Operators whose right-hand side must be a list; anything else makes both engines throw a TypeError. */
const NEEDS_LIST = /^(?:.*:)?(?:in|notIn)$|someValue|everyValue/;
const listValue = fc.oneof(
  { weight: 12, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 3, arbitrary: fc.constantFrom({ fact: "params", path: "$.p2" }, { fact: "form", path: "$.list" }) },
  { weight: 1, arbitrary: jsonValue },
);

const leaf = fc
  .record({
    fact: fc.constantFrom(...FACT_NAMES),
    path: fc.option(fc.constantFrom(...PATHS), { nil: undefined }),
    operator: fc.constantFrom(...OPERATORS, ...DECORATED),
    priority,
    name: fc.option(fc.constantFrom("甲", "乙"), { nil: undefined }),
  })
  .chain((c) =>
    (NEEDS_LIST.test(c.operator)
      ? listValue
      : fc.oneof({ weight: 3, arbitrary: jsonValue }, { weight: 1, arbitrary: factRef })
    ).map((value) => ({ ...c, value })),
  )
  .map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as Condition);

const tree = (references: string[]) =>
  fc.letrec<{ node: Condition; group: Condition }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 4, arbitrary: leaf },
      { weight: 2, arbitrary: tie("group") },
      { weight: 1, arbitrary: tie("node").map((n) => ({ not: n }) as Condition) },
      ...(references.length
        ? [
            {
              weight: 1,
              arbitrary: fc
                .record({ condition: fc.constantFrom(...references), priority })
                .map((r) => (r.priority ? r : { condition: r.condition }) as Condition),
            },
          ]
        : []),
    ),
    group: fc
      .record({ kind: fc.constantFrom("all", "any"), items: fc.array(tie("node"), { maxLength: 4 }), priority })
      .map(({ kind, items, priority }) => ({ [kind]: items, ...(priority ? { priority } : {}) }) as Condition),
  })).group;

const EVENTS = ["score", "deduct", "veto", "require", "star", "flag"] as const;

export const rulesetArb = fc
  .record({
    shared: fc.dictionary(fc.constantFrom("c1", "c2"), tree([]), { maxKeys: 2 }),
  })
  .chain(({ shared }) =>
    fc.record({
      shared: fc.constant(shared),
      rules: fc.array(
        fc.record({
          conditions: fc.oneof(
            { weight: 4, arbitrary: tree(Object.keys(shared)) },
            { weight: 1, arbitrary: tree(Object.keys(shared)).map((n) => ({ not: n }) as Condition) },
          ),
          type: fc.constantFrom(...EVENTS),
          points: fc.integer({ min: 0, max: 40 }),
          indicator: fc.constantFrom("x", "y"),
          priority,
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  )
  .map(({ shared, rules }): ResolvedRuleset => ({
    id: "150000/village",
    title: "差分测试",
    region: "150000",
    domain: "village",
    chain: ["150000/village"],
    hash: "sha256:test",
    form: null,
    params: {
      p1: { id: "p1", type: "number", default: 2, value: 2, setBy: "150000/village" },
      p2: { id: "p2", type: "number", default: [1, 2], value: [1, 2] as never, setBy: "150000/village" },
    },
    computed: {},
    conditions: shared,
    // The evidence catalogue: its entries read as the `materials` fact (0s for one nothing was said of).
    materials: [
      { id: "minutes", title: "会议记录", accept: ["pdf"], maxFiles: 4, maxSizeMB: 5 },
      { id: "photo-wall", title: "照片", accept: ["jpg", "png"], maxFiles: 4, maxSizeMB: 5 },
    ],
    indicators: [
      { id: "x", title: "甲", max: 50 },
      { id: "y", title: "乙", max: 50 },
    ],
    rules: rules.map((r, i): Rule => ({
      id: `r${i}`,
      name: `规则${i}`,
      ...(r.priority ? { priority: r.priority } : {}),
      conditions: r.conditions,
      event: {
        type: r.type,
        params:
          r.type === "score" || r.type === "deduct"
            ? { indicator: r.indicator, points: r.points }
            : r.type === "star"
              ? { star: `星${i % 2}` }
              : { message: `说明${i}` },
      },
    })),
    grades: [
      { id: "top", title: "最强", minScore: 50, noVeto: true, requirements: "all" },
      { id: "starred", title: "有星", minStars: 1 },
      { id: "rest", title: "其他" },
    ],
    cases: [],
  }));

export const submissionArb = fc.record({
  data: fc.record(
    { a: jsonValue, b: jsonValue, list: fc.array(scalar, { maxLength: 3 }), nested: fc.record({ x: scalar }) },
    { requiredKeys: ["list"] },
  ),
  context: fc.record(
    { year: fc.integer({ min: 2019, max: 2026 }), branch: fc.record({ ageYears: fc.constantFrom(0.5, 1, 3) }) },
    { requiredKeys: [] },
  ),
  materials: fc.dictionary(
    fc.constantFrom("minutes", "photo-wall", "unknown"),
    fc.record(
      {
        uploaded: fc.integer({ min: 0, max: 4 }),
        accepted: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(-1), fc.constant(1.5)),
        rejected: fc.integer({ min: 0, max: 4 }),
      },
      { requiredKeys: [] },
    ),
    { maxKeys: 3 },
  ),
}) as fc.Arbitrary<Submission>;

async function outcome(run: () => Promise<unknown>) {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.constructor.name : String(error) };
  }
}

/** Scores one submission with both evaluators: the same Result (trace included), or both throw. */
export async function differ(
  ruleset: ResolvedRuleset,
  submission: Submission,
): Promise<{ same: boolean; threw: boolean }> {
  const reference = createReferenceEvaluator(structuredClone(ruleset));
  const compiled = createCompiledEvaluator(structuredClone(ruleset));
  const a = await outcome(() => reference.score(structuredClone(submission)));
  const b = await outcome(async () => compiled.scoreSync(structuredClone(submission)));
  let same = JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  if (same && a.ok) {
    const fast = compiled.scoreSync(structuredClone(submission), { trace: false });
    same =
      JSON.stringify(canonical({ ...fast, trace: [] })) ===
      JSON.stringify(canonical({ ...(a.value as object), trace: [] }));
  }
  if (same && a.ok) {
    // Every rule as a warning: the fast path's flags then name exactly the rules whose conditions passed.
    const flagged = asFlags(ruleset);
    const expected = (await createReferenceEvaluator(flagged).score(structuredClone(submission), { trace: false }))
      .flags;
    const actual = createCompiledEvaluator(flagged).scoreSync(structuredClone(submission), { trace: false }).flags;
    same = JSON.stringify(actual) === JSON.stringify(expected);
  }
  if (same) {
    // The other order: an evaluator that has scored without a trace (and so read its form sections) traces the same.
    const fastFirst = createCompiledEvaluator(structuredClone(ruleset));
    const c = await outcome(async () => fastFirst.scoreSync(structuredClone(submission), { trace: false }));
    const d = await outcome(async () => fastFirst.scoreSync(structuredClone(submission)));
    same = c.ok === a.ok && JSON.stringify(canonical(d)) === JSON.stringify(canonical(a));
  }
  return { same, threw: !a.ok };
}

function asFlags(ruleset: ResolvedRuleset): ResolvedRuleset {
  return {
    ...structuredClone(ruleset),
    rules: ruleset.rules.map((rule) => ({
      ...structuredClone(rule),
      event: { type: "flag", params: { message: rule.id } },
    })),
  };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  );
}
