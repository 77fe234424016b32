import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reviewerSections, validateFormData } from "~/engine/validate";
import { ROOT } from "../../helpers/server";

const load = (f: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "schemas/forms", f), "utf8"));
const form = { schema: load("village.schema.json"), uiSchema: load("village.ui.json") };

describe("validateFormData", () => {
  it("names each field by its Chinese titles and says what is wrong in plain Chinese", () => {
    const problems = validateFormData(form, {
      basic: { memberCount: "二十", establishedOn: "2020-13-45" },
      life: { memberMeetings: -1, talksCoverAll: "是" },
      standard: { vacancyRefill: "不知道", starCount: 11 },
    });
    expect(problems).toEqual([
      { path: "$.basic.branchName", message: "基本信息 / 党支部名称：必填" },
      { path: "$.basic.establishedOn", message: "基本信息 / 成立日期：应为日期，如 2025-01-31" },
      { path: "$.basic.memberCount", message: "基本信息 / 党员人数：应为整数" },
      { path: "$.life.memberMeetings", message: "组织生活强 / 本年度党员大会次数：不能小于 0" },
      {
        path: "$.life.talksCoverAll",
        message: "组织生活强 / 支部委员之间、委员和党员之间、党员之间本年度谈心谈话均不少于1次：应为“是”或“否”",
      },
      { path: "$.standard.starCount", message: "嘎查村领域标准 / 年度“十星级”评定获得星数：不能大于 10" },
      {
        path: "$.standard.vacancyRefill",
        message: "嘎查村领域标准 / 班子成员缺额补选情况：应为以下之一：无缺额、3个月内完成补选、超过3个月未补选",
      },
    ]);
  });

  it("refuses fields the form does not have, and sections the reviewer fills when asked to", () => {
    expect(reviewerSections(form.uiSchema)).toEqual(["review"]);
    const problems = validateFormData(
      form,
      { basic: { branchName: "x", establishedOn: "2020-01-01", memberCount: 3, colour: "red" }, review: {} },
      { forbidSections: ["review"] },
    );
    expect(problems).toEqual([
      { path: "$.review", message: "“四评（由上级党组织填写）”由评定人填写，党支部不能提交" },
      { path: "$.basic.colour", message: "表单中没有这个字段" },
    ]);
    expect(validateFormData(form, [])).toEqual([{ path: "$", message: "填报数据必须是 JSON 对象" }]);
  });
});
