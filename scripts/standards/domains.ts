/** 002 附件2: each domain's reference standards, one `require` rule per item, with the fields that answer it. */
import { S000, S001, S002 } from "./common";
import type { Cond, ExtraCase, FieldSpec, ParamSpec, RuleSpec } from "./model";

export type DomainSpec = {
  id: string;
  title: string;
  /** 附件2's heading for the domain. */
  clause: string;
  basicExtra?: FieldSpec[];
  reviewExtra?: FieldSpec[];
  fields: FieldSpec[];
  params?: Record<string, ParamSpec>;
  computed?: Record<string, unknown>;
  rules: RuleSpec[];
  socialExemptPath?: string;
  extraCases?: ExtraCase[];
  sampleName: string;
};

const yes = (key: string, title: string, description?: string): FieldSpec => ({ key, title, type: "boolean", evidence: true, description });
const no = (key: string, title: string, description?: string): FieldSpec => ({ key, title, type: "boolean", evidence: true, description, sample: false });
const isTrue = (path: string): Cond => ({ path, op: "equal", value: true });
const isFalse = (path: string): Cond => ({ path, op: "equal", value: false });

/** A yes/no 附件2 item: the answer must be 是 (or 否 for an item that must not happen). */
function item(domain: string, clause: string, n: number, key: string, message: string, expect: boolean = true): RuleSpec {
  return {
    id: `std-${key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`,
    name: `附件2 ${clause}${n}`,
    type: "require",
    message,
    source: `${S002} 附件2 ${clause}${n}`,
    item: `附件2 ${clause}${n}`,
    all: [expect ? isTrue(`$.standard.${key}`) : isFalse(`$.standard.${key}`)],
  };
}

const checklist = (key: string, title: string, options: string[], description?: string): FieldSpec => ({ key, title, type: "checklist", options, description });
const hasAll = (path: string, options: string[]): Cond[] => options.map((value) => ({ path, op: "contains", value }));

const SIX_HAVE = ["有场所", "有设施", "有标志", "有党旗", "有书报", "有制度"];
const EIGHT_HAVE = ["有党旗", "有党员名册", "有规章制度", "有电教设备", "有桌椅", "有计算机", "有图书资料", "有档案柜"];
const FIVE_IN_PLACE = ["网格设置到位", "人员配备到位", "待遇保障到位", "责任落实到位", "实体运行到位"];

export const DOMAIN_SPECS: DomainSpec[] = [
  {
    id: "village",
    title: "嘎查村",
    clause: "一.",
    sampleName: "红旗嘎查党支部",
    basicExtra: [
      { key: "collectiveIncome", title: "嘎查村集体经济年经营性收入", type: "number", unit: "万元", min: 0, max: 100000 },
      yes("oneShoulder", "党支部书记通过法定程序担任村民委员会主任（“一肩挑”）"),
    ],
    fields: [
      { key: "starCount", title: "年度“十星级”评定获得星数", type: "integer", unit: "星", min: 0, max: 10 },
      yes("teamStar", "获得“班子坚强星”"),
      yes("harmonyStar", "获得“和谐稳定星”"),
      yes("satisfactionStar", "获得“群众满意星”"),
      yes("serviceCenterCompliant", "党群服务中心各项功能建设达标，服务群众作用发挥好"),
      yes("threeAffairsPublic", "嘎查村级“三务”公开制度落实到位，民主监督作用发挥较好"),
      { key: "publicDisclosures", title: "本年度党务、政务、财务和服务情况公开次数", type: "integer", unit: "次", min: 0, max: 100, description: "每季度公开一次。" },
      { key: "collegeMembers", title: "“两委”成员中大专以上学历人数", type: "integer", unit: "名", min: 0, max: 50 },
      no("cadreMisconduct", "“两委”干部中有受过刑事处罚、存在“村霸”和涉黑涉恶、涉邪教等问题的"),
      no("clanInterference", "存在宗族派系斗争干扰基层建设、涉黑涉恶势力把持基层政权等问题"),
      no("inspectionNotified", "在中央、自治区和盟市各类督察暗访、巡视巡查中被通报"),
      no("secretaryHandlesFinance", "党组织书记、副书记兼任本嘎查村的财务工作"),
      { key: "vacancyRefill", title: "班子成员缺额补选情况", type: "enum", options: ["无缺额", "3个月内完成补选", "超过3个月未补选"] },
      { key: "reserveCadres", title: "储备的45周岁以下、高中以上学历后备人才", type: "integer", unit: "名", min: 0, max: 100, description: "每个嘎查村一般储备3至5名。" },
      { key: "reserveCadresWithProject", title: "其中有个人致富项目的后备干部", type: "integer", unit: "名", min: 0, max: 100 },
      { key: "secretaryTrainingDays", title: "党组织书记本年度参加培训天数", type: "integer", unit: "天", min: 0, max: 366 },
    ],
    params: {
      minStars: { title: "“十星级”评定最少星数", type: "integer", default: 8, min: 0, max: 10, locked: true, unit: "星", description: "002 附件2 一.1：年度“十星级”评定中获得8星以上。" },
      collectiveIncomeMin: { title: "集体经济年经营性收入下限", type: "number", default: 5, min: 0, unit: "万元", bounds: { min: 5 }, description: "002 附件2 一.2：达到自治区本年度要求；002 一.(二) 以“超过5万元”为目标，默认5万元，按年调整，下级只能提高。" },
      collegeMembersMin: { title: "“两委”大专以上学历成员下限", type: "integer", default: 1, min: 0, unit: "名", bounds: { min: 1 }, description: "002 附件2 一.5：至少有一名大专以上学历成员。" },
      reserveCadresMin: { title: "后备人才储备下限", type: "integer", default: 3, min: 0, unit: "名", bounds: { min: 3, max: 5 }, description: "000 第二十三条：每个嘎查村一般储备3至5名45周岁以下、高中以上学历的后备人才。" },
      disclosuresMin: { title: "“四公开”次数下限", type: "integer", default: 4, unit: "次/年", bounds: { min: 4, max: 4 }, description: "001 四.2：每季度公开党务、政务、财务和服务情况（某镇实施意见，作为预警参考）。" },
      reserveWithProjectRatioMin: { title: "有致富项目的后备干部比例下限", type: "number", default: 0.8, min: 0, max: 1, description: "001 二.2：确保个人有致富项目的后备干部占总数的80%以上（某镇实施意见，作为预警参考）。" },
      secretaryTrainingDaysMin: { title: "书记年度培训天数下限", type: "integer", default: 15, unit: "天", min: 0, description: "001 二.1：每名党组织书记每年参加培训的时间不少于15天（某镇实施意见，作为预警参考）。" },
    },
    computed: {
      reserveWithProjectRatio: { "/": [{ var: "form.standard.reserveCadresWithProject" }, { var: "form.standard.reserveCadres" }] },
    },
    rules: [
      {
        id: "std-ten-stars",
        name: "附件2 一.1 十星级",
        type: "require",
        message: "年度“十星级”评定获得8星以上，且必须获得班子坚强星、和谐稳定星、群众满意星",
        source: `${S002} 附件2 一.1`,
        item: "附件2 一.1",
        all: [{ path: "$.standard.starCount", op: "greaterThanInclusive", param: "minStars" }, isTrue("$.standard.teamStar"), isTrue("$.standard.harmonyStar"), isTrue("$.standard.satisfactionStar")],
      },
      { id: "std-collective-income", name: "附件2 一.2 集体经济", type: "require", message: "嘎查村集体经济年经营性收入达到自治区本年度要求", source: `${S002} 附件2 一.2`, item: "附件2 一.2", all: [{ path: "$.basic.collectiveIncome", op: "greaterThanInclusive", param: "collectiveIncomeMin" }] },
      item("village", "一.", 3, "serviceCenterCompliant", "党群服务中心各项功能建设达标，服务群众作用发挥好"),
      item("village", "一.", 4, "threeAffairsPublic", "嘎查村级“三务”公开制度落实到位"),
      { id: "std-college-member", name: "附件2 一.5 大专学历", type: "require", message: "嘎查村“两委”成员中至少有一名大专以上学历成员", source: `${S002} 附件2 一.5`, item: "附件2 一.5", all: [{ path: "$.standard.collegeMembers", op: "greaterThanInclusive", param: "collegeMembersMin" }] },
      item("village", "一.", 6, "cadreMisconduct", "“两委”干部中无受过刑事处罚、不存在“村霸”和涉黑涉恶、涉邪教等问题", false),
      item("village", "一.", 7, "clanInterference", "不存在宗族派系斗争干扰基层建设、涉黑涉恶势力把持基层政权等问题", false),
      item("village", "一.", 8, "inspectionNotified", "中央、自治区和盟市各类督察暗访、巡视巡查中无被通报情况", false),
      { id: "req-no-secretary-finance", name: "书记不兼任财务", type: "require", message: "嘎查村党组织书记、副书记不得兼任本嘎查村的财务工作", source: `${S000} 第六条`, item: "000 第六条", all: [isFalse("$.standard.secretaryHandlesFinance")] },
      {
        id: "req-vacancy-refill",
        name: "缺额3个月内补选",
        type: "require",
        message: "班子成员缺额应当在3个月内进行补选",
        source: `${S000} 第四条`,
        item: "000 补选",
        all: [{ path: "$.standard.vacancyRefill", op: "in", value: ["无缺额", "3个月内完成补选"] }],
        fails: [{ name: "缺额超过3个月未补选", patch: { data: { "$.standard.vacancyRefill": "超过3个月未补选" } } }],
      },
      { id: "team-reserve-cadres", name: "储备3至5名后备人才", type: "require", message: "储备3名以上45周岁以下、高中以上学历的后备人才", source: `${S000} 第二十三条`, item: "000 后备力量", all: [{ path: "$.standard.reserveCadres", op: "greaterThanInclusive", param: "reserveCadresMin" }] },
      { id: "flag-disclosures", name: "每季度“四公开”", type: "flag", message: "“四公开”少于每季度一次", source: `${S001} 四.2`, item: "001 四公开", all: [{ path: "$.standard.publicDisclosures", op: "lessThanInclusive", value: 3 }], fails: [{ name: "全年只公开3次", patch: { data: { "$.standard.publicDisclosures": 3 } } }], pass: { data: { "$.standard.publicDisclosures": 4 } } },
      {
        id: "flag-reserve-projects",
        name: "后备干部致富项目",
        type: "flag",
        message: "有个人致富项目的后备干部不足80%",
        source: `${S001} 二.2`,
        item: "001 后备干部致富项目",
        any: [{ path: "$.reserveWithProjectRatio", fact: "computed", op: "lessThanInclusive", value: 0.79 }],
        pass: { data: { "$.standard.reserveCadres": 5, "$.standard.reserveCadresWithProject": 4 } },
        fails: [{ name: "5名后备干部中3名有致富项目", patch: { data: { "$.standard.reserveCadres": 5, "$.standard.reserveCadresWithProject": 3 } } }],
      },
      { id: "flag-secretary-training-days", name: "书记培训不少于15天", type: "flag", message: "党组织书记年度培训不足15天", source: `${S001} 二.1`, item: "001 书记培训", all: [{ path: "$.standard.secretaryTrainingDays", op: "lessThanInclusive", value: 14 }], pass: { data: { "$.standard.secretaryTrainingDays": 15 } }, fails: [{ name: "书记培训14天", patch: { data: { "$.standard.secretaryTrainingDays": 14 } } }] },
    ],
  },
  {
    id: "community",
    title: "社区",
    clause: "二.",
    sampleName: "和平社区党支部",
    fields: [
      yes("implementsPolicies", "认真宣传贯彻落实党的路线方针政策和上级党组织的决议决定"),
      yes("memberPosts", "“设岗定责”“公开承诺”等制度健全完备，党员先锋作用明显，群众满意度较高"),
      checklist("gridFiveInPlace", "网格化治理“五个到位”", FIVE_IN_PLACE, "勾选已经做到的项目。"),
      yes("jointBuilding", "共驻共建机制健全，落实党建联席会议制度，做实兼职委员制"),
      yes("serviceCenterEffective", "党群服务中心作用发挥明显，活动经费来源稳定，社区工作者职业体系建设效果明显"),
    ],
    rules: [
      item("community", "二.", 1, "implementsPolicies", "认真宣传贯彻落实党的路线方针政策和上级党组织的决议决定"),
      item("community", "二.", 2, "memberPosts", "党员先锋作用明显，“设岗定责”“公开承诺”等制度健全完备"),
      { id: "std-grid-five-in-place", name: "附件2 二.3 网格化五个到位", type: "require", message: "基层党建引领网格化治理做到“五个到位”", source: `${S002} 附件2 二.3`, item: "附件2 二.3", all: hasAll("$.standard.gridFiveInPlace", FIVE_IN_PLACE) },
      item("community", "二.", 4, "jointBuilding", "共驻共建机制健全，严格落实党建联席会议制度"),
      item("community", "二.", 5, "serviceCenterEffective", "党群服务中心作用发挥明显，活动经费来源稳定"),
    ],
  },
  {
    id: "soe",
    title: "国有企业和集体企业",
    clause: "三.",
    sampleName: "能源集团第一党支部",
    fields: [
      yes("drivesDevelopment", "发动党员、职工在破解生产经营难题、完成危难险重任务中充分发挥作用"),
      yes("brandAndInnovation", "形成一定的党建特色品牌，党建工作方式有创新"),
      yes("workerRelations", "推动解决职工群众合理诉求，有较为完善的帮困救助工作机制"),
      { key: "payrollTotal", title: "上年度职工工资总额", type: "number", unit: "万元", min: 0, max: 10000000 },
      { key: "partyWorkFunds", title: "本年度安排的党组织工作经费", type: "number", unit: "万元", min: 0, max: 1000000, description: "按照上年度职工工资总额不低于1%的比例安排，纳入企业管理费用。" },
      { key: "fourExcellentMembers", title: "支部内“四优”共产党员人数", type: "integer", unit: "名", min: 0, max: 1000 },
    ],
    params: {
      fundsRatioMin: { title: "党组织工作经费占工资总额比例下限", type: "number", default: 0.01, min: 0, max: 1, bounds: { min: 0.01 }, description: "002 附件2 三.4：不低于上年度职工工资总额的1%。" },
      fourExcellentMin: { title: "“四优”共产党员下限", type: "integer", default: 1, min: 0, unit: "名", bounds: { min: 1 }, description: "002 附件2 三.4：支部内至少有1名“四优”共产党员。" },
    },
    computed: { fundsRatio: { "/": [{ var: "form.standard.partyWorkFunds" }, { var: "form.standard.payrollTotal" }] } },
    rules: [
      item("soe", "三.", 1, "drivesDevelopment", "围绕企业改革发展稳定大局，党员职工充分发挥作用"),
      item("soe", "三.", 2, "brandAndInnovation", "支部活动载体丰富，形成党建特色品牌"),
      item("soe", "三.", 3, "workerRelations", "密切联系职工群众，有较为完善的帮困救助工作机制"),
      {
        id: "std-party-funds",
        name: "附件2 三.4 工作经费1%",
        type: "require",
        message: "党组织工作经费不低于上年度职工工资总额的1%",
        source: `${S002} 附件2 三.4`,
        item: "附件2 三.4（经费）",
        all: [{ path: "$.fundsRatio", fact: "computed", op: "greaterThanInclusive", param: "fundsRatioMin" }],
        pass: { data: { "$.standard.payrollTotal": 5000, "$.standard.partyWorkFunds": 50 } },
        fails: [{ name: "经费为工资总额的0.98%", patch: { data: { "$.standard.payrollTotal": 5000, "$.standard.partyWorkFunds": 49 } } }],
      },
      { id: "std-four-excellent", name: "附件2 三.4 四优党员", type: "require", message: "支部内至少有1名“四优”共产党员", source: `${S002} 附件2 三.4`, item: "附件2 三.4（四优）", all: [{ path: "$.standard.fourExcellentMembers", op: "greaterThanInclusive", param: "fourExcellentMin" }] },
    ],
  },
  {
    id: "university",
    title: "高等学校",
    clause: "四.",
    sampleName: "信息工程学院教工党支部",
    basicExtra: [{ key: "branchType", title: "党支部类型", type: "enum", options: ["教师党支部", "学生党支部"], sample: "教师党支部" }],
    fields: [
      { key: "promotionRate", title: "支部内教职工本年度晋升职称（职级）和学术奖励申报比例", type: "number", unit: "%", min: 0, max: 100, description: "学生党支部填写支部内学生获奖比例。" },
      { key: "schoolPromotionRate", title: "全校平均水平", type: "number", unit: "%", min: 0, max: 100 },
      yes("doubleLeader", "党支部书记为党建、学术“双带头人”（学生党支部：从优秀辅导员、优秀大学生党员中选拔）"),
      yes("helpMechanism", "形成健全有效的师生有困难找支部、有问题找党员的帮扶机制"),
      yes("fundsInBudget", "支部党建工作经费纳入高校年度经费预算，建立党员活动室、学习室"),
    ],
    computed: { promotionVsSchool: { "-": [{ var: "form.standard.promotionRate" }, { var: "form.standard.schoolPromotionRate" }] } },
    rules: [
      {
        id: "std-promotion",
        name: "附件2 四.1 不低于全校平均",
        type: "require",
        message: "支部内教职工晋升职称（职级）和各类学术奖励申报不低于全校平均水平",
        source: `${S002} 附件2 四.1`,
        item: "附件2 四.1",
        all: [{ path: "$.promotionVsSchool", fact: "computed", op: "greaterThanInclusive", value: 0 }],
        pass: { data: { "$.standard.promotionRate": 30, "$.standard.schoolPromotionRate": 30 } },
        fails: [{ name: "低于全校平均", patch: { data: { "$.standard.promotionRate": 29.5, "$.standard.schoolPromotionRate": 30 } } }],
      },
      item("university", "四.", 2, "doubleLeader", "选优配强支部书记：教师党支部书记为“双带头人”"),
      item("university", "四.", 3, "helpMechanism", "形成健全有效的师生帮扶机制"),
      item("university", "四.", 4, "fundsInBudget", "支部党建工作经费纳入高校年度经费预算"),
    ],
  },
  {
    id: "private",
    title: "非公有制企业",
    clause: "五.",
    sampleName: "科技有限公司党支部",
    fields: [
      no("labourDisputes", "本年度发生劳资纠纷事件"),
      yes("enterpriseCulture", "经常开展主题活动，形成符合实际、特点突出的企业文化"),
      yes("taxGood", "企业经济效益较好，纳税状况良好"),
      no("incidents", "本年度发生环保、安全责任事故或群体性事件"),
      checklist("sixHave", "党组织活动阵地“六有”", SIX_HAVE, "勾选已经具备的项目。"),
      yes("venueInUse", "阵地管理规范、使用率高，有固定的党组织活动和经费投入"),
    ],
    rules: [
      item("private", "五.", 1, "labourDisputes", "构建和谐劳动关系，无劳资纠纷事件发生", false),
      item("private", "五.", 2, "enterpriseCulture", "形成符合实际、特点突出的企业文化"),
      item("private", "五.", 3, "taxGood", "企业经济效益较好，纳税状况良好"),
      { id: "std-no-incidents", name: "附件2 五.3 无事故", type: "require", message: "无环保、安全责任事故和群体性事件发生", source: `${S002} 附件2 五.3`, item: "附件2 五.3（事故）", all: [isFalse("$.standard.incidents")] },
      { id: "std-six-have", name: "附件2 五.4 六有", type: "require", message: "党组织活动阵地达到“六有”标准", source: `${S002} 附件2 五.4`, item: "附件2 五.4（六有）", all: hasAll("$.standard.sixHave", SIX_HAVE) },
      item("private", "五.", 4, "venueInUse", "阵地管理规范，使用率高，有固定的活动和经费投入"),
    ],
  },
  {
    id: "social",
    title: "社会组织",
    clause: "六.",
    sampleName: "律师协会党支部",
    fields: [
      yes("partyInCharter", "完成党建进社会组织章程，支持社会组织按照章程开展工作"),
      yes("humanCare", "注重人文关怀和心理疏导，关心服务党员和职工群众"),
      checklist("eightHave", "党组织活动阵地“八有”", EIGHT_HAVE, "勾选已经具备的项目。"),
      yes("venueInUse", "阵地管理规范、使用率高，有固定的党组织活动和经费投入"),
    ],
    rules: [
      item("social", "六.", 1, "partyInCharter", "完成党建进社会组织章程"),
      item("social", "六.", 2, "humanCare", "主动关心、热忱服务党员和职工群众"),
      { id: "std-eight-have", name: "附件2 六.3 八有", type: "require", message: "党组织活动阵地达到“八有”标准", source: `${S002} 附件2 六.3`, item: "附件2 六.3（八有）", all: hasAll("$.standard.eightHave", EIGHT_HAVE) },
      item("social", "六.", 3, "venueInUse", "阵地管理规范，使用率高，有固定的活动和经费投入"),
    ],
  },
  {
    id: "hospital",
    title: "公立医院",
    clause: "七.(一)",
    sampleName: "人民医院内科党支部",
    fields: [
      yes("patientCentred", "定期开展主题活动，引导医务人员坚持以病人为中心、提高服务质量"),
      yes("centralWork", "支部工作紧紧围绕医院中心工作，以“三好一满意”等为载体"),
      yes("humanCare", "加强人文关怀和心理疏导，为党员群众办实事、解难题，群众满意度不断升高"),
      yes("fundsInBudget", "支部党建工作经费纳入医院年度经费预算，建立党员活动室、学习室"),
    ],
    rules: [
      item("hospital", "七.(一)", 1, "patientCentred", "引导医务人员恪守服务宗旨，坚持以病人为中心"),
      item("hospital", "七.(一)", 2, "centralWork", "支部工作紧紧围绕医院中心工作开展"),
      item("hospital", "七.(一)", 3, "humanCare", "加强人文关怀，群众满意度不断升高"),
      item("hospital", "七.(一)", 4, "fundsInBudget", "支部党建工作经费纳入医院年度经费预算"),
    ],
  },
  {
    id: "school",
    title: "中小学校",
    clause: "七.(二)",
    sampleName: "第一中学党支部",
    fields: [
      yes("educationIntegrated", "党建工作与教育教学有机融合，打造特色鲜明的党建品牌"),
      { key: "masterTeacherRatio", title: "支部内党员名师比例", type: "number", unit: "%", min: 0, max: 100 },
      { key: "schoolMasterTeacherRatio", title: "全校平均水平", type: "number", unit: "%", min: 0, max: 100 },
      yes("cohesion", "开展形式多样的活动，倾听意见，帮助生活困难党员和老党员"),
      yes("fundsInBudget", "支部工作经费纳入学校年度经费预算，党员活动室、台账标准化，配备党旗党徽"),
    ],
    computed: { masterTeacherVsSchool: { "-": [{ var: "form.standard.masterTeacherRatio" }, { var: "form.standard.schoolMasterTeacherRatio" }] } },
    rules: [
      item("school", "七.(二)", 1, "educationIntegrated", "支部党建工作与教育教学各项工作有机融合"),
      {
        id: "std-master-teachers",
        name: "附件2 七.(二)2 名师比例",
        type: "require",
        message: "支部内党员名师比例不低于全校平均水平",
        source: `${S002} 附件2 七.(二)2`,
        item: "附件2 七.(二)2",
        all: [{ path: "$.masterTeacherVsSchool", fact: "computed", op: "greaterThanInclusive", value: 0 }],
        pass: { data: { "$.standard.masterTeacherRatio": 12, "$.standard.schoolMasterTeacherRatio": 12 } },
        fails: [{ name: "名师比例低于全校平均", patch: { data: { "$.standard.masterTeacherRatio": 11, "$.standard.schoolMasterTeacherRatio": 12 } } }],
      },
      item("school", "七.(二)", 3, "cohesion", "支部凝聚力和吸引力较强"),
      item("school", "七.(二)", 4, "fundsInBudget", "支部工作经费纳入学校年度经费预算"),
    ],
  },
  {
    id: "institution",
    title: "其他事业单位",
    clause: "七.(三)",
    sampleName: "农牧业技术推广中心党支部",
    fields: [
      yes("rightDirection", "参照党和国家机关党支部标准，紧紧围绕单位改革发展正确方向"),
      yes("decisionRole", "有效参与单位重要决策，关心关爱人才成长，事业发展成效好"),
      yes("fundsAndVenue", "党支部活动经费有保障，有活动阵地并配备相应设施"),
    ],
    rules: [
      item("institution", "七.(三)", 1, "rightDirection", "紧紧围绕单位改革发展正确方向"),
      item("institution", "七.(三)", 2, "decisionRole", "有效参与单位重要决策，事业发展成效好"),
      item("institution", "七.(三)", 3, "fundsAndVenue", "党支部活动经费有保障，有活动阵地"),
    ],
  },
  {
    id: "organ",
    title: "党和国家机关",
    clause: "八.",
    sampleName: "人民政府办公室机关党支部",
    basicExtra: [yes("socialEvaluationExempt", "本单位无直接面向社会职能或属于涉密单位（可不开展社会评价）")],
    fields: [
      yes("politicalFirst", "把党的政治建设摆在首位，落实意识形态工作责任制，努力做“三个表率”"),
      yes("secretaryIsHead", "党支部书记由本单位党员主要负责人担任"),
      yes("brandActivities", "创建党建品牌，开展党员先锋岗、服务群众标兵、承诺践诺等活动"),
      yes("innerPartySystems", "严格执行党内组织生活、党内民主、党内监督等制度"),
      yes("massLine", "践行群众路线，党建带群建，经常听取服务对象意见"),
      { key: "servingMembers", title: "在职党员人数", type: "integer", unit: "名", min: 0, max: 10000 },
      { key: "volunteers", title: "党员志愿者人数", type: "integer", unit: "名", min: 0, max: 10000 },
      { key: "volunteerActivities", title: "本年度开展志愿活动次数", type: "integer", unit: "次", min: 0, max: 366 },
      { key: "internalRank", title: "机关内部党支部年度考核排名", type: "integer", unit: "名", min: 1, max: 1000 },
    ],
    params: {
      volunteerRatioMin: { title: "党员志愿者占在职党员比例下限", type: "number", default: 0.8, min: 0, max: 1, bounds: { min: 0.8 }, description: "002 附件2 八.6：党员志愿者人数不少于在职党员的80%。" },
      volunteerActivitiesMin: { title: "年度志愿活动次数下限", type: "integer", default: 2, min: 0, unit: "次", bounds: { min: 2 }, description: "002 附件2 八.6：全年开展志愿活动不少于2次。" },
      internalRankMax: { title: "机关内部考核排名上限", type: "integer", default: 3, min: 1, unit: "名", locked: true, description: "002 附件2 八.7：机关内部党支部年度考核排名进入前三名。" },
    },
    computed: { volunteerRatio: { "/": [{ var: "form.standard.volunteers" }, { var: "form.standard.servingMembers" }] } },
    socialExemptPath: "$.basic.socialEvaluationExempt",
    rules: [
      item("organ", "八.", 1, "politicalFirst", "坚持把党的政治建设摆在首位"),
      item("organ", "八.", 2, "secretaryIsHead", "党支部书记原则上由本单位党员主要负责人担任"),
      item("organ", "八.", 3, "brandActivities", "积极创建党建品牌，业绩突出成效明显"),
      item("organ", "八.", 4, "innerPartySystems", "严格执行党内组织生活、民主、监督制度"),
      item("organ", "八.", 5, "massLine", "坚定践行党的群众路线"),
      {
        id: "std-volunteer-ratio",
        name: "附件2 八.6 志愿者80%",
        type: "require",
        message: "党员志愿者人数不少于在职党员的80%",
        source: `${S002} 附件2 八.6`,
        item: "附件2 八.6（志愿者）",
        all: [{ path: "$.volunteerRatio", fact: "computed", op: "greaterThanInclusive", param: "volunteerRatioMin" }],
        pass: { data: { "$.standard.servingMembers": 20, "$.standard.volunteers": 16 } },
        fails: [{ name: "志愿者占75%", patch: { data: { "$.standard.servingMembers": 20, "$.standard.volunteers": 15 } } }],
      },
      { id: "std-volunteer-activities", name: "附件2 八.6 志愿活动2次", type: "require", message: "全年开展志愿活动不少于2次", source: `${S002} 附件2 八.6`, item: "附件2 八.6（活动）", all: [{ path: "$.standard.volunteerActivities", op: "greaterThanInclusive", param: "volunteerActivitiesMin" }] },
      { id: "std-internal-rank", name: "附件2 八.7 排名前三", type: "require", message: "机关内部党支部年度考核排名进入前三名", source: `${S002} 附件2 八.7`, item: "附件2 八.7", all: [{ path: "$.standard.internalRank", op: "lessThanInclusive", param: "internalRankMax" }] },
    ],
    extraCases: [
      {
        name: "无直接面向社会职能的机关不开展社会评价，反馈不计入否决",
        patch: { data: { "$.basic.socialEvaluationExempt": true, "$.review.socialNegativeFeedback": true } },
        expect: { grade: "strongest", vetoes: [] },
      },
    ],
  },
  {
    id: "mobile",
    title: "流动党员",
    clause: "九.",
    sampleName: "驻外流动党员党支部",
    fields: [
      { key: "lostContactMembers", title: "与党支部失联的流动党员人数", type: "integer", unit: "名", min: 0, max: 10000 },
      yes("regularStudy", "按时组织流动党员开展政治学习、过好组织生活、进行民主评议"),
      yes("dutiesGuided", "引导流动党员履行党员义务、行使党员权利、发挥作用"),
      yes("transfersTimely", "及时衔接做好具备条件的流动党员组织关系转接"),
      yes("appraisalNotified", "将组织关系不在本支部的流动党员民主评议等情况及时通报其所在党支部"),
    ],
    rules: [
      { id: "std-no-lost-contact", name: "附件2 九.1 无失联", type: "require", message: "对流动党员有效日常管理，不存在流动党员与党支部失联情况", source: `${S002} 附件2 九.1`, item: "附件2 九.1", all: [{ path: "$.standard.lostContactMembers", op: "lessThanInclusive", value: 0 }] },
      item("mobile", "九.", 2, "regularStudy", "按时组织流动党员开展政治学习、过好组织生活"),
      item("mobile", "九.", 3, "dutiesGuided", "引导流动党员履行义务、充分发挥作用"),
      item("mobile", "九.", 4, "transfersTimely", "及时做好流动党员组织关系转接"),
      item("mobile", "九.", 5, "appraisalNotified", "及时通报流动党员民主评议等情况"),
    ],
  },
  {
    id: "retiree",
    title: "离退休干部职工",
    clause: "十.",
    sampleName: "离退休干部党支部",
    fields: [
      yes("policiesConveyed", "及时向离退休干部职工党员宣传党的路线方针政策"),
      yes("venueAndActivities", "党员活动有场所阵地且组织活动经常"),
      yes("flexibleStudy", "采取灵活多样的方式组织学习、开展组织生活"),
      yes("talksAndRole", "经常谈心谈话，引导离退休党员发挥积极作用"),
      yes("careForSick", "对患病、生活困难离退休干部职工党员进行关怀帮扶"),
    ],
    rules: [
      item("retiree", "十.", 1, "policiesConveyed", "及时宣传党的路线方针政策，贯彻执行主动有力"),
      item("retiree", "十.", 2, "venueAndActivities", "党员活动有场所阵地且组织活动经常"),
      item("retiree", "十.", 3, "flexibleStudy", "灵活多样地组织学习和组织生活"),
      item("retiree", "十.", 4, "talksAndRole", "经常开展谈心谈话，引导党员发挥积极作用"),
      item("retiree", "十.", 5, "careForSick", "对患病、生活困难党员进行关怀帮扶"),
    ],
  },
];
