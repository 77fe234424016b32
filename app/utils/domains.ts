/** The 12 domains of DESIGN.md §1 (附件2's 10 groups, 事业单位 split in three). */
export const DOMAINS = [
  { id: "village", title: "嘎查村/村" },
  { id: "community", title: "社区" },
  { id: "soe", title: "国有企业和集体企业" },
  { id: "university", title: "高等学校" },
  { id: "private", title: "非公有制企业" },
  { id: "social", title: "社会组织" },
  { id: "hospital", title: "公立医院" },
  { id: "school", title: "中小学校" },
  { id: "institution", title: "其他事业单位" },
  { id: "organ", title: "党和国家机关" },
  { id: "mobile", title: "流动党员" },
  { id: "retiree", title: "离退休干部职工" },
] as const;

export type DomainId = (typeof DOMAINS)[number]["id"];

const titles = new Map<string, string>(DOMAINS.map((d) => [d.id, d.title]));

export function isDomain(value: string): value is DomainId {
  return titles.has(value);
}

export function domainTitle(id: string): string {
  return titles.get(id) ?? id;
}
