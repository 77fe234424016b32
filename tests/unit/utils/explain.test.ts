import { describe, expect, it } from "vitest";
import { resolveRuleset } from "~/engine/resolve";
import type { ResolvedRuleset } from "~/engine/types";
import { explainConditions, leafSentence, outcomeText } from "~/utils/explain";
import { citationText } from "~/utils/sources";
import { memoryLibrary } from "../../helpers/library";

// The sentence builder (issue "Plain Chinese", item 3): every operator, every kind of fact, and every place a
// threshold can come from, as the sentences a clerk reads.
const FORM = {
  type: "object",
  properties: {
    life: {
      type: "object",
      title: "组织生活",
      properties: {
        themedPartyDays: { type: "integer", title: "本年度主题党日次数", unit: "次" },
        studied: { type: "boolean", title: "开展集中学习" },
        handling: {
          type: "string",
          title: "不合格党员处置情况",
          enum: ["none", "done", "open"],
          enumNames: ["无", "已处置", "未处置"],
        },
        tags: { type: "array", title: "特色工作", items: { type: "string" } },
        note: { type: "string", title: "佐证说明" },
      },
    },
    basic: {
      type: "object",
      title: "基本信息",
      properties: {
        memberCount: { type: "integer", title: "党员人数", unit: "名" },
        probationaryCount: { type: "integer", title: "其中预备党员", unit: "名" },
        excellentVotes: { type: "integer", title: "优秀票数" },
      },
    },
  },
};

const base = {
  id: "150000/village",
  title: "自治区标准",
  form: "village",
  params: {
    themedDaysMin: { title: "主题党日次数下限", type: "integer", default: 12, unit: "次/年", bounds: { min: 12 } },
    memberFloor: { title: "党员人数下限", type: "integer", default: 3, unit: "名" },
    ratioMin: { title: "优秀比例下限", type: "number", default: 0.9, min: 0, max: 1, locked: true },
  },
  computed: { excellentRatio: { "/": [{ var: "form.basic.excellentVotes" }, { var: "form.basic.memberCount" }] } },
  indicators: [{ id: "x", title: "指标", max: 100 }],
  rules: [],
  grades: [{ id: "rest", title: "其他" }],
};
const library = memoryLibrary(
  {
    "150000/village": base,
    "150100/village": {
      id: "150100/village",
      extends: "150000/village",
      title: "市标准",
      params: { themedDaysMin: 14, memberFloor: 5 },
    },
  },
  { village: FORM },
);
const province = resolveRuleset("150000/village", library).ruleset!;
const city = resolveRuleset("150100/village", library).ruleset!;
const regionNames = { "150000": "内蒙古自治区", "150100": "呼和浩特市" };

const say = (ruleset: ResolvedRuleset, leaf: object, type?: "veto" | "flag" | "deduct" | "require") =>
  leafSentence({ fact: "form", result: true, ...leaf } as never, { ruleset, regionNames, type });

describe("a comparison as a sentence", () => {
  it("names the field by its title and the answer with its unit, and says where a threshold was set", () => {
    const leaf = {
      path: "$.life.themedPartyDays",
      operator: "greaterThanInclusive",
      value: { fact: "params", path: "$.themedDaysMin" },
      factResult: 11,
      valueResult: 14,
      result: false,
    };
    expect(say(city, leaf)).toBe(
      "本年度主题党日次数填报 11 次，标准要求不少于 14 次（呼和浩特市设定，内蒙古自治区要求不少于 12 次）",
    );
    expect(say(province, { ...leaf, valueResult: 12 })).toBe(
      "本年度主题党日次数填报 11 次，标准要求不少于 12 次（内蒙古自治区标准）",
    );
  });

  it("a child's value without a parent's bound reads as the parent's standard; a locked one says so", () => {
    const floor = {
      path: "$.basic.memberCount",
      operator: "greaterThanInclusive",
      value: { fact: "params", path: "$.memberFloor" },
      factResult: 4,
      valueResult: 5,
    };
    expect(say(city, floor)).toBe("党员人数填报 4 名，标准要求不少于 5 名（呼和浩特市设定，内蒙古自治区标准为 3 名）");
    const ratio = {
      fact: "computed",
      path: "$.excellentRatio",
      operator: "greaterThanInclusive",
      value: { fact: "params", path: "$.ratioMin" },
      factResult: 0.85,
      valueResult: 0.9,
    };
    expect(say(city, ratio)).toBe(
      "优秀票数占党员人数的比例为 85%，标准要求不少于 90%（内蒙古自治区标准，下级不可调整）",
    );
  });

  it("words every operator", () => {
    const n = (operator: string, value: unknown) =>
      say(province, { path: "$.life.themedPartyDays", operator, value, factResult: 12 }).split("，")[1];
    expect(n("equal", 12)).toBe("标准要求为 12 次");
    expect(n("notEqual", 0)).toBe("标准要求不为 0 次");
    expect(n("lessThan", 13)).toBe("标准要求少于 13 次");
    expect(n("lessThanInclusive", 12)).toBe("标准要求不超过 12 次");
    expect(n("greaterThan", 11)).toBe("标准要求多于 11 次");
    expect(n("greaterThanInclusive", 12)).toBe("标准要求不少于 12 次");
    const handling = (operator: string, value: unknown) =>
      say(province, { path: "$.life.handling", operator, value, factResult: "done" });
    expect(handling("in", ["none", "done"])).toBe("不合格党员处置情况填报 “已处置”，标准要求为“无”、“已处置”之一");
    expect(handling("notIn", ["open"])).toBe("不合格党员处置情况填报 “已处置”，标准要求不为“未处置”中的任何一项");
    const tags = (operator: string) =>
      say(province, { path: "$.life.tags", operator, value: "网格", factResult: ["网格"] });
    expect(tags("contains")).toBe("特色工作填报 “网格”，标准要求包含“网格”");
    expect(tags("doesNotContain")).toBe("特色工作填报 “网格”，标准要求不包含“网格”");
    expect(tags("not:contains")).toBe("特色工作填报 “网格”，标准要求并非包含“网格”");
    expect(tags("someFact:equal")).toBe("特色工作填报 “网格”，标准要求其中任一项为“网格”");
    expect(tags("everyFact:equal")).toBe("特色工作填报 “网格”，标准要求其中每一项都为“网格”");
    expect(say(province, { path: "$.life.studied", operator: "equal", value: true, factResult: false })).toBe(
      "开展集中学习填报 “否”，标准要求为“是”",
    );
  });

  it("compares with another answer by its title; an empty answer is 未填写", () => {
    const other = { fact: "form", path: "$.basic.memberCount" };
    expect(
      say(province, {
        path: "$.basic.probationaryCount",
        operator: "lessThanInclusive",
        value: other,
        factResult: 3,
        valueResult: 25,
      }),
    ).toBe("其中预备党员填报 3 名，标准要求不超过党员人数（25 名）");
    expect(say(province, { path: "$.life.themedPartyDays", operator: "greaterThanInclusive", value: 12 })).toBe(
      "本年度主题党日次数未填写，标准要求不少于 12 次",
    );
  });

  it("words a veto's, a deduction's and a warning's conditions as what must not happen", () => {
    const leaf = { path: "$.life.studied", operator: "equal", value: false, factResult: true };
    expect(say(province, leaf, "veto")).toBe("开展集中学习填报 “是”，为“否”时认定为负面情形");
    expect(say(province, leaf, "flag")).toBe("开展集中学习填报 “是”，为“否”时预警");
    expect(say(province, leaf, "deduct")).toBe("开展集中学习填报 “是”，为“否”时扣分");
  });

  it("context facts by their names, and a leaf never evaluated says so", () => {
    expect(
      leafSentence(
        {
          fact: "context",
          path: "$.branch.ageYears",
          operator: "greaterThanInclusive",
          value: 1,
          factResult: 0.5,
          result: false,
        },
        { ruleset: province, regionNames },
      ),
    ).toBe("党支部组建年限为 0.5 年，标准要求不少于 1 年");
    expect(
      leafSentence(
        { fact: "form", path: "$.life.studied", operator: "equal", value: true },
        { ruleset: province, regionNames },
      ),
    ).toBe("开展集中学习：未判断（前面的条件已经决定了结果）");
  });
});

describe("a condition tree as indented sentences", () => {
  it("says how groups combine and works out the outermost group's result", () => {
    const lines = explainConditions(
      {
        all: [
          { fact: "form", path: "$.life.studied", operator: "equal", value: true, factResult: true, result: true },
          {
            not: { fact: "form", path: "$.life.note", operator: "equal", value: "", factResult: "有", result: false },
            result: true,
          },
        ],
      },
      { ruleset: province, regionNames },
    );
    expect(lines.map((l) => [l.depth, l.text, l.result])).toEqual([
      [0, "同时满足以下各项", true],
      [1, "开展集中学习填报 “是”，标准要求为“是”", true],
      [1, "以下条件不成立", true],
      [2, "佐证说明填报 “有”，标准要求为空", false],
    ]);
    expect(lines[1].detail).toContain("$.life.studied");
  });

  it("says what each outcome means for the branch", () => {
    expect(outcomeText("require", true)).toBe("未达到");
    expect(outcomeText("require", false)).toBe("已达到");
    expect(outcomeText("score", true, 2)).toBe("+2 分");
    expect(outcomeText("veto", false)).toBe("未出现");
    expect(outcomeText("flag", true)).toBe("触发预警");
  });
});

describe("citations", () => {
  it("show the document's title and the clause, never the file's name", () => {
    expect(citationText("002_7ac5433e7f4a04b1.txt 二.(二)")).toBe(
      "《“五化协同、大抓基层”指导意见》及《“最强党支部”方案》操作指南（内组通字〔2020〕2号、4号）二.(二)",
    );
    expect(citationText("000_74b3e293d4bb3d3e.txt 第十八条；呼和浩特市本地选择")).toContain("实施办法》第十八条；");
    expect(citationText("999_0123456789abcdef.txt 一")).toBe("来源文件一");
  });
});
