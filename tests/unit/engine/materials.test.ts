import { describe, expect, it } from "vitest";
import { createCompiledEvaluator } from "~/engine/compile";
import { createReferenceEvaluator } from "~/engine/evaluate";
import { lintRuleset } from "~/engine/lint";
import { materialCounts } from "~/engine/materials";
import { resolveRuleset } from "~/engine/resolve";
import { toSubmission } from "~/engine/submission";
import { baseRuleset, FORM, memoryLibrary } from "../../helpers/library";

// The evidence catalogue in the rule set (issue "Evidence materials", item 1): inherited and tightened, read by rules
// as the `materials` fact, and a required entry listed like an unmet requirement.
const minutes = {
  id: "member-meeting-minutes",
  title: "党员大会会议记录",
  accept: ["pdf", "jpg"],
  maxFiles: 8,
  maxSizeMB: 10,
  required: true,
  fields: ["$.a"],
  source: "002_7ac5433e7f4a04b1.txt 附件2 一",
};
const photos = {
  id: "photos",
  title: "主题党日照片",
  accept: ["jpg", "png"],
  maxFiles: 12,
  maxSizeMB: 5,
  required: ["top"],
};
const fourMinutes = {
  id: "four-minutes",
  name: "四次党员大会记录合格",
  conditions: {
    all: [{ fact: "materials", path: "$.member-meeting-minutes.accepted", operator: "greaterThanInclusive", value: 4 }],
  },
  event: { type: "score", params: { indicator: "x", points: 5 } },
};
const base = () =>
  baseRuleset({
    materials: [minutes, photos],
    rules: [...baseRuleset().rules, fourMinutes],
    grades: [
      { id: "top", title: "最强", minScore: { param: "line" }, noVeto: true, requirements: "all" },
      { id: "good", title: "先进", minScore: 10, requirements: "all" },
      { id: "rest", title: "其他" },
    ],
  });
const library = (child?: object) =>
  memoryLibrary(
    {
      "150000/village": base(),
      ...(child
        ? { "150100/village": { id: "150100/village", extends: "150000/village", title: "下级", ...child } }
        : {}),
    },
    { village: FORM },
  );
const resolved = resolveRuleset("150000/village", library()).ruleset!;
const data = { a: 5, b: 5, flag: false };

describe("the materials fact and required evidence", () => {
  it("lints clean, and each required entry becomes a requirement of the grades it is required for", () => {
    expect(lintRuleset("150000/village", library()).errors).toEqual([]);
    expect(resolved.rules.filter((r) => r.id.startsWith("material-")).map((r) => r.name)).toEqual([
      "党员大会会议记录（佐证材料）",
      "主题党日照片（佐证材料）",
    ]);
    // Photos are required for 最强 only: 先进's “all” is spelled out without them.
    expect(resolved.grades.find((g) => g.id === "top")!.requirements).toBe("all");
    expect(resolved.grades.find((g) => g.id === "good")!.requirements).not.toContain("material-photos");
    expect(resolved.grades.find((g) => g.id === "good")!.requirements).toContain("material-member-meeting-minutes");
  });

  it("counts 0 for an entry nothing was said of, and only non-negative integers", () => {
    expect(
      materialCounts(resolved.materials, { photos: { uploaded: 2, accepted: -1, rejected: 1.5 }, other: {} }),
    ).toEqual({
      "member-meeting-minutes": { uploaded: 0, accepted: 0, rejected: 0 },
      photos: { uploaded: 2, accepted: 0, rejected: 0 },
    });
  });

  it("scores with evidence: missing minutes are unmet, photos hold back only 最强, four accepted minutes score", async () => {
    for (const evaluator of [createCompiledEvaluator(resolved), createReferenceEvaluator(resolved)]) {
      const none = await evaluator.score({ data });
      expect(none.unmet.map((u) => u.message)).toEqual([
        "缺少佐证材料：党员大会会议记录",
        "缺少佐证材料：主题党日照片",
      ]);
      expect(none.unmet[0].source).toBe("002_7ac5433e7f4a04b1.txt 附件2 一");
      const minutesOnly = await evaluator.score({
        data,
        materials: { "member-meeting-minutes": { uploaded: 4, accepted: 4, rejected: 0 } },
      });
      expect(minutesOnly.unmet.map((u) => u.rule)).toEqual(["material-photos"]);
      expect(minutesOnly.grade.id).toBe("good");
      const fired = (result: typeof none) => result.trace.find((t) => t.rule === "four-minutes")!.fired;
      expect([fired(none), fired(minutesOnly)]).toEqual([false, true]);
      // Every minute rejected is as good as none.
      const rejected = await evaluator.score({
        data,
        materials: { "member-meeting-minutes": { uploaded: 2, rejected: 2 }, photos: { uploaded: 1 } },
      });
      expect(rejected.unmet.map((u) => u.rule)).toEqual(["material-member-meeting-minutes"]);
    }
  });

  it("reads `materials` beside data and context in a data file", () => {
    expect(toSubmission({ data: { a: 1 }, materials: { photos: { uploaded: 1 } } })).toEqual({
      data: { a: 1 },
      materials: { photos: { uploaded: 1 } },
    });
  });
});

describe("the catalogue down the tree", () => {
  it("a child inherits it, adds entries and tightens limits", () => {
    const child = {
      materials: [
        { ...minutes, accept: ["pdf"], maxFiles: 4, maxSizeMB: 5 },
        { id: "grid-map", title: "网格图", accept: ["png"], maxFiles: 1, maxSizeMB: 2 },
      ],
    };
    const { errors, ruleset } = lintRuleset("150100/village", library(child));
    expect(errors).toEqual([]);
    expect(ruleset!.materials!.map((m) => [m.id, m.accept.join(), m.maxFiles])).toEqual([
      ["member-meeting-minutes", "pdf", 4],
      ["photos", "jpg,png", 12],
      ["grid-map", "png", 1],
    ]);
  });

  it("never loosens a parent's entry nor makes a required one optional, naming the parent", () => {
    const child = {
      materials: [{ ...minutes, accept: ["pdf", "docx"], maxFiles: 20, maxSizeMB: 50, required: false }],
    };
    const errors = lintRuleset("150100/village", library(child)).errors;
    expect(errors.map((e) => [e.path, e.parent])).toEqual([
      ["$.materials[0].accept", "150000/village"],
      ["$.materials[0].maxFiles", "150000/village"],
      ["$.materials[0].maxSizeMB", "150000/village"],
      ["$.materials[0].required", "150000/village"],
    ]);
    expect(errors[0].message).toContain("docx");
  });

  it("refuses a rule reading an entry the catalogue lacks, or a count it does not have", () => {
    const rule = (path: string) => ({
      ...fourMinutes,
      id: "bad",
      conditions: { all: [{ fact: "materials", path, operator: "equal", value: 1 }] },
    });
    const errors = (path: string) =>
      lintRuleset("150100/village", library({ rules: [rule(path)] })).errors.map((e) => e.message);
    expect(errors("$.nothing.accepted")).toEqual(["佐证材料目录中没有 nothing"]);
    expect(errors("$.photos.size")).toEqual([
      "佐证材料只提供 uploaded（已上传）、accepted（合格）、rejected（不合格）三个份数",
    ]);
    expect(errors("$.photos.accepted")).toEqual([]);
  });
});
