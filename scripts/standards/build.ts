/**
 * Builds the shipped standards library from the specs beside this file:
 *   schemas/forms/<domain>.schema.json + .ui.json, schemas/forms/<region>/village.*,
 *   rulesets/150000/<domain>.json, rulesets/150100/village.json, rulesets/450000/village.json,
 *   rulesets/510100/village.json, and docs/standards.md.
 * Run `npm run standards` after changing a spec; `npm test` checks that the files match.
 * Usage: tsx scripts/standards/build.ts [outDir]   (default: the project root)
 */
import fs from "node:fs";
import path from "node:path";
import {
  basicSection,
  BASIC_CHECKS,
  COMMON_COMPUTED,
  EVIDENCE,
  notMoreThan,
  REVIEW_CHECKS,
  COMMON_PARAMS,
  ELIGIBILITY_RULES,
  FIVE_STRONG_RULES,
  GRADES,
  INDICATORS,
  LIFE,
  MASSES,
  NEGATIVE,
  NEGATIVE_RULES,
  POLITICAL,
  reviewSection,
  ROLE,
  S002,
  S003,
  S004,
  sipingRules,
  TEAM,
  WEAK_FLAG,
} from "./common";
import { DOMAIN_SPECS, type DomainSpec } from "./domains";
import { buildForm, buildRulesetContent, generateCases, type GeneratedCase } from "./generate";
import type { CheckSpec, ParamSpec, RuleSpec, RulesetSpec, SectionSpec } from "./model";
import { setAt } from "./oracle";

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, "../.."));
const write = (rel: string, value: unknown) => {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value, null, 2) + "\n");
};

const BASE_CONTEXT = { year: 2025, branch: { ageYears: 1 }, history: { weakLastYear: false } };

function domainSections(d: DomainSpec): SectionSpec[] {
  return [
    basicSection(d.basicExtra),
    POLITICAL,
    TEAM,
    LIFE,
    ROLE,
    MASSES,
    {
      key: "standard",
      title: `${d.title}领域标准`,
      description: `002 附件2：${d.title}党支部“最强党支部”建设参考标准。`,
      fields: d.fields,
    },
    NEGATIVE,
    reviewSection(d.reviewExtra),
  ];
}

function domainRuleset(d: DomainSpec): RulesetSpec {
  return {
    id: `150000/${d.id}`,
    title: `内蒙古自治区${d.title}党支部“最强党支部”评定标准`,
    description:
      "依据 002《“最强党支部”建设工作指南》及附件2、000 第十八条。五强各20分、各项分值为本地选择（来源文件未给出分值）；" +
      "附件2各项为必须达到的要求，负面情形和群众评判、社会评价为一票否决，组织评定须为优秀、党员评议优秀比例须达90%。",
    form: d.id,
    source: `${S002} 附件2 ${d.clause}`,
    effective: { from: 2020 },
    params: { ...COMMON_PARAMS, ...(d.params ?? {}) },
    computed: { ...COMMON_COMPUTED, ...(d.computed ?? {}) },
    indicators: INDICATORS,
    rules: [
      ...FIVE_STRONG_RULES,
      ...d.rules,
      ...NEGATIVE_RULES,
      ...sipingRules(d.socialExemptPath),
      ...ELIGIBILITY_RULES,
      WEAK_FLAG,
    ],
    grades: GRADES,
    checks: [...BASIC_CHECKS, ...REVIEW_CHECKS, ...(d.checks ?? [])],
    materials: EVIDENCE,
    baseContext: BASE_CONTEXT,
    extraCases: d.extraCases,
  };
}

type Built = { spec: RulesetSpec; sections: SectionSpec[]; cases: GeneratedCase[] };
const built: Built[] = [];

for (const d of DOMAIN_SPECS) {
  const sections = domainSections(d);
  const form = buildForm(`${d.title}党支部“最强党支部”评价表`, sections);
  write(`schemas/forms/${d.id}.schema.json`, form.schema);
  write(`schemas/forms/${d.id}.ui.json`, form.ui);
  const spec = domainRuleset(d);
  const cases = generateCases(spec, sections, d.extraCases);
  for (const c of cases) setAt(c.data as Record<string, unknown>, "$.basic.branchName", d.sampleName);
  built.push({ spec, sections, cases });
}

// 呼和浩特市: stricter thresholds and one local field, on top of 内蒙古's 嘎查村 standard.
{
  const village = built.find((b) => b.spec.id === "150000/village")!;
  const local: SectionSpec = {
    key: "local",
    title: "本市特色指标",
    description: "呼和浩特市在自治区标准上增加的填报项。",
    fields: [
      {
        key: "gridBranches",
        title: "在自然村、网格设立的党支部或党小组数",
        type: "integer",
        unit: "个",
        min: 0,
        max: 100,
        description: "002 四.(一)1：探索在自然村和社区网格设立党支部或党小组。",
      },
    ],
  };
  const overrides: Record<string, number> = { collectiveIncomeMin: 10, scoreLine: 92 };
  const params: Record<string, ParamSpec> = Object.fromEntries(
    Object.entries(village.spec.params).map(([k, p]) => [k, k in overrides ? { ...p, default: overrides[k] } : p]),
  );
  const star: RuleSpec = {
    id: "local-grid-star",
    name: "网格党建星",
    type: "star",
    star: "网格党建星",
    source: "002_7ac5433e7f4a04b1.txt 四.(一)1（呼和浩特市本地选择：作为星级展示，不影响等次）",
    item: "呼和浩特市 网格党建",
    all: [{ path: "$.local.gridBranches", op: "greaterThanInclusive", value: 1 }],
  };
  const merged: RulesetSpec = { ...village.spec, params, rules: [...village.spec.rules, star] };
  const sections = [...village.sections, local];
  const cases = generateCases(merged, sections).filter((c) => /满分|集体经济|恰好|低于|网格党建/.test(c.name));
  const localForm = buildForm("", [local]);
  // The same data that 内蒙古 rates 最强 falls short here: income 8万元, and a score of 90.
  const mid = structuredClone(cases[0]);
  setAt(mid.data as Record<string, unknown>, "$.basic.collectiveIncome", 8);
  cases.push({
    ...mid,
    name: "集体经济8万元：自治区达标、本市未达标",
    expect: { grade: "advanced", score: 100, vetoes: [], unmet: ["std-collective-income"], flags: [] },
  });
  village.cases.push({
    ...structuredClone(mid),
    name: "集体经济8万元达到自治区要求（与呼和浩特市对照）",
    expect: { grade: "strongest", score: 100, vetoes: [], unmet: [], flags: [] },
  });
  const child = {
    $schema: "../../schemas/ruleset.schema.json",
    id: "150100/village",
    extends: "150000/village",
    title: "呼和浩特市嘎查村党支部“最强党支部”评定标准",
    description:
      "在自治区标准上提高集体经济收入要求（10万元）和分数线（92分），并增加本市网格党建填报项。提高的数值为本市选择。",
    source: "002_7ac5433e7f4a04b1.txt 附件2 一；呼和浩特市本地选择",
    params: { collectiveIncomeMin: 10, scoreLine: 92 },
    rules: buildRulesetContent({ ...merged, rules: [star] }, []).rules,
    form: {
      extend: { local: (localForm.schema.properties as Record<string, unknown>).local },
      ui: { "ui:order": [...village.sections.map((s) => s.key), "local"], local: localForm.ui.local },
    },
    cases,
  };
  built.push({
    spec: { ...merged, id: "150100/village", extends: "150000/village", description: child.description, rules: [star] },
    sections,
    cases,
  });
  write("rulesets/150100/village.json", child);
}

// 广西 (003): its own form and rule set — 党员积分、先锋指数、服务岗位、联系群众, 星级 grades.
function regionalVillage(
  id: string,
  title: string,
  extra: SectionSpec,
  rules: RuleSpec[],
  params: Record<string, ParamSpec>,
  computed: Record<string, unknown>,
  indicators: RulesetSpec["indicators"],
  grades: RulesetSpec["grades"],
  description: string,
  source: string,
  scoreRules: RuleSpec[],
  checks: CheckSpec[],
) {
  const sections = [
    basicSection([
      { key: "collectiveIncome", title: "村集体经济年收入", type: "number", unit: "万元", min: 0, max: 100000 },
    ]),
    POLITICAL,
    TEAM,
    LIFE,
    ROLE,
    MASSES,
    extra,
  ];
  const form = buildForm(`${title}评价表`, sections);
  write(`schemas/forms/${id}.schema.json`, form.schema);
  write(`schemas/forms/${id}.ui.json`, form.ui);
  const spec: RulesetSpec = {
    id,
    title,
    description,
    form: id,
    source,
    effective: { from: 2021 },
    params,
    computed,
    indicators,
    rules: [...scoreRules, ...rules],
    grades,
    checks: [...BASIC_CHECKS, ...checks],
    baseContext: { year: 2025 },
  };
  const cases = generateCases(spec, sections);
  built.push({ spec, sections, cases });
}

const localParams = (names: string[]) => Object.fromEntries(names.map((n) => [n, COMMON_PARAMS[n]]));
const fiveStrongParams = localParams([
  "studySessionsMin",
  "themedPartyDaysMin",
  "memberMeetingsMin",
  "committeeMeetingsMin",
  "groupMeetingsMin",
  "partyLecturesMin",
  "democraticAppraisalsMin",
  "practicalMattersMin",
]);

regionalVillage(
  "450000/village",
  "广西壮族自治区村党组织乡村治理星级评定标准",
  {
    key: "governance",
    title: "党建引领乡村治理",
    description: "003 第10条：党员设岗定责、联系群众、积分管理和先锋指数。",
    fields: [
      { key: "pointsManagement", title: "实行党员积分管理和分类管理", type: "boolean", evidence: true },
      { key: "vanguardIndex", title: "建立党员先锋指数评价体系", type: "boolean", evidence: true },
      {
        key: "membersWithPost",
        title: "认领至少1个服务岗位的党员人数",
        type: "integer",
        unit: "名",
        min: 0,
        max: 10000,
      },
      { key: "villageCadres", title: "村干部人数", type: "integer", unit: "名", min: 0, max: 100 },
      {
        key: "cadresInContact",
        title: "联系至少1名致富能手和5户群众的村干部人数",
        type: "integer",
        unit: "名",
        min: 0,
        max: 100,
      },
      { key: "membersInContact", title: "联系至少3户群众的党员人数", type: "integer", unit: "名", min: 0, max: 10000 },
    ],
  },
  [
    {
      id: "gx-points-management",
      name: "党员积分管理",
      type: "require",
      message: "深化党员积分管理和分类管理",
      source: `${S003} 三.10`,
      item: "003 党员积分",
      all: [{ path: "$.governance.pointsManagement", op: "equal", value: true }],
    },
    {
      id: "gx-vanguard-index",
      name: "党员先锋指数",
      type: "require",
      message: "建立党员先锋指数评价体系",
      source: `${S003} 三.10`,
      item: "003 先锋指数",
      all: [{ path: "$.governance.vanguardIndex", op: "equal", value: true }],
    },
    {
      id: "gx-service-posts",
      name: "每名党员认领服务岗位",
      type: "require",
      message: "原则上每名党员至少认领1个服务岗位",
      source: `${S003} 三.10`,
      item: "003 服务岗位",
      all: [{ path: "$.postCoverage", fact: "computed", op: "greaterThanInclusive", param: "postCoverageMin" }],
      pass: { data: { "$.basic.memberCount": 20, "$.governance.membersWithPost": 20 } },
      fails: [
        {
          name: "20名党员中19名认领服务岗位",
          patch: { data: { "$.basic.memberCount": 20, "$.governance.membersWithPost": 19 } },
        },
      ],
    },
    {
      id: "gx-cadre-contact",
      name: "村干部联系能手和群众",
      type: "require",
      message: "村干部每人至少联系1名致富能手和5户群众",
      source: `${S003} 三.10`,
      item: "003 村干部联系群众",
      all: [
        { path: "$.cadreContactCoverage", fact: "computed", op: "greaterThanInclusive", param: "contactCoverageMin" },
      ],
      pass: { data: { "$.governance.villageCadres": 5, "$.governance.cadresInContact": 5 } },
      fails: [
        {
          name: "5名村干部中4名达到联系要求",
          patch: { data: { "$.governance.villageCadres": 5, "$.governance.cadresInContact": 4 } },
        },
      ],
    },
    {
      id: "gx-member-contact",
      name: "党员联系3户群众",
      type: "require",
      message: "党员每人至少联系3户群众",
      source: `${S003} 三.10`,
      item: "003 党员联系群众",
      all: [
        { path: "$.memberContactCoverage", fact: "computed", op: "greaterThanInclusive", param: "contactCoverageMin" },
      ],
      pass: { data: { "$.basic.memberCount": 20, "$.governance.membersInContact": 20 } },
      fails: [
        {
          name: "20名党员中18名联系3户群众",
          patch: { data: { "$.basic.memberCount": 20, "$.governance.membersInContact": 18 } },
        },
      ],
    },
  ],
  {
    ...fiveStrongParams,
    postCoverageMin: {
      title: "认领服务岗位党员比例下限",
      type: "number",
      default: 1,
      min: 0,
      max: 1,
      locked: true,
      description: "003 三.10：原则上每名党员至少认领1个服务岗位。",
    },
    contactCoverageMin: {
      title: "达到联系群众要求的比例下限",
      type: "number",
      default: 1,
      min: 0,
      max: 1,
      locked: true,
      description: "003 三.10：村干部每人、党员每人都应达到联系要求。",
    },
    fiveStarLine: {
      title: "五星分数线",
      type: "number",
      default: 90,
      min: 0,
      max: 100,
      unit: "分",
      description: "本地选择：003 提出星级化管理，未规定星级标准。",
    },
    fourStarLine: {
      title: "四星分数线",
      type: "number",
      default: 80,
      min: 0,
      max: 100,
      unit: "分",
      description: "本地选择：003 未规定星级标准。",
    },
    threeStarLine: {
      title: "三星分数线",
      type: "number",
      default: 60,
      min: 0,
      max: 100,
      unit: "分",
      description: "本地选择：003 未规定星级标准。",
    },
  },
  {
    postCoverage: { "/": [{ var: "form.governance.membersWithPost" }, { var: "form.basic.memberCount" }] },
    cadreContactCoverage: {
      "/": [{ var: "form.governance.cadresInContact" }, { var: "form.governance.villageCadres" }],
    },
    memberContactCoverage: { "/": [{ var: "form.governance.membersInContact" }, { var: "form.basic.memberCount" }] },
  },
  INDICATORS.map((i, n) =>
    n === 0 ? { ...i, description: "本地选择：003 未规定积分项，沿用平台通用的“五强”积分，五项各20分。" } : i,
  ),
  [
    { id: "five-star", title: "五星", minScore: { param: "fiveStarLine" }, requirements: "all" },
    {
      id: "four-star",
      title: "四星",
      minScore: { param: "fourStarLine" },
      requirements: ["gx-service-posts", "gx-member-contact"],
    },
    { id: "three-star", title: "三星", minScore: { param: "threeStarLine" } },
    { id: "unrated", title: "未定星" },
  ],
  "依据 003《关于农村基层党建引领新时代乡村治理的指导意见》第10条：党员积分管理、先锋指数、每名党员至少认领1个服务岗位、村干部联系1名致富能手和5户群众、党员联系3户群众；结合星级化管理定星。星级分数线与积分项为本地选择。",
  `${S003} 三.10、五.19`,
  FIVE_STRONG_RULES,
  [
    notMoreThan(
      "check-posts-within-members",
      "$.governance.membersWithPost",
      "$.basic.memberCount",
      "认领服务岗位的党员人数不能多于党员人数",
    ),
    notMoreThan(
      "check-cadres-in-contact",
      "$.governance.cadresInContact",
      "$.governance.villageCadres",
      "达到联系要求的村干部人数不能多于村干部人数",
    ),
    notMoreThan(
      "check-members-in-contact",
      "$.governance.membersInContact",
      "$.basic.memberCount",
      "联系群众的党员人数不能多于党员人数",
    ),
  ],
);

// 四川 (004; the document does not name its city — 成都 stands in): 5A/4A/3A, 集体经济 1万元 weak line, 90% coverage.
regionalVillage(
  "510100/village",
  "成都市村党组织5A/4A/3A定级标准",
  {
    key: "coverage",
    title: "组织覆盖与集体经济",
    description: "004：90%以上具备条件的农村经济组织、社会组织成立功能党组织；集体经济年收入1万元以下为薄弱村。",
    fields: [
      {
        key: "eligibleOrganizations",
        title: "具备条件的农村经济组织、社会组织数",
        type: "integer",
        unit: "个",
        min: 0,
        max: 1000,
      },
      { key: "organizationsWithParty", title: "其中已成立党组织的", type: "integer", unit: "个", min: 0, max: 1000 },
    ],
  },
  [
    {
      id: "sc-organization-coverage",
      name: "经济社会组织党组织覆盖90%",
      type: "require",
      message: "90%以上具备条件的农村经济组织、社会组织成立功能党组织",
      source: `${S004} 二.(二)`,
      item: "004 组织覆盖",
      all: [{ path: "$.organizationCoverage", fact: "computed", op: "greaterThanInclusive", param: "coverageMin" }],
      pass: { data: { "$.coverage.eligibleOrganizations": 10, "$.coverage.organizationsWithParty": 9 } },
      fails: [
        {
          name: "10个组织中8个成立党组织",
          patch: { data: { "$.coverage.eligibleOrganizations": 10, "$.coverage.organizationsWithParty": 8 } },
        },
      ],
    },
    {
      id: "sc-collective-not-weak",
      name: "非集体经济薄弱村",
      type: "require",
      message: "集体经济年收入不低于1万元（1万元以下为薄弱村）",
      source: `${S004} 二.(六)`,
      item: "004 集体经济薄弱线",
      all: [{ path: "$.basic.collectiveIncome", op: "greaterThanInclusive", param: "weakIncomeLine" }],
    },
  ],
  {
    ...fiveStrongParams,
    coverageMin: {
      title: "党组织覆盖比例下限",
      type: "number",
      default: 0.9,
      min: 0,
      max: 1,
      bounds: { min: 0.9 },
      description: "004 二.(二)：2021年底前90%以上具备条件的农村经济组织、社会组织成立功能党组织。",
    },
    weakIncomeLine: {
      title: "集体经济薄弱线",
      type: "number",
      default: 1,
      min: 0,
      unit: "万元",
      description: "004 二.(六)：集体经济年收入1万元以下村为帮带对象。",
    },
    line5A: {
      title: "5A分数线",
      type: "number",
      default: 90,
      min: 0,
      max: 100,
      unit: "分",
      description: "本地选择：004 要求评定5A、4A、3A级村党组织，未规定分数线。",
    },
    line4A: { title: "4A分数线", type: "number", default: 80, min: 0, max: 100, unit: "分", description: "本地选择。" },
    line3A: { title: "3A分数线", type: "number", default: 70, min: 0, max: 100, unit: "分", description: "本地选择。" },
  },
  {
    organizationCoverage: {
      "/": [{ var: "form.coverage.organizationsWithParty" }, { var: "form.coverage.eligibleOrganizations" }],
    },
  },
  [
    { id: "political", title: "工作实绩好", max: 20, description: "004“五好”之一；本地选择：以政治功能强各项计分。" },
    { id: "team", title: "领导班子好", max: 20 },
    { id: "life", title: "运行机制好", max: 20 },
    { id: "role", title: "组织体系好", max: 20 },
    { id: "masses", title: "群众反映好", max: 20 },
  ],
  [
    { id: "5A", title: "5A级村党组织", minScore: { param: "line5A" }, requirements: "all" },
    { id: "4A", title: "4A级村党组织", minScore: { param: "line4A" }, requirements: ["sc-collective-not-weak"] },
    { id: "3A", title: "3A级村党组织", minScore: { param: "line3A" } },
    { id: "unrated", title: "未定级" },
  ],
  "依据 004《加强乡村基层组织建设工作方案》：“五好”目标作为五项指标，评定5A、4A、3A级村党组织；集体经济年收入1万元以下为薄弱村，不能评为5A、4A；90%以上具备条件的经济社会组织成立党组织。各级分数线与积分项为本地选择。",
  `${S004} 一、二.(三)、二.(六)`,
  FIVE_STRONG_RULES,
  [
    notMoreThan(
      "check-organizations-with-party",
      "$.coverage.organizationsWithParty",
      "$.coverage.eligibleOrganizations",
      "已成立党组织的经济社会组织不能多于具备条件的组织数",
    ),
  ],
);

for (const b of built) {
  if (b.spec.id === "150100/village") continue;
  write(`rulesets/${b.spec.id}.json`, buildRulesetContent(b.spec, b.cases));
}

// docs/standards.md: every item mapped to its field and rule id.
const rows = (b: Built) =>
  b.spec.rules.map((r) => {
    const paths = [...(r.all ?? r.any ?? [])]
      .map((c) => `\`${(c.fact ?? "form") === "form" ? c.path : `${c.fact}:${c.path}`}\``)
      .join("<br>");
    const indicator = b.spec.indicators.find((i) => i.id === r.indicator);
    const what =
      r.item ?? (indicator ? `${indicator.title}（${b.spec.indicators === INDICATORS ? "五强" : "指标"}）` : r.name);
    return `| ${what} | ${r.message ?? r.name}${r.points ? `（${r.points}分）` : ""} | ${paths} | \`${r.id}\` | ${r.type} | ${r.source} |`;
  });
const header = "| 条目 | 内容 | 字段 | 规则 | 类型 | 来源 |\n|---|---|---|---|---|---|";
const doc = [
  "# 标准库对照表 Standards library",
  "",
  "生成自 `scripts/standards/`（`npm run standards`），请勿手工修改。每一行是一条规则：它实现的来源条目、读取的表单字段、规则编号和类型。",
  "Generated by `scripts/standards/` (`npm run standards`); do not edit by hand.",
  "",
  "来源文件见 `../shared/seeds/`。来源没有给出的数值（五强分值、先进/中间分数线、办实事件数、星级和A级分数线等）均为参数，参数说明写明“本地选择”。",
  "",
  "## 共同规则（内蒙古 12 个领域）",
  "",
  "- **90分线**：参数 `scoreLine`（默认90，下级只能提高），等次 `strongest` 的 `minScore`。",
  "- **新组建不满一年**：规则 `eligibility-age`（`context.branch.ageYears` ≥ 参数 `eligibleAgeYears` = 1，锁定）。",
  "- **软弱涣散不能越级评定为最强**：规则 `eligibility-not-weak`（`context.history.weakLastYear` 不为 true）。",
  "- **四评**：组织评定 `req-organization-rating`；党员评议 `req-member-excellent-ratio`（计算项 `memberExcellentRatio` ≥ 参数 `excellentRatioMin` = 0.9，锁定）；群众评判 `veto-masses-dissatisfied`；社会评价 `veto-social-evaluation`（机关：`basic.socialEvaluationExempt` 为“是”时不适用）。",
  "- **负面情形1–5**：`veto-accountability`、`veto-major-negative-opinion`、`veto-leader-disciplined`、`veto-leader-investigated`、`veto-other-non-compliance`，均为必选规则，下级不能停用。",
  "- **等次**：最强党支部（≥ `scoreLine`，无负面情形，全部要求达到）、先进（≥ `advancedLine` = 80，无负面情形）、中间（≥ `middleLine` = 60）、后进。",
  '- 表单中“四评（由上级党组织填写）”一节在 uiSchema 中标为 `"ui:options": { "filledBy": "reviewer" }`，由评定人填写。',
  "",
  ...built.flatMap((b) => [
    `## ${b.spec.id} ${b.spec.title}`,
    "",
    b.spec.description,
    "",
    header,
    ...rows(b),
    "",
    `用例：${b.cases.length} 个。`,
    "",
  ]),
].join("\n");
write("docs/standards.md", doc);
console.log(
  `standards: ${built.length} rule sets, ${built.reduce((n, b) => n + b.cases.length, 0)} cases written to ${root}`,
);
