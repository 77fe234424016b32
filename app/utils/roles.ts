export const ROLES = ["admin", "reviewer", "branch"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_TITLES: Record<Role, string> = {
  admin: "管理员",
  reviewer: "评定人",
  branch: "党支部",
};
