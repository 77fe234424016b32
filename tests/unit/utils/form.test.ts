import { describe, expect, it } from "vitest";
import type { FormSchema } from "~/engine/types";
import { fieldTitlesOf, formFieldsOf } from "~/utils/form";

const schema = {
  type: "object",
  properties: {
    political: {
      type: "object",
      title: "政治功能强",
      properties: { studySessions: { type: "integer", title: "本年度集中学习次数" } },
    },
  },
} as unknown as FormSchema;

describe("fieldTitlesOf", () => {
  it("names each field by its section and its own title, worked out once per schema", () => {
    const titles = fieldTitlesOf(schema);
    expect(titles["$.political.studySessions"]).toBe("政治功能强 › 本年度集中学习次数");
    expect(fieldTitlesOf(schema)).toBe(titles);
    expect(fieldTitlesOf(structuredClone(schema))).not.toBe(titles);
  });
});

describe("formFieldsOf", () => {
  it("lists a form's fields once per schema", () => {
    const fields = formFieldsOf(schema);
    expect(fields.map((f) => f.path)).toEqual(["$.political", "$.political.studySessions"]);
    expect(formFieldsOf(schema)).toBe(fields);
    expect(formFieldsOf(structuredClone(schema))).not.toBe(fields);
  });
});
