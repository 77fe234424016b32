/** What every domain of the 内蒙古 library shares: the 五强 items, the 负面情形, the 四评 and eligibility. */
import type { CheckSpec, FieldSpec, MaterialSpec, GradeSpec, ParamSpec, RuleSpec, SectionSpec } from "./model";

export const S000 = "000_74b3e293d4bb3d3e.txt";
export const S001 = "001_90223941b31cd69d.txt";
export const S002 = "002_7ac5433e7f4a04b1.txt";
export const S003 = "003_472bc5a0d2ffebfa.txt";
export const S004 = "004_609609a769bc1438.txt";

const yes = (key: string, title: string, description?: string): FieldSpec => ({
  key,
  title,
  type: "boolean",
  evidence: true,
  description,
});
const count = (key: string, title: string, unit: string, description?: string, max = 366): FieldSpec => ({
  key,
  title,
  type: "integer",
  unit,
  min: 0,
  max,
  description,
});

export function basicSection(extra: FieldSpec[] = []): SectionSpec {
  return {
    key: "basic",
    title: "基本信息",
    fields: [
      { key: "branchName", title: "党支部名称", type: "string", required: true, sample: "示例党支部" },
      {
        key: "establishedOn",
        title: "成立日期",
        type: "date",
        required: true,
        description: "新组建不满一年的党支部一般不得评定为“最强党支部”。",
        sample: "2016-05-01",
      },
      {
        key: "memberCount",
        title: "党员人数",
        type: "integer",
        unit: "名",
        min: 1,
        max: 10000,
        required: true,
        sample: 20,
      },
      { key: "probationaryCount", title: "其中预备党员", type: "integer", unit: "名", min: 0, max: 10000, sample: 2 },
      {
        key: "committeeSize",
        title: "支部委员会委员人数",
        type: "integer",
        unit: "名",
        min: 0,
        max: 15,
        description: "党员7人以上的党支部设立支部委员会；不足7人的可不设，填 0。",
        sample: 5,
      },
      ...extra,
    ],
  };
}

export const POLITICAL: SectionSpec = {
  key: "political",
  title: "政治功能强",
  description: "旗帜鲜明讲政治，自觉学习党的政治理论，坚定执行党的政治路线。",
  fields: [
    count("studySessions", "本年度集中学习次数", "次", "每月组织一次集中学习。"),
    count("themedPartyDays", "本年度主题党日次数", "次", "以党支部为单位，每月相对固定1天开展主题党日。"),
    yes("implementsDecisions", "认真宣传贯彻党的路线方针政策和上级党组织的决议决定"),
  ],
};

export const TEAM: SectionSpec = {
  key: "team",
  title: "队伍建设强",
  description: "党支部工作机制健全，班子严格执行民主集中制，发展党员规范，党员管理严格。",
  fields: [
    count(
      "secretaryTrainings",
      "党支部书记本年度参加县级以上集中轮训次数",
      "次",
      "党支部书记每年至少参加一次县级以上集中轮训。",
      50,
    ),
    yes("democraticCentralism", "班子严格执行民主集中制，职责分工明确并履责到位"),
    yes("memberDevelopmentCompliant", "发展党员工作规范，党员教育经常"),
    {
      key: "unqualifiedMembers",
      title: "不合格党员处置情况",
      type: "enum",
      options: ["无不合格党员", "已及时处置", "未处置"],
      sample: "无不合格党员",
    },
  ],
};

export const LIFE: SectionSpec = {
  key: "life",
  title: "组织生活强",
  description: "严格执行“三会一课”、主题党日、组织生活会、民主评议党员和谈心谈话制度。",
  fields: [
    count("memberMeetings", "本年度党员大会次数", "次", "一般每季度召开1次。"),
    count("committeeMeetings", "本年度支部委员会会议次数", "次", "一般每月召开1次。"),
    count(
      "groupMeetings",
      "本年度党小组会次数（每个党小组平均）",
      "次",
      "一般每月召开1次；未设党小组的填与党员大会合并召开的次数。",
    ),
    count("partyLectures", "本年度党课次数", "次", "党员领导干部每年至少为基层党员讲1次党课。"),
    yes("talksCoverAll", "支部委员之间、委员和党员之间、党员之间本年度谈心谈话均不少于1次"),
    count("democraticAppraisals", "本年度民主评议党员次数", "次", "每年开展1次民主评议党员。", 12),
  ],
};

export const ROLE: SectionSpec = {
  key: "role",
  title: "作用发挥强",
  description: "组织设置规范、隶属明确、运行顺畅，完成八项基本任务和所处领域的重点任务。",
  fields: [
    yes("organizationStandard", "组织设置规范、隶属明确、按期换届"),
    yes("eightTasksCompleted", "认真完成党支部的八项基本任务"),
    yes("keyTasksCompleted", "完成所处领域的重点任务，业绩突出、成效明显"),
    yes("systemsImplemented", "党费收缴管理、组织关系接转、党籍管理、流动党员管理等制度落实"),
  ],
};

export const MASSES: SectionSpec = {
  key: "masses",
  title: "群众工作强",
  description: "践行群众路线，为群众解难题、办实事，群众对党支部工作支持度高、评价好。",
  fields: [
    count("practicalMatters", "本年度为群众（职工、师生、服务对象）办实事件数", "件", undefined, 10000),
    yes("visitsAndCare", "经常走访慰问，关怀帮扶困难党员群众"),
    yes("massesInReview", "邀请群众代表参与年度述职评议"),
    yes("massDiscipline", "密切联系群众，遵守群众纪律"),
  ],
};

export const NEGATIVE: SectionSpec = {
  key: "negative",
  title: "负面情形",
  description: "有以下情形之一的，不能评定为“最强党支部”。请如实填写，选“是”的请在说明中写明情况。",
  fields: [
    { ...yes("accountability", "党支部及所在单位当年度被给予问责处理"), sample: false },
    { ...yes("majorNegativeOpinion", "党支部及所在单位当年度出现重大负面舆情"), sample: false },
    { ...yes("leaderDisciplined", "党支部负责人当年度被给予党纪政务处分"), sample: false },
    { ...yes("leaderInvestigated", "党支部负责人当年因涉嫌违法犯罪被立案查处"), sample: false },
    { ...yes("otherNonCompliance", "其他不符合“最强党支部”建设标准的情形"), sample: false },
  ],
};

export function reviewSection(extra: FieldSpec[] = []): SectionSpec {
  return {
    key: "review",
    title: "四评（由上级党组织填写）",
    reviewer: true,
    description: "组织评定、党员评议、群众评判、社会评价，由基层党（工）委及以上评定人填写，党支部不填。",
    fields: [
      {
        key: "organizationRating",
        title: "组织评定等次",
        type: "enum",
        options: ["优秀", "良好", "一般", "较差"],
        description: "基层党（工）委根据日常了解和支部书记年度述职评议考核情况评定。",
      },
      { key: "memberParticipants", title: "党员评议参评人数", type: "integer", unit: "名", min: 0, max: 10000 },
      { key: "memberExcellentVotes", title: "党员评议“优秀”票数", type: "integer", unit: "票", min: 0, max: 10000 },
      {
        key: "massesDissatisfiedVerified",
        title: "群众评价为“不满意”且经查证属实",
        type: "boolean",
        evidence: true,
        sample: false,
      },
      {
        key: "socialNegativeFeedback",
        title: "执纪执法部门或主管单位反馈存在不符合相关要求的情况",
        type: "boolean",
        evidence: true,
        sample: false,
      },
      ...extra,
    ],
  };
}

export const COMMON_PARAMS: Record<string, ParamSpec> = {
  scoreLine: {
    title: "最强党支部分数线",
    type: "number",
    default: 90,
    min: 0,
    max: 100,
    bounds: { min: 90 },
    unit: "分",
    description:
      "002 五.(三)1：实行量化积分管理的地区，可将90分以上的作为“最强党支部”的评定范围。下级可以提高，不能降低。",
  },
  excellentRatioMin: {
    title: "党员评议“优秀”比例下限",
    type: "number",
    default: 0.9,
    min: 0,
    max: 1,
    locked: true,
    description: "002 五.(二)2：党员评价“优秀”等次所占比例应达到参加评议党员总数的90%以上。",
  },
  eligibleAgeYears: {
    title: "可评定的最短组建年限",
    type: "number",
    default: 1,
    unit: "年",
    locked: true,
    description: "002 七.(四)：新组建不满一年的党支部一般不得评定为“最强党支部”。",
  },
  studySessionsMin: {
    title: "集中学习次数下限",
    type: "integer",
    default: 12,
    unit: "次/年",
    bounds: { min: 12, max: 12 },
    description: "001 二.1：每月组织一次集中学习（某镇实施意见，自治区参考采用；不搞层层加码，下级不得改动）。",
  },
  practicalMattersMin: {
    title: "为群众办实事件数下限",
    type: "integer",
    default: 10,
    unit: "件/年",
    min: 0,
    description: "本地选择：002 二.(五) 要求“为群众解难题、办实事”，来源文件未给出件数，默认10件。",
  },
};

/** 000 第十八条 frequencies: the regulation's own numbers, so they are locked. */
const LIFE_PARAMS: [string, string, number, string][] = [
  ["memberMeetingsMin", "党员大会次数下限", 4, "党支部党员大会一般每季度召开1次"],
  ["committeeMeetingsMin", "支部委员会会议次数下限", 12, "党支部委员会会议一般每月召开1次"],
  ["groupMeetingsMin", "党小组会次数下限", 12, "党小组会一般每月召开1次"],
  ["partyLecturesMin", "党课次数下限", 1, "党员领导干部每年至少为基层党员讲1次党课"],
  ["democraticAppraisalsMin", "民主评议党员次数下限", 1, "每年开展1次民主评议党员"],
  ["themedPartyDaysMin", "主题党日次数下限", 12, "每月相对固定1天开展主题党日"],
];
for (const [name, title, value, text] of LIFE_PARAMS) {
  COMMON_PARAMS[name] = {
    title,
    type: "integer",
    default: value,
    unit: "次/年",
    locked: true,
    description: `000 第十八条：${text}。`,
  };
}

export const COMMON_COMPUTED = {
  memberExcellentRatio: {
    "/": [{ var: "form.review.memberExcellentVotes" }, { var: "form.review.memberParticipants" }],
  },
};

export const INDICATORS = [
  { id: "political", title: "政治功能强", max: 20, description: "本地选择：002 未给出“五强”分值，五项等分，各20分。" },
  { id: "team", title: "队伍建设强", max: 20 },
  { id: "life", title: "组织生活强", max: 20 },
  { id: "role", title: "作用发挥强", max: 20 },
  { id: "masses", title: "群众工作强", max: 20 },
];

const gte = (path: string, param: string) => ({ path, op: "greaterThanInclusive" as const, param });
const isTrue = (path: string) => ({ path, op: "equal" as const, value: true });

export const FIVE_STRONG_RULES: RuleSpec[] = [
  {
    id: "political-study",
    name: "每月集中学习",
    type: "score",
    indicator: "political",
    points: 8,
    source: `${S001} 二.1`,
    all: [gte("$.political.studySessions", "studySessionsMin")],
  },
  {
    id: "political-themed-days",
    name: "每月开展主题党日",
    type: "score",
    indicator: "political",
    points: 6,
    source: `${S000} 第十八条`,
    all: [gte("$.political.themedPartyDays", "themedPartyDaysMin")],
  },
  {
    id: "political-implement",
    name: "宣传贯彻党的路线方针政策和上级决议",
    type: "score",
    indicator: "political",
    points: 6,
    source: `${S002} 二.(一)`,
    all: [isTrue("$.political.implementsDecisions")],
  },
  {
    id: "team-secretary-training",
    name: "书记每年参加县级以上集中轮训",
    type: "score",
    indicator: "team",
    points: 5,
    source: `${S002} 四.(一)2`,
    all: [{ path: "$.team.secretaryTrainings", op: "greaterThanInclusive", value: 1 }],
  },
  {
    id: "team-democratic-centralism",
    name: "严格执行民主集中制",
    type: "score",
    indicator: "team",
    points: 5,
    source: `${S002} 二.(二)`,
    all: [isTrue("$.team.democraticCentralism")],
  },
  {
    id: "team-member-development",
    name: "发展党员规范、党员教育经常",
    type: "score",
    indicator: "team",
    points: 5,
    source: `${S002} 二.(二)`,
    all: [isTrue("$.team.memberDevelopmentCompliant")],
  },
  {
    id: "team-unqualified-handled",
    name: "不合格党员处置及时",
    type: "score",
    indicator: "team",
    points: 5,
    source: `${S002} 二.(二)`,
    all: [{ path: "$.team.unqualifiedMembers", op: "in", value: ["无不合格党员", "已及时处置"] }],
    fails: [{ name: "不合格党员未处置", patch: { data: { "$.team.unqualifiedMembers": "未处置" } } }],
  },
  {
    id: "life-member-meetings",
    name: "党员大会每季度1次",
    type: "score",
    indicator: "life",
    points: 4,
    source: `${S000} 第十八条`,
    all: [gte("$.life.memberMeetings", "memberMeetingsMin")],
  },
  {
    id: "life-committee-meetings",
    name: "支委会每月1次",
    type: "score",
    indicator: "life",
    points: 4,
    source: `${S000} 第十八条`,
    all: [gte("$.life.committeeMeetings", "committeeMeetingsMin")],
  },
  {
    id: "life-group-meetings",
    name: "党小组会每月1次",
    type: "score",
    indicator: "life",
    points: 3,
    source: `${S000} 第十八条`,
    all: [gte("$.life.groupMeetings", "groupMeetingsMin")],
  },
  {
    id: "life-party-lectures",
    name: "每年至少1次党课",
    type: "score",
    indicator: "life",
    points: 3,
    source: `${S000} 第十八条`,
    all: [gte("$.life.partyLectures", "partyLecturesMin")],
  },
  {
    id: "life-talks",
    name: "谈心谈话每年不少于1次",
    type: "score",
    indicator: "life",
    points: 3,
    source: `${S000} 第十八条`,
    all: [isTrue("$.life.talksCoverAll")],
  },
  {
    id: "life-democratic-appraisal",
    name: "每年1次民主评议党员",
    type: "score",
    indicator: "life",
    points: 3,
    source: `${S000} 第十八条`,
    all: [gte("$.life.democraticAppraisals", "democraticAppraisalsMin")],
  },
  {
    id: "role-organization",
    name: "组织设置规范、隶属明确",
    type: "score",
    indicator: "role",
    points: 5,
    source: `${S002} 二.(四)、四.(一)1`,
    all: [isTrue("$.role.organizationStandard")],
  },
  {
    id: "role-eight-tasks",
    name: "完成八项基本任务",
    type: "score",
    indicator: "role",
    points: 5,
    source: `${S002} 二.(四)`,
    all: [isTrue("$.role.eightTasksCompleted")],
  },
  {
    id: "role-key-tasks",
    name: "完成领域重点任务",
    type: "score",
    indicator: "role",
    points: 5,
    source: `${S002} 二.(四)`,
    all: [isTrue("$.role.keyTasksCompleted")],
  },
  {
    id: "role-systems",
    name: "党费、组织关系、党籍、流动党员管理制度落实",
    type: "score",
    indicator: "role",
    points: 5,
    source: `${S002} 四.(一)3`,
    all: [isTrue("$.role.systemsImplemented")],
  },
  {
    id: "masses-practical-matters",
    name: "为群众办实事",
    type: "score",
    indicator: "masses",
    points: 5,
    source: `${S002} 二.(五)`,
    all: [gte("$.masses.practicalMatters", "practicalMattersMin")],
  },
  {
    id: "masses-visits",
    name: "走访慰问、关怀帮扶",
    type: "score",
    indicator: "masses",
    points: 5,
    source: `${S002} 四.(一)3`,
    all: [isTrue("$.masses.visitsAndCare")],
  },
  {
    id: "masses-in-review",
    name: "群众代表参与年度述职评议",
    type: "score",
    indicator: "masses",
    points: 5,
    source: `${S002} 五.(二)3`,
    all: [isTrue("$.masses.massesInReview")],
  },
  {
    id: "masses-discipline",
    name: "密切联系群众、遵守群众纪律",
    type: "score",
    indicator: "masses",
    points: 5,
    source: `${S002} 二.(五)`,
    all: [isTrue("$.masses.massDiscipline")],
  },
];

const NEGATIVES: [string, string, string][] = [
  ["accountability", "党支部及所在单位当年度被给予问责处理", "1"],
  ["majorNegativeOpinion", "党支部及所在单位当年度出现重大负面舆情", "2"],
  ["leaderDisciplined", "党支部负责人当年度被给予党纪政务处分", "3"],
  ["leaderInvestigated", "党支部负责人当年因涉嫌违法犯罪被立案查处", "4"],
  ["otherNonCompliance", "其他不符合“最强党支部”建设标准的情形", "5"],
];

export const NEGATIVE_RULES: RuleSpec[] = NEGATIVES.map(([key, message, n]) => ({
  id: `veto-${key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`,
  name: `负面情形${n}`,
  type: "veto",
  required: true,
  message,
  source: `${S002} 四.(三)${n}`,
  item: `负面情形${n}`,
  all: [isTrue(`$.negative.${key}`)],
}));

export function sipingRules(socialExemptPath?: string): RuleSpec[] {
  const social: RuleSpec = {
    id: "veto-social-evaluation",
    name: "社会评价",
    type: "veto",
    required: true,
    message: "有关执纪执法部门反馈存在不符合相关要求的情况",
    source: `${S002} 五.(二)4`,
    item: "四评：社会评价",
    all: [
      isTrue("$.review.socialNegativeFeedback"),
      ...(socialExemptPath ? [{ path: socialExemptPath, op: "notEqual" as const, value: true }] : []),
    ],
    ...(socialExemptPath
      ? { fails: [{ name: "社会评价反馈不符合要求", patch: { data: { "$.review.socialNegativeFeedback": true } } }] }
      : {}),
  };
  return [
    {
      id: "req-organization-rating",
      name: "组织评定为优秀",
      type: "require",
      required: true,
      message: "基层党（工）委的组织评定等次须为“优秀”",
      source: `${S002} 五.(二)1`,
      item: "四评：组织评定",
      all: [{ path: "$.review.organizationRating", op: "equal", value: "优秀" }],
      fails: [{ name: "组织评定为良好", patch: { data: { "$.review.organizationRating": "良好" } } }],
    },
    {
      id: "req-member-excellent-ratio",
      name: "党员评议优秀比例",
      type: "require",
      required: true,
      message: "党员评议“优秀”票数须达到参评人数的90%以上",
      source: `${S002} 五.(二)2`,
      item: "四评：党员评议",
      all: [
        { path: "$.memberExcellentRatio", fact: "computed", op: "greaterThanInclusive", param: "excellentRatioMin" },
      ],
      pass: { data: { "$.review.memberParticipants": 20, "$.review.memberExcellentVotes": 18 } },
      fails: [
        {
          name: "党员评议优秀比例85%",
          patch: { data: { "$.review.memberParticipants": 20, "$.review.memberExcellentVotes": 17 } },
        },
        {
          name: "党员评议参评人数为0",
          patch: { data: { "$.review.memberParticipants": 0, "$.review.memberExcellentVotes": 0 } },
        },
      ],
    },
    {
      id: "veto-masses-dissatisfied",
      name: "群众评判",
      type: "veto",
      required: true,
      message: "群众评价为“不满意”且经查证属实",
      source: `${S002} 五.(二)3`,
      item: "四评：群众评判",
      all: [isTrue("$.review.massesDissatisfiedVerified")],
    },
    social,
  ];
}

export const ELIGIBILITY_RULES: RuleSpec[] = [
  {
    id: "eligibility-age",
    name: "组建满一年",
    type: "require",
    required: true,
    message: "新组建不满一年的党支部一般不得评定为“最强党支部”",
    source: `${S002} 七.(四)`,
    item: "新组建不满一年",
    all: [{ path: "$.branch.ageYears", fact: "context", op: "greaterThanInclusive", param: "eligibleAgeYears" }],
    fails: [{ name: "组建半年的党支部", patch: { context: { branch: { ageYears: 0.5 } } } }],
  },
  {
    id: "eligibility-not-weak",
    name: "上年度非软弱涣散",
    type: "require",
    required: true,
    message: "上年度为软弱涣散党支部的，一般不能直接越级评定为“最强党支部”",
    source: `${S002} 七.(四)`,
    item: "软弱涣散不能越级",
    all: [{ path: "$.history.weakLastYear", fact: "context", op: "notEqual", value: true }],
    fails: [{ name: "上年度软弱涣散的党支部", patch: { context: { history: { weakLastYear: true } } } }],
  },
];

export const WEAK_FLAG: RuleSpec = {
  id: "flag-weak-organization-life",
  name: "组织生活不正常",
  type: "flag",
  message: "全年未召开党员大会或支部委员会会议，组织生活不正常，请按软弱涣散党组织排查",
  source: `${S000} 第二十二条`,
  item: "软弱涣散预警",
  any: [
    { path: "$.life.memberMeetings", op: "lessThanInclusive", value: 0 },
    { path: "$.life.committeeMeetings", op: "lessThanInclusive", value: 0 },
  ],
  pass: { data: {} },
  fails: [{ name: "全年未开党员大会", patch: { data: { "$.life.memberMeetings": 0 } } }],
};

export const GRADES: GradeSpec[] = [
  { id: "strongest", title: "最强党支部", minScore: { param: "scoreLine" }, noVeto: true, requirements: "all" },
  { id: "advanced", title: "先进", minScore: { param: "advancedLine" }, noVeto: true },
  { id: "middle", title: "中间", minScore: { param: "middleLine" } },
  { id: "backward", title: "后进" },
];

COMMON_PARAMS.advancedLine = {
  title: "先进分数线",
  type: "number",
  default: 80,
  min: 0,
  max: 100,
  unit: "分",
  description:
    "本地选择：000 第二十二条提出“增加先进支部、提升中间支部、整顿后进支部”，未给出分数线；默认80分，且不得有负面情形。",
};
COMMON_PARAMS.middleLine = {
  title: "中间分数线",
  type: "number",
  default: 60,
  min: 0,
  max: 100,
  unit: "分",
  description: "本地选择：来源文件未给出中间与后进的分界，默认60分。",
};

/** A count that cannot exceed another: 其中预备党员 ≤ 党员人数. */
export const notMoreThan = (id: string, field: string, than: string, message: string): CheckSpec => ({
  id,
  field,
  conditions: {
    all: [{ fact: "form", path: field, operator: "lessThanInclusive", value: { fact: "form", path: than } }],
  },
  message,
});

/** Answers every form's 基本信息 must agree with: the counts within the membership, the founding date not ahead. */
export const BASIC_CHECKS: CheckSpec[] = [
  notMoreThan(
    "check-probationary-within-members",
    "$.basic.probationaryCount",
    "$.basic.memberCount",
    "其中预备党员人数不能多于党员人数",
  ),
  notMoreThan(
    "check-committee-within-members",
    "$.basic.committeeSize",
    "$.basic.memberCount",
    "支部委员会委员人数不能多于党员人数",
  ),
  {
    id: "check-established-not-future",
    field: "$.basic.establishedOn",
    conditions: {
      all: [
        {
          fact: "form",
          path: "$.basic.establishedOn",
          operator: "lessThanInclusive",
          value: { fact: "context", path: "$.today" },
        },
      ],
    },
    message: "成立日期不能晚于今天",
  },
];

/** The 四评's 党员评议: no more “优秀” votes than members taking part. */
export const REVIEW_CHECKS: CheckSpec[] = [
  notMoreThan(
    "check-excellent-votes-within-participants",
    "$.review.memberExcellentVotes",
    "$.review.memberParticipants",
    "党员评议“优秀”票数不能多于参评人数",
  ),
];

/**
 * The 内蒙古 evidence catalogue (002 五.(三)2: the materials a 申报 needs are set by 县级以上党委): the records of the
 * 组织生活 that 000 第十八条 asks for, each beside the answer it proves. The 党员大会 minutes and the 主题党日 records
 * are required for 最强党支部; the others support the answers without holding a grade back.
 */
const EVIDENCE_SOURCE = `${S002} 五.(三)2`;
export const EVIDENCE: MaterialSpec[] = [
  {
    id: "member-meeting-minutes",
    title: "党员大会会议记录",
    description: "本年度每次党员大会的会议记录（记录本扫描件或照片），含时间、议题、出席情况。",
    accept: ["pdf", "jpg", "png", "docx"],
    maxFiles: 12,
    maxSizeMB: 20,
    required: ["strongest"],
    fields: ["$.life.memberMeetings"],
    source: `${EVIDENCE_SOURCE}；${S000} 第十八条`,
  },
  {
    id: "committee-meeting-minutes",
    title: "支部委员会会议记录",
    description: "本年度支部委员会会议记录（可合并为一个文件）。",
    accept: ["pdf", "jpg", "png", "docx"],
    maxFiles: 12,
    maxSizeMB: 20,
    fields: ["$.life.committeeMeetings"],
    source: `${EVIDENCE_SOURCE}；${S000} 第十八条`,
  },
  {
    id: "themed-party-day-records",
    title: "主题党日活动记录",
    description: "本年度主题党日的活动记录和现场照片。",
    accept: ["pdf", "jpg", "png", "docx"],
    maxFiles: 24,
    maxSizeMB: 10,
    required: ["strongest"],
    fields: ["$.political.themedPartyDays"],
    source: `${EVIDENCE_SOURCE}；${S000} 第十八条`,
  },
  {
    id: "party-lecture-records",
    title: "党课记录",
    description: "党课讲稿或记录。",
    accept: ["pdf", "docx", "jpg", "png"],
    maxFiles: 6,
    maxSizeMB: 20,
    fields: ["$.life.partyLectures"],
    source: `${EVIDENCE_SOURCE}；${S000} 第十八条`,
  },
  {
    id: "democratic-appraisal-records",
    title: "民主评议党员材料",
    description: "民主评议党员的会议记录、测评表汇总（Excel 或扫描件）。",
    accept: ["pdf", "xlsx", "docx", "jpg", "png"],
    maxFiles: 6,
    maxSizeMB: 20,
    fields: ["$.life.democraticAppraisals"],
    source: `${EVIDENCE_SOURCE}；${S000} 第十八条`,
  },
];
