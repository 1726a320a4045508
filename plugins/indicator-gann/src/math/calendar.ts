export const DAY_MS = 86_400_000;

/** Saturday or Sunday in UTC. */
export function isWeekend(time: number): boolean {
  const day = new Date(time).getUTCDay();
  return day === 0 || day === 6;
}

export function addCalendarDays(time: number, days: number): number {
  return time + days * DAY_MS;
}

/**
 * `days` weekdays after `time` (UTC), keeping the time of day: Saturdays and Sundays are not counted,
 * so 1 trading day after a Friday is the Monday. Holidays are not known and count as trading days.
 */
export function addTradingDays(time: number, days: number): number {
  let t = time;
  let left = days;
  // any 7 consecutive days hold exactly 5 weekdays
  while (left > 5) {
    t += 7 * DAY_MS;
    left -= 5;
  }
  while (left > 0) {
    t += DAY_MS;
    if (!isWeekend(t)) left--;
  }
  return t;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The same UTC date and time `years` later; 29 February becomes 28 February in a common year. */
export function addYears(time: number, years: number): number {
  const date = new Date(time);
  const year = date.getUTCFullYear() + years;
  const month = date.getUTCMonth();
  const day = month === 1 && date.getUTCDate() === 29 && !isLeapYear(year) ? 28 : date.getUTCDate();
  return Date.UTC(
    year,
    month,
    day,
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
}
