/** The first evaluation year the shipped standards know (002: targets from 2020). */
export const FIRST_YEAR = 2020;

/** The evaluation years the platform accepts anywhere: in a URL, a request body, a spreadsheet or the CLI. */
export const YEAR_RANGE = { min: 2000, max: 2100 } as const;

export const isYear = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= YEAR_RANGE.min && (value as number) <= YEAR_RANGE.max;

/** The years of a dashboard's trend: from the first evaluation year (or `year`, if earlier) to `year`. */
export function trendYears(year: number): number[] {
  const from = Math.min(FIRST_YEAR, year);
  return Array.from({ length: year - from + 1 }, (_, i) => from + i);
}

/** The year a dashboard shows when none is asked for: last year, the latest whose evaluation is complete. */
export const defaultStatsYear = (now = new Date()) => now.getFullYear() - 1;
