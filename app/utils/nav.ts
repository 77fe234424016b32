import type { Role } from "./roles";

export type NavItem = { key: string; label: string; roles: readonly Role[] };

/**
 * Navigation per role: 标准, 比较, 统计, 抽查 and 公示 for admins and reviewers, 组织机构, 账号, 审计 and 年度安排 for admins,
 * 填报 for branches, 评定 for reviewers, 软弱涣散整顿 for everyone (a branch sees its own).
 */
export const NAV_ITEMS: NavItem[] = [
  { key: "/", label: "首页", roles: ["admin", "reviewer", "branch"] },
  { key: "/standards", label: "评价标准", roles: ["admin", "reviewer"] },
  { key: "/compare", label: "比较与影响", roles: ["admin", "reviewer"] },
  { key: "/admin", label: "组织机构", roles: ["admin"] },
  { key: "/admin/users", label: "账号", roles: ["admin"] },
  { key: "/audit", label: "审计日志", roles: ["admin"] },
  { key: "/fill", label: "填报", roles: ["branch"] },
  { key: "/review", label: "评定", roles: ["reviewer", "admin"] },
  { key: "/stats", label: "统计", roles: ["admin", "reviewer"] },
  { key: "/spot-checks", label: "随机抽查", roles: ["admin", "reviewer"] },
  { key: "/weak", label: "软弱涣散整顿", roles: ["admin", "reviewer", "branch"] },
  { key: "/publicity", label: "公示", roles: ["admin", "reviewer"] },
  { key: "/calendar", label: "年度安排", roles: ["admin"] },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

/** The nav key that the current path belongs to; a submission's page belongs to 填报 for a branch, 评定 otherwise. */
export function activeNavKey(pathname: string, role?: Role): string {
  if (pathname.startsWith("/submissions/")) return role === "branch" ? "/fill" : "/review";
  const match = NAV_ITEMS.filter((i) => i.key !== "/" && (pathname === i.key || pathname.startsWith(i.key + "/")));
  // The longest key that fits: /admin/users is 账号, not 组织机构.
  return match.sort((a, b) => b.key.length - a.key.length)[0]?.key ?? "/";
}
