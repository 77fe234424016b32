/** Where a branch stands for a year, as the dashboards count it. */
export const STATUS_TITLES = {
  none: "未填报",
  draft: "草稿",
  submitted: "已申报",
  rated: "已评定",
  revoked: "已撤销",
} as const;
export type BranchStatus = keyof typeof STATUS_TITLES;
