import path from "node:path";
import { describe, expect, it } from "vitest";
import { createConsistencyChecker } from "~/engine/checks";
import { lintRuleset } from "~/engine/lint";
import type { JsonObject } from "~/engine/types";
import { fileLibrary } from "~/server/rulesets/files.server";
import { todayInChina } from "~/utils/format";
import { ROOT } from "../../helpers/server";
import { baseRuleset, FORM, memoryLibrary } from "../../helpers/library";

// Consistency checks across fields (issue "Plain Chinese", item 5): declared in the rule set, inherited, linted,
// and run the same way while filling, on 申报, on the 四评 and on import.
const library = fileLibrary(path.join(ROOT, "rulesets"), path.join(ROOT, "schemas"));
const village = lintRuleset("150000/village", library).ruleset!;
const hohhot = lintRuleset("150100/village", library).ruleset!;
const check = createConsistencyChecker(hohhot);
const full = () => structuredClone(village.cases[0].data) as JsonObject & { basic: JsonObject; review: JsonObject };

describe("the shipped checks", () => {
  it("a child inherits its parent's checks", () => {
    expect(hohhot.checks!.map((c) => c.id)).toEqual(village.checks!.map((c) => c.id));
    expect(village.checks!.length).toBeGreaterThanOrEqual(5);
  });

  it("预备党员 more than 党员, committee larger than the membership, votes beyond participants: each at its field", () => {
    const data = full();
    expect(check(data, { today: "2026-11-30" })).toEqual([]);
    data.basic.probationaryCount = (data.basic.memberCount as number) + 1;
    data.basic.committeeSize = (data.basic.memberCount as number) + 1;
    data.review.memberExcellentVotes = (data.review.memberParticipants as number) + 1;
    expect(check(data, { today: "2026-11-30" })).toEqual([
      {
        path: "$.basic.probationaryCount",
        message: "其中预备党员人数不能多于党员人数",
        check: "check-probationary-within-members",
      },
      {
        path: "$.basic.committeeSize",
        message: "支部委员会委员人数不能多于党员人数",
        check: "check-committee-within-members",
      },
      {
        path: "$.review.memberExcellentVotes",
        message: "党员评议“优秀”票数不能多于参评人数",
        check: "check-excellent-votes-within-participants",
      },
    ]);
  });

  it("a founding date after today is refused; today itself is not", () => {
    const data = full();
    data.basic.establishedOn = "2026-12-01";
    expect(check(data, { today: "2026-11-30" }).map((p) => p.check)).toEqual(["check-established-not-future"]);
    data.basic.establishedOn = "2026-11-30";
    expect(check(data, { today: "2026-11-30" })).toEqual([]);
  });

  it("waits until every answer a check reads is given", () => {
    const data = full();
    delete data.basic.memberCount;
    data.basic.probationaryCount = 999;
    expect(check(data, { today: "2026-11-30" })).toEqual([]);
    expect(check({}, { today: "2026-11-30" })).toEqual([]);
  });

  it("every shipped case is consistent, so the demo data and the cases are answers a branch could send", () => {
    for (const id of library.rulesetIds()) {
      const ruleset = lintRuleset(id, library).ruleset!;
      const run = createConsistencyChecker(ruleset);
      for (const c of ruleset.cases) expect(run(c.data, { today: "2026-11-30" }), `${id} ${c.name}`).toEqual([]);
    }
  });

  it("today in China is UTC+8: 2026-11-30 20:00 UTC is already 12-01 there", () => {
    expect(todayInChina(new Date("2026-11-30T20:00:00Z"))).toBe("2026-12-01");
    expect(todayInChina(new Date("2026-11-30T15:59:59Z"))).toBe("2026-11-30");
  });
});

describe("lint of checks", () => {
  const lint = (base: object, child?: object) => {
    const rulesets: Record<string, unknown> = { "150000/village": base };
    if (child)
      rulesets["150100/village"] = { id: "150100/village", extends: "150000/village", title: "下级", ...child };
    const form = { ...FORM, properties: { ...(FORM.properties as object), d: { type: "string", format: "date" } } };
    return lintRuleset(child ? "150100/village" : "150000/village", memoryLibrary(rulesets, { village: form })).errors;
  };
  const aWithinB = {
    id: "a-within-b",
    field: "$.a",
    conditions: {
      all: [{ fact: "form", path: "$.a", operator: "lessThanInclusive", value: { fact: "form", path: "$.b" } }],
    },
    message: "甲不能大于乙",
  };

  it("accepts a check, and refuses one whose field or fact does not exist", () => {
    expect(lint(baseRuleset({ checks: [aWithinB] }))).toEqual([]);
    const errors = lint(
      baseRuleset({
        checks: [
          { ...aWithinB, field: "$.zzz" },
          {
            ...aWithinB,
            id: "c2",
            conditions: { all: [{ fact: "computed", path: "$.fixedPercent", operator: "equal", value: 1 }] },
          },
        ],
      }),
    );
    expect(errors.map((e) => [e.path, e.message])).toEqual([
      ["$.checks[0].field", "表单 village 中没有字段 $.zzz，不通过时无处提示"],
      [
        "$.checks[1].conditions.all[0].fact",
        "一致性检查只能读填报内容（form）、参数（params）和上下文（context），不能读计算项",
      ],
    ]);
  });

  it("today is for checks only; a rule cannot read it", () => {
    const future = {
      ...aWithinB,
      id: "d-not-future",
      field: "$.d",
      conditions: {
        all: [
          { fact: "form", path: "$.d", operator: "lessThanInclusive", value: { fact: "context", path: "$.today" } },
        ],
      },
    };
    expect(lint(baseRuleset({ checks: [future] }))).toEqual([]);
    const rules = [
      ...baseRuleset().rules,
      {
        id: "r",
        conditions: { all: [{ fact: "context", path: "$.today", operator: "equal", value: "x" }] },
        event: { type: "flag", params: { message: "m" } },
      },
    ];
    expect(lint(baseRuleset({ rules })).map((e) => e.path)).toEqual(["$.rules[4].conditions.all[0].path"]);
  });

  it("a child adds checks but cannot replace its parent's", () => {
    const errors = lint(baseRuleset({ checks: [aWithinB] }), { checks: [{ ...aWithinB, message: "放宽" }] });
    expect(errors).toEqual([
      expect.objectContaining({
        path: "$.checks[0].id",
        message: "检查 a-within-b 已由上级规则集 150000/village 定义，下级只能新增检查",
        parent: "150000/village",
      }),
    ]);
  });
});
