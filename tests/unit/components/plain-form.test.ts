import { describe, expect, it } from "vitest";
import { plainFormHtml } from "~/components/form/plain-form";
import { withTypedAnswers } from "~/components/form/typed-answers";

const HOSTILE = `<img src=x onerror="alert(1)">`;

const schema = {
  type: "object",
  properties: {
    basic: {
      type: "object",
      title: "基本信息",
      required: ["memberCount"],
      properties: {
        memberCount: { type: "integer", title: "党员人数", minimum: 1, maximum: 10000 },
        oneShoulder: { type: "boolean", title: "一肩挑" },
        oneShoulderNote: { type: "string", title: "说明", maxLength: 200 },
        kind: { type: "string", title: "类型", enum: ["甲", "乙"] },
        haves: {
          type: "array",
          title: "六有",
          items: { type: "string", enum: ["有场所", "有设施"] },
          uniqueItems: true,
        },
        nested: { type: "object", title: "嵌套", properties: { a: { type: "string" } } },
        level: {
          type: "string",
          title: "等级",
          oneOf: [
            { const: "a", title: "甲级" },
            { const: "b", title: "乙级" },
          ],
        },
        either: { title: "任一", anyOf: [{ type: "string" }, { type: "integer" }] },
      },
    },
    political: {
      type: "object",
      title: HOSTILE,
      properties: { studySessions: { type: "integer", title: HOSTILE, description: HOSTILE } },
    },
  },
};
const uiSchema = {
  "ui:order": ["political", "*"],
  basic: {
    memberCount: { "ui:options": { unit: "名" } },
    oneShoulder: { "ui:widget": "radio" },
    oneShoulderNote: {
      "ui:widget": "textarea",
      "ui:options": { rows: 2, showWhen: { field: "oneShoulder", equals: true } },
    },
    haves: { "ui:widget": "checkboxes" },
  },
  political: { studySessions: { "ui:options": { unit: HOSTILE }, "ui:placeholder": HOSTILE } },
};

describe("plainFormHtml", () => {
  it("draws each section and field as rjsf would order them, with the answers already given", () => {
    const html = plainFormHtml(schema, uiSchema, {
      basic: { memberCount: 15, oneShoulder: false, kind: "乙", haves: ["有设施"] },
    });
    expect(html.indexOf('data-s="political"')).toBeLessThan(html.indexOf('data-s="basic"'));
    expect(html).toContain(
      '<label for="root_basic_memberCount" class="r">党员人数</label><span class="u"><input type="number" id="root_basic_memberCount" inputmode="numeric" step="1" min="1" max="10000" value="15"><span>名</span></span>',
    );
    expect(html).toContain('name="root_basic_oneShoulder" value="false" checked>否</label>');
    expect(html).toContain('name="root_basic_oneShoulder" value="true">是</label>');
    expect(html).toContain(
      '<label id="root_basic_oneShoulder-label">一肩挑</label><div class="g" role="radiogroup" aria-labelledby="root_basic_oneShoulder-label">',
    );
    expect(html).toContain('<option value="&quot;乙&quot;" selected>乙</option>');
    expect(html).toContain('value="&quot;有设施&quot;" checked>有设施');
    // Asked for only when the answer beside it is 是, as the live form asks.
    expect(html).not.toContain("oneShoulderNote");
    expect(plainFormHtml(schema, uiSchema, { basic: { oneShoulder: true } })).toContain(
      '<textarea id="root_basic_oneShoulderNote" maxlength="200" rows="2"></textarea>',
    );
    expect(html).toContain('<option value="&quot;b&quot;">乙级</option>');
    // What the plain form cannot draw waits for the scripts, saying so.
    expect(html).toContain('data-k="later"><label>任一</label><p>页面载入完成后即可填写此项</p>');
    expect(html).toContain('data-k="later"><label>嵌套</label><p>页面载入完成后即可填写此项</p>');
  });

  it("escapes every text that came from the standard or the answers", () => {
    const html = plainFormHtml(schema, uiSchema, { political: { studySessions: 3 }, basic: { kind: HOSTILE } });
    expect(html).not.toContain("<img");
    expect(html.match(/&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/g)?.length).toBe(5);
  });

  it("locks a field the live form will not let be changed, and every control of a form that can no longer be", () => {
    const readonly = { ...uiSchema, basic: { ...uiSchema.basic, memberCount: { "ui:readonly": true } } };
    const memberCount = /<input type="number" id="root_basic_memberCount"[^>]* disabled>/;
    expect(plainFormHtml(schema, readonly, {})).toMatch(memberCount);
    expect(plainFormHtml(schema, uiSchema, {})).not.toMatch(memberCount);

    const html = plainFormHtml(schema, uiSchema, {}, true);
    const controls = html.match(/<(input|select|textarea)\b[^>]*>/g)!;
    expect(controls.length).toBeGreaterThan(5);
    for (const control of controls) expect(control).toMatch(/ disabled[ >]/);
  });
});

describe("withTypedAnswers", () => {
  it("puts what was typed into a copy of the answers, a cleared answer removed", () => {
    const data = { basic: { memberCount: 15, kind: "甲" }, political: { studySessions: 2 } };
    const next = withTypedAnswers(data, [
      { section: "basic", field: "memberCount", value: 16 },
      { section: "basic", field: "kind", value: undefined },
      { section: "masses", field: "practicalMatters", value: 4 },
    ]);
    expect(next).toEqual({
      basic: { memberCount: 16 },
      political: { studySessions: 2 },
      masses: { practicalMatters: 4 },
    });
    expect(data.basic).toEqual({ memberCount: 15, kind: "甲" });
  });

  it("takes a section or field named __proto__ as a name, not as the prototype", () => {
    const next = withTypedAnswers({}, [{ section: "__proto__", field: "polluted", value: true }]);
    expect(Object.keys(next)).toEqual(["__proto__"]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
  });
});
