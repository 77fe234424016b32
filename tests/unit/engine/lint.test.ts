import { describe, expect, it } from "vitest";
import { parseJson } from "~/engine/json";
import { lintRuleset } from "~/engine/lint";
import { parsePath } from "~/engine/path";
import { baseRuleset, FORM, leaf, memoryLibrary } from "../../helpers/library";

const forms = { village: FORM, "150100/village": { ...FORM, properties: { a: FORM.properties } } };

function lint(base: object, child?: object, childId = "150100/village") {
  const rulesets: Record<string, unknown> = { "150000/village": base };
  if (child) rulesets[childId] = { id: childId, extends: "150000/village", title: "下级", ...child };
  return lintRuleset(child ? childId : "150000/village", memoryLibrary(rulesets, forms as never)).errors;
}

const withRule = (rule: object) =>
  baseRuleset({
    rules: [
      ...baseRuleset().rules,
      { id: "extra", conditions: { all: [rule] }, event: { type: "score", params: { indicator: "x", points: 1 } } },
    ],
  });

describe("lint: the file and its references", () => {
  it("accepts the base rule set", () => expect(lint(baseRuleset())).toEqual([]));

  it("refuses a citation of a file the library's table of sources does not know, so no page shows a file name", () => {
    const cited = (source: string) =>
      baseRuleset({
        source,
        rules: [
          ...baseRuleset().rules,
          {
            id: "cited",
            conditions: { all: [leaf("$.a", "equal", 1)] },
            event: { type: "flag", params: { message: "提示", source } },
          },
        ],
      });
    expect(lint(cited("002_7ac5433e7f4a04b1.txt 二.(二)"))).toEqual([]);
    expect(lint(cited("009_0123456789abcdef.txt 一")).map((e) => e.path)).toEqual([
      "$.rules[4].event.params.source",
      "$.source",
    ]);
    expect(lint(cited("009_0123456789abcdef.txt"))[0].message).toContain("不在标准库的来源文件表");
  });

  it("reports malformed JSON with line and column", () => {
    const parsed = parseJson('{\n  "id": "150000/village",\n  "title": oops\n}');
    expect(parsed).toMatchObject({ ok: false, line: 3, column: 12 });
  });

  it("rejects an unknown operator and an unknown event type", () => {
    expect(lint(withRule(leaf("$.a", "approximately", 1)))).toEqual([
      {
        file: "150000/village.json",
        path: "$.rules[4].conditions.all[0].operator",
        message: '未知的运算符 "approximately"',
      },
    ]);
    const bad = baseRuleset({
      rules: [{ id: "r", conditions: { all: [leaf("$.a", "equal", 1)] }, event: { type: "bonus", params: {} } }],
    });
    const errors = lint(bad);
    expect(errors.some((e) => e.path === "$.rules[0].event.type")).toBe(true);
    expect(lint(withRule(leaf("$.a", "not:greaterThan", 1)))).toEqual([]);
  });

  it("rejects paths with filters, scripts or recursion, and forbidden keys", () => {
    for (const path of ["$..[?(@.x)]", "$.a[?(@.x > 1)]", "$..a", "$['a']", "a.b", "$.list[*]"]) {
      const errors = lint(withRule(leaf(path, "equal", 1)));
      expect(errors.map((e) => e.path)).toContain("$.rules[4].conditions.all[0].path");
      expect(parsePath(path).ok).toBe(false);
    }
    expect(lint(withRule(leaf("$.__proto__.x", "equal", 1)))[0].message).toContain("__proto__");
  });

  it("reports a form path that names no field, so a typo never silently fails to fire", () => {
    const errors = lint(withRule(leaf("$.nested.deeep", "equal", 1)));
    expect(errors).toEqual([
      {
        file: "150000/village.json",
        path: "$.rules[4].conditions.all[0].path",
        message: "表单 village 中没有字段 $.nested.deeep",
      },
    ]);
    expect(lint(withRule(leaf("$.list[0].x", "equal", 1)))).toEqual([]);
  });

  it("checks params, computed names, indicators, shared conditions and grade references", () => {
    expect(lint(withRule({ fact: "params", path: "$.nope", operator: "equal", value: 1 }))[0].message).toBe(
      "参数 nope 不存在",
    );
    expect(lint(withRule({ fact: "computed", path: "$.nope", operator: "equal", value: 1 }))[0].message).toContain(
      "计算项 nope 不存在",
    );
    expect(lint(withRule({ fact: "context", path: "$.weather", operator: "equal", value: 1 }))[0].message).toContain(
      "没有 weather",
    );
    expect(lint(withRule({ fact: "session", path: "$.x", operator: "equal", value: 1 }))[0].message).toContain(
      "未知的事实",
    );
    expect(lint(withRule({ condition: "missing" }))[0].message).toContain("共享条件");
    const badIndicator = baseRuleset({
      rules: [
        {
          id: "r",
          conditions: { all: [leaf("$.a", "equal", 1)] },
          event: { type: "score", params: { indicator: "zzz", points: 1 } },
        },
      ],
    });
    expect(lint(badIndicator)[0]).toMatchObject({ path: "$.rules[0].event.params.indicator" });
    const badGrade = baseRuleset({
      grades: [
        { id: "g", title: "G", minScore: { param: "nope" }, requirements: ["score-a"] },
        { id: "f", title: "F" },
      ],
    });
    // The 分数线 param is no longer read once the grade names another: reported too.
    expect(lint(badGrade).map((e) => e.path)).toEqual([
      "$.grades[0].minScore.param",
      "$.grades[0].requirements[0]",
      "$.params.line",
    ]);
    const computed = baseRuleset({
      computed: {
        late: { var: "computed.early" },
        early: { "+": [1, 2] },
        bad: { method: [{ var: "form.a" }, "toString"] },
      },
    });
    const computedErrors = lint(computed);
    expect(computedErrors.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringContaining("early"), "不支持的 JSON Logic 运算 method"]),
    );
  });

  it("refuses a computed var whose name is itself an expression (L8: it could reach Object.prototype)", () => {
    const computed = baseRuleset({
      computed: {
        sneaky: { var: { cat: ["constructor", ".prototype"] } },
        alsoSneaky: { "+": [{ var: [{ cat: ["form", ".a"] }, 0] }, 1] },
        fine: { "+": [{ var: "form.a" }, 1] },
      },
    });
    const errors = lint(computed).filter((e) => e.message.includes("var 的名称必须直接写出"));
    expect(errors.map((e) => e.path)).toEqual(["$.computed.sneaky", "$.computed.alsoSneaky"]);
  });

  it("requires grades to end with a fallback, unique ids, and a group at the root of conditions", () => {
    const noFallback = baseRuleset({ grades: [{ id: "a", title: "A", minScore: 10 }] });
    expect(lint(noFallback)[0].message).toContain("兜底");
    const dup = baseRuleset({ rules: [...baseRuleset().rules, baseRuleset().rules[0]] });
    expect(lint(dup)[0].message).toContain("重复");
    const leafRoot = baseRuleset({
      rules: [
        {
          id: "r",
          conditions: leaf("$.a", "equal", 1),
          event: { type: "score", params: { indicator: "x", points: 1 } },
        },
      ],
    });
    expect(lint(leafRoot)[0].message).toContain("最外层");
  });

  it("checks cases' expectations against the rule set", () => {
    const cases = [{ name: "c", data: {}, expect: { grade: "nope", vetoes: ["score-a"] } }];
    expect(lint(baseRuleset({ cases })).map((e) => e.path)).toEqual([
      "$.cases[0].expect.grade",
      "$.cases[0].expect.vetoes[0]",
    ]);
  });

  it("validates the file format with Chinese messages", () => {
    const errors = lint({ ...baseRuleset(), colour: "red", indicators: [{ id: "x", title: "甲" }] });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "$.colour", message: "不认识的属性 colour" }),
        expect.objectContaining({ path: "$.indicators[0]", message: "缺少必填属性 max" }),
      ]),
    );
  });

  it("detects a cycle in extends and a missing parent", () => {
    const library = memoryLibrary({
      "150000/village": { ...baseRuleset(), extends: "150100/village" },
      "150100/village": { id: "150100/village", extends: "150000/village", title: "x" },
    });
    expect(lintRuleset("150100/village", library).errors[0].message).toContain("循环");
    expect(lint(baseRuleset(), { extends: "150000/nothing" }).length).toBeGreaterThan(0);
    const orphan = lintRuleset(
      "150100/village",
      memoryLibrary({ "150100/village": { id: "150100/village", extends: "150000/village", title: "x" } }),
    );
    expect(orphan.errors).toEqual([
      { file: "150100/village.json", path: "$.extends", message: "上级规则集 150000/village 不存在" },
    ]);
  });

  it("checks that the id matches the file location", () => {
    const library = memoryLibrary(
      { "150000/village": { ...baseRuleset(), id: "150000/community" } },
      { village: FORM },
    );
    expect(lintRuleset("150000/village", library).errors[0]).toMatchObject({ path: "$.id" });
  });
});

describe("lint: guardrails name the file, the path, and the parent rule that forbids it", () => {
  it("lets a child change a param within bounds", () =>
    expect(lint(baseRuleset(), { params: { floor: 10, line: 70 } })).toEqual([]));

  it("refuses a locked param", () => {
    expect(lint(baseRuleset(), { params: { fixed: 0.8 } })).toEqual([
      {
        file: "150100/village.json",
        path: "$.params.fixed",
        message: "参数 fixed 已被上级规则集 150000/village 锁定，不能修改",
        parent: "150000/village",
        forbiddenBy: "fixed.locked",
      },
    ]);
  });

  it("refuses values below bounds.min or above bounds.max (不搞层层加码)", () => {
    expect(lint(baseRuleset(), { params: { floor: 3 } })[0]).toMatchObject({
      path: "$.params.floor",
      parent: "150000/village",
      forbiddenBy: "floor.bounds.min = 5",
    });
    const tooHigh = lint(baseRuleset(), { params: { floor: 25 } })[0];
    expect(tooHigh).toMatchObject({
      path: "$.params.floor",
      parent: "150000/village",
      forbiddenBy: "floor.bounds.max = 20",
    });
    expect(tooHigh.message).toContain("层层加码");
  });

  it("refuses values outside min/max and of the wrong type", () => {
    expect(lint(baseRuleset(), { params: { line: 101 } })[0]).toMatchObject({
      path: "$.params.line",
      forbiddenBy: "line.max = 100",
    });
    expect(lint(baseRuleset(), { params: { line: "高" } })[0].message).toContain("不是 number 类型");
  });

  it("lets a child tighten bounds for its own children, never loosen them", () => {
    const library = memoryLibrary(
      {
        "150000/village": baseRuleset(),
        "150100/village": {
          id: "150100/village",
          extends: "150000/village",
          title: "市",
          params: { floor: { value: 8, bounds: { min: 8, max: 15 } } },
        },
        "150102/village": { id: "150102/village", extends: "150100/village", title: "区", params: { floor: 6 } },
        "150200/village": {
          id: "150200/village",
          extends: "150000/village",
          title: "市2",
          params: { floor: { bounds: { min: 1 } } },
        },
      },
      { village: FORM },
    );
    expect(lintRuleset("150100/village", library).errors).toEqual([]);
    expect(lintRuleset("150102/village", library).errors[0]).toMatchObject({
      parent: "150100/village",
      forbiddenBy: "floor.bounds.min = 8",
    });
    expect(lintRuleset("150200/village", library).errors[0]).toMatchObject({
      path: "$.params.floor.bounds",
      parent: "150000/village",
    });
  });

  it("blames a param's range and type on the rule set that defined it, not on the root", () => {
    const library = memoryLibrary(
      {
        "150000/village": baseRuleset(),
        "150100/village": {
          id: "150100/village",
          extends: "150000/village",
          title: "市",
          params: { localLine: { title: "本市分数线", type: "number", default: 80, min: 60, max: 100 } },
        },
        "150102/village": { id: "150102/village", extends: "150100/village", title: "区", params: { localLine: 50 } },
        "150103/village": {
          id: "150103/village",
          extends: "150100/village",
          title: "区2",
          params: { localLine: { title: "重新定义", type: "number", default: 70 } },
        },
      },
      { village: FORM },
    );
    const below = lintRuleset("150102/village", library).errors.find((e) => e.path === "$.params.localLine");
    expect(below).toMatchObject({
      message: "参数 localLine 的取值 50 低于下限 60",
      parent: "150100/village",
      forbiddenBy: "localLine.min = 60",
    });
    const redefined = lintRuleset("150103/village", library).errors.find((e) => e.path === "$.params.localLine");
    expect(redefined).toMatchObject({
      message: "参数 localLine 已由上级规则集 150100/village 定义，下级只能设定取值或收紧范围",
      parent: "150100/village",
    });
  });

  it("refuses to disable or replace a required rule, and names it", () => {
    expect(lint(baseRuleset(), { disable: ["veto-flag"] })).toEqual([
      {
        file: "150100/village.json",
        path: "$.disable[0]",
        message: "规则 veto-flag 是上级规则集 150000/village 的必选规则，不能停用",
        parent: "150000/village",
        forbiddenBy: "rule veto-flag (required)",
      },
    ]);
    const replacement = {
      id: "veto-flag",
      conditions: { all: [leaf("$.flag", "equal", "never")] },
      event: { type: "veto", params: { message: "x" } },
    };
    expect(lint(baseRuleset(), { rules: [replacement] })[0]).toMatchObject({
      path: "$.rules[0]",
      forbiddenBy: "rule veto-flag (required)",
    });
    expect(lint(baseRuleset(), { disable: ["score-a"] })).toEqual([]);
    expect(lint(baseRuleset(), { disable: ["no-such-rule"] })[0].message).toContain("不存在");
  });

  it("refuses removing form fields and changing grades, and allows adding fields", () => {
    expect(lint(baseRuleset(), { form: "150100/village" })[0]).toMatchObject({
      path: "$.form",
      parent: "150000/village",
    });
    expect(lint(baseRuleset(), { grades: [{ id: "x", title: "X" }] })[0]).toMatchObject({
      path: "$.grades",
      parent: "150000/village",
    });
    expect(
      lint(baseRuleset(), { form: { extend: { local: { type: "object", properties: { z: { type: "number" } } } } } }),
    ).toEqual([]);
    expect(lint(baseRuleset(), { form: { extend: { a: { type: "string" } } } })[0]).toMatchObject({
      path: "$.form.extend.a",
    });
  });

  it("lets a child use new form fields in new rules, and catches typos in them", () => {
    const child = {
      form: { extend: { local: { type: "object", properties: { z: { type: "number" } } } } },
      rules: [
        {
          id: "local",
          conditions: { all: [leaf("$.local.z", "greaterThan", 0)] },
          event: { type: "score", params: { indicator: "x", points: 1 } },
        },
      ],
    };
    expect(lint(baseRuleset(), child)).toEqual([]);
    const typo = {
      ...child,
      rules: [{ ...child.rules[0], conditions: { all: [leaf("$.local.zz", "greaterThan", 0)] } }],
    };
    expect(lint(baseRuleset(), typo)[0].path).toBe("$.rules[0].conditions.all[0].path");
  });
});

describe("parseJson", () => {
  it.each([
    ['{"a": 1,}', 1, 9],
    ['{\n  "a": [1, 2\n}', 3, 1],
    ['{"a": "x\ny"}', 1, 9],
    ['{"a": 01}', 1, 8],
    ["", 1, 1],
    ['{"a": tru}', 1, 10],
  ])("locates the error in %j at line %i, column %i", (text, line, column) => {
    expect(parseJson(text)).toMatchObject({ ok: false, line, column });
  });
});

describe("lint: a region's rule set extends the nearest ancestor region's (DESIGN.md §3)", () => {
  const province = baseRuleset();
  const city = { id: "150100/village", extends: "150000/village", title: "市", params: { floor: 8 } };
  const library = (extra: Record<string, unknown>) =>
    memoryLibrary({ "150000/village": province, "150100/village": city, ...extra }, { village: FORM });

  it("refuses a full copy of the province's rule set without extends, naming the ancestor", () => {
    const copy = { ...structuredClone(province), id: "150200/village", title: "包头市（复制，无继承）" };
    copy.params.fixed.locked = false;
    expect(lintRuleset("150200/village", library({ "150200/village": copy })).errors).toEqual([
      {
        file: "150200/village.json",
        path: "$.extends",
        message: expect.stringContaining("上级区域已有该领域的规则集 150000/village：本规则集必须继承它"),
        parent: "150000/village",
        forbiddenBy: "extends",
      },
    ]);
  });

  it("refuses skipping the nearest ancestor, and extending a rule set outside the region's ancestry", () => {
    const county = { id: "150102/village", extends: "150000/village", title: "区", params: {} };
    expect(lintRuleset("150102/village", library({ "150102/village": county })).errors[0]).toMatchObject({
      path: "$.extends",
      message: "应继承最近的上级区域规则集 150100/village，而不是 150000/village",
      parent: "150100/village",
    });
    const foreign = { id: "450100/village", extends: "150000/village", title: "南宁", params: {} };
    expect(lintRuleset("450100/village", library({ "450100/village": foreign })).errors[0]).toMatchObject({
      path: "$.extends",
      message: expect.stringContaining("不是本区域上级区域的同领域规则集"),
    });
  });

  it("lets a region without any ancestor standard stand alone, and follows the library's own region tree", () => {
    const standalone = { ...structuredClone(province), id: "450000/village", title: "广西" };
    expect(lintRuleset("450000/village", library({ "450000/village": standalone })).errors).toEqual([]);
    const county = { id: "150102/village", extends: "150000/village", title: "区", params: {} };
    const skipsTheCity = { ...library({ "150102/village": county }), ancestors: () => ["150000"] };
    expect(lintRuleset("150102/village", skipsTheCity).errors).toEqual([]);
  });
});

describe("lint: thresholds that work", () => {
  it("refuses a param that no rule, grade or computed value reads, naming it by its title", () => {
    const dead = baseRuleset();
    (dead.params as Record<string, unknown>).trainingDaysMin = {
      title: "书记年度培训天数下限",
      type: "integer",
      default: 15,
    };
    expect(lint(dead)).toEqual([
      {
        file: "150000/village.json",
        path: "$.params.trainingDaysMin",
        message: expect.stringMatching(/^参数 书记年度培训天数下限（trainingDaysMin）没有被任何规则、等次或计算值读取/),
      },
    ]);
    // A child setting an inherited param's value defines nothing new: nothing to report there.
    expect(lint(baseRuleset(), { params: { floor: 8 } })).toEqual([]);
  });

  it("warns, without refusing, when a rule compares with a constant that is a param's value", () => {
    const library = memoryLibrary({ "150000/village": withRule(leaf("$.a", "lessThan", 5)) }, forms as never);
    const linted = lintRuleset("150000/village", library);
    expect(linted.errors).toEqual([]);
    expect(linted.warnings).toEqual([
      expect.objectContaining({
        path: "$.rules[4].conditions.all[0].value",
        message: expect.stringContaining(
          '它正好是参数 floor（floor）的取值：若本意是这个参数，请改为 { "fact": "params", "path": "$.floor" }',
        ),
      }),
    ]);
    const natural = lintRuleset(
      "150000/village",
      memoryLibrary({ "150000/village": withRule(leaf("$.a", "greaterThanInclusive", 1)) }, forms as never),
    );
    expect(natural.warnings).toEqual([]);
  });
});
