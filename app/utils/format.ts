import dayjs from "dayjs";

type When = Date | number | string;

/** 2026-11-30 */
export const formatDate = (when: When): string => dayjs(when).format("YYYY-MM-DD");

/** 2026-11-30 20:31 */
export const formatDateTime = (when: When): string => dayjs(when).format("YYYY-MM-DD HH:mm");

/** Today's date in China (UTC+8, no daylight saving), as YYYY-MM-DD: what “not after today” means to a branch. */
export const todayInChina = (now: Date = new Date()): string =>
  new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
