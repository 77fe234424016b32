export const ROLES = ["admin", "reviewer", "branch"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_TITLES: Record<Role, string> = {
  admin: "管理员",
  reviewer: "评定人",
  branch: "党支部",
};

export const SUBMISSION_STATUS_TITLES: Record<string, string> = {
  draft: "草稿",
  submitted: "已申报",
  rated: "已评定",
  escalated: "已向上级申报",
  revoked: "已撤销",
};
