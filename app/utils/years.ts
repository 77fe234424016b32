/** The first evaluation year the shipped standards know (002: targets from 2020). */
export const FIRST_YEAR = 2020;

/** The year a dashboard shows (default: last year, the latest whose evaluation is complete) and the years of its trend. */
export function statsYears(param: string | null, now = new Date()): { year: number | null; trend: number[] } {
  const year = param === null || param === "" ? now.getFullYear() - 1 : /^\d{4}$/.test(param) ? Number(param) : null;
  if (year === null || year < 2000 || year > 2100) return { year: null, trend: [] };
  const from = Math.min(FIRST_YEAR, year);
  return { year, trend: Array.from({ length: year - from + 1 }, (_, i) => from + i) };
}
