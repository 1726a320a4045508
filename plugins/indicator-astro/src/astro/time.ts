export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** 2000-01-01 12:00 UTC (J2000.0, taken as UTC as astronomy-engine does for mean elements). */
export const J2000_MS = Date.UTC(2000, 0, 1, 12);
/** Days in a Julian century. */
export const CENTURY_DAYS = 36_525;

/** The first UTC midnight at or after `ms`. */
export function ceilToDay(ms: number): number {
  return Math.ceil(ms / DAY_MS) * DAY_MS;
}
