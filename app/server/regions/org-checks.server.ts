/**
 * The rules an organisation tree's regions and branches obey, shared by the admin pages (one change at a time) and
 * the Excel import (every row in one pass): each check answers with the field it concerns and a Chinese sentence.
 */
import { unsafeTextReason } from "~/engine/json";
import { isDomain } from "~/utils/domains";
import type { Region } from "./regions.server";

export type FieldProblem = { field: string; message: string };

export const REGION_NAME_MAX = 40;
export const BRANCH_NAME_MAX = 60;
export const MEMBER_COUNT_RANGE = [3, 10_000] as const;

/** A name people read: trimmed, not empty, at most `max` characters, no control or direction-changing characters. */
export function nameProblem(name: string, max: number, what: string): string | null {
  const text = name.trim();
  if (!text) return `${what}不能为空`;
  if ([...text].length > max) return `${what}最多 ${max} 个字，现为 ${[...text].length} 个字`;
  const unsafe = unsafeTextReason(text);
  return unsafe ? `${what}${unsafe}` : null;
}

/**
 * An administrative division's code (GB/T 2260, and the 9-digit 统计用区划代码 of 苏木乡镇 and 街道) checked against its
 * parent: a city's code begins with its province's two digits and ends in 00 (150100), a county's begins with its
 * city's four (150102), a township's nine digits begin with its county's six (150102001).
 */
export function adminCodeProblem(code: string, parent: Pick<Region, "code" | "name" | "kind">): string | null {
  if (!/^\d{6}(\d{3})?$/.test(code)) return "行政区划代码应为 6 位数字（苏木乡镇、街道为 9 位数字）";
  const of = `${parent.name}（${parent.code}）`;
  if (parent.kind === "committee") return `${of}是党(工)委，其下只能设党(工)委或党支部，不能设行政区域`;
  const p = parent.code;
  if (p.length === 9) return `${of}是苏木乡镇（街道），其下不再设行政区域`;
  if (p.endsWith("0000")) {
    const ok = code.length === 6 && code.startsWith(p.slice(0, 2)) && code.endsWith("00") && code !== p;
    return ok
      ? null
      : `应为 ${of}下的盟市代码：以 ${p.slice(0, 2)} 开头、以 00 结尾的 6 位数字（如 ${p.slice(0, 2)}0100）`;
  }
  if (p.endsWith("00")) {
    const ok = code.length === 6 && code.startsWith(p.slice(0, 4)) && !code.endsWith("00");
    return ok
      ? null
      : `应为 ${of}下的旗县代码：以 ${p.slice(0, 4)} 开头、不以 00 结尾的 6 位数字（如 ${p.slice(0, 4)}02）`;
  }
  return code.length === 9 && code.startsWith(p)
    ? null
    : `应为 ${of}下的苏木乡镇（街道）代码：以 ${p} 开头的 9 位数字（如 ${p}001）`;
}

/** A 党(工)委 node's generated code: W and six digits, never a valid administrative code. */
export const COMMITTEE_CODE = /^W\d{6}$/;
export const committeeCode = (n: number) => `W${String(n).padStart(6, "0")}`;

export type BranchFields = {
  name: string;
  domain: string;
  establishedOn: string;
  memberCount: number;
  secretaryName: string | null;
  secretaryPhone: string | null;
};

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/** A branch's own fields; `today` bounds the founding date. */
export function branchProblems(b: Partial<BranchFields>, today = new Date()): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string | null) => message && problems.push({ field, message });
  if (b.name !== undefined) add("name", nameProblem(b.name, BRANCH_NAME_MAX, "支部名称"));
  if (b.domain !== undefined && !isDomain(b.domain)) add("domain", "领域应为平台的 12 个领域之一");
  if (b.establishedOn !== undefined) {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(b.establishedOn);
    const parsed = date ? new Date(`${b.establishedOn}T00:00:00Z`) : null;
    if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== b.establishedOn)
      add("establishedOn", "成立日期应为 年-月-日，如 2015-07-01");
    else if (Number(date![1]) < 1921) add("establishedOn", "成立日期不应早于 1921 年");
    else if (parsed.getTime() > today.getTime()) add("establishedOn", "成立日期不能晚于今天");
  }
  if (b.memberCount !== undefined) {
    const [min, max] = MEMBER_COUNT_RANGE;
    if (!Number.isInteger(b.memberCount) || b.memberCount < min || b.memberCount > max)
      add("memberCount", `党员人数应为 ${min}–${max} 的整数（正式党员 3 人以上成立党支部）`);
  }
  if (b.secretaryName) add("secretaryName", nameProblem(b.secretaryName, 20, "书记姓名"));
  if (b.secretaryPhone && !MOBILE.test(b.secretaryPhone) && !LANDLINE.test(b.secretaryPhone))
    add("secretaryPhone", "书记电话应为 11 位手机号或带区号的固定电话（如 0471-1234567）");
  return problems;
}
