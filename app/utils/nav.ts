import type { Role } from "./roles";

export type NavItem = { key: string; label: string; roles: readonly Role[] };

/** Navigation per role: 管理 for admins, 填报 for branches, 评定 for reviewers, 统计 for both. */
export const NAV_ITEMS: NavItem[] = [
  { key: "/", label: "首页", roles: ["admin", "reviewer", "branch"] },
  { key: "/admin", label: "管理", roles: ["admin"] },
  { key: "/fill", label: "填报", roles: ["branch"] },
  { key: "/review", label: "评定", roles: ["reviewer", "admin"] },
  { key: "/stats", label: "统计", roles: ["admin", "reviewer"] },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

/** The nav key that the current path belongs to; a submission's page belongs to 填报 for a branch, 评定 otherwise. */
export function activeNavKey(pathname: string, role?: Role): string {
  if (pathname.startsWith("/submissions/")) return role === "branch" ? "/fill" : "/review";
  const match = NAV_ITEMS.filter((i) => i.key !== "/" && (pathname === i.key || pathname.startsWith(i.key + "/")));
  return match[0]?.key ?? "/";
}
