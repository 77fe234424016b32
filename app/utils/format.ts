import dayjs from "dayjs";

type When = Date | number | string;

/** 2026-11-30 */
export const formatDate = (when: When): string => dayjs(when).format("YYYY-MM-DD");

/** 2026-11-30 20:31 */
export const formatDateTime = (when: When): string => dayjs(when).format("YYYY-MM-DD HH:mm");
