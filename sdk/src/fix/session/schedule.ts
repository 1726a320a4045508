import { QmoError } from '../../plugin/errors.js';

export interface FixScheduleOptions {
  /** Local time of day the session starts, "HH:MM:SS" (or "HH:MM"). */
  readonly startTime: string;
  readonly endTime: string;
  /** For a weekly session: the day it starts and the day it ends ("Sunday", "Sun", …). */
  readonly startDay?: string;
  readonly endDay?: string;
  /** IANA time zone the times are in (default UTC). */
  readonly timeZone?: string;
}

const DAY = 86_400;
const WEEK = 7 * DAY;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Wall-clock fields of an instant in a time zone. */
interface Local {
  year: number;
  month: number;
  day: number;
  weekday: number;
  seconds: number;
}

/**
 * Session schedule as QuickFIX's StartTime / EndTime / StartDay / EndDay / TimeZone: a daily window
 * (every day from StartTime to EndTime) or a weekly one (from StartDay StartTime to EndDay EndTime).
 * A window may cross midnight (or the end of the week); both ends are inside it, as in QuickFIX. A
 * window whose start equals its end is always in session, with a new period at that time.
 */
export class FixSchedule {
  private readonly start: number;
  private readonly end: number;
  private readonly startDay: number | undefined;
  private readonly endDay: number | undefined;
  private readonly format: Intl.DateTimeFormat;

  constructor(options: FixScheduleOptions) {
    this.start = timeOfDay(options.startTime);
    this.end = timeOfDay(options.endTime);
    if ((options.startDay === undefined) !== (options.endDay === undefined))
      throw new QmoError('QMO_INVALID_ARGUMENT', 'a weekly FIX schedule needs both startDay and endDay');
    this.startDay = options.startDay === undefined ? undefined : weekday(options.startDay);
    this.endDay = options.endDay === undefined ? undefined : weekday(options.endDay);
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: options.timeZone ?? 'UTC',
        hourCycle: 'h23',
        weekday: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new QmoError('QMO_INVALID_ARGUMENT', `unknown time zone "${options.timeZone}"`);
    }
  }

  isInSession(ms: number): boolean {
    const local = this.local(ms);
    if (this.startDay === undefined || this.endDay === undefined)
      return within(local.seconds, this.start, this.end, DAY);
    return within(
      local.weekday * DAY + local.seconds,
      this.startDay * DAY + this.start,
      this.endDay * DAY + this.end,
      WEEK,
    );
  }

  /** Start of the session period that contains `ms` (or the last one before it). */
  periodStart(ms: number): number {
    const local = this.local(ms);
    const back = this.startDay === undefined ? 0 : (local.weekday - this.startDay + 7) % 7;
    const step = this.startDay === undefined ? 1 : 7;
    let candidate = this.instant(local, -back);
    if (candidate > ms) candidate = this.instant(local, -back - step);
    return candidate;
  }

  /** The instant of the start time on the local date of `local` moved by `days`. */
  private instant(local: Local, days: number): number {
    const wall = Date.UTC(local.year, local.month - 1, local.day + days) + this.start * 1000;
    // The zone's offset at the guess, then again at the corrected instant (DST changes in between).
    let guess = wall - this.offset(wall);
    guess = wall - this.offset(guess);
    return guess;
  }

  /** Local wall time minus UTC at `ms`, in ms. */
  private offset(ms: number): number {
    const l = this.local(ms);
    const wall = Date.UTC(l.year, l.month - 1, l.day) + l.seconds * 1000;
    return wall - Math.floor(ms / 1000) * 1000;
  }

  private local(ms: number): Local {
    const parts: Record<string, string> = {};
    for (const p of this.format.formatToParts(ms)) parts[p.type] = p.value;
    return {
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      weekday: DAYS.indexOf((parts.weekday ?? '').toLowerCase()),
      seconds: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
    };
  }
}

function within(t: number, start: number, end: number, period: number): boolean {
  if (start === end) return true;
  if (start < end) return t >= start && t <= end;
  return (t >= start && t < period) || t <= end;
}

function timeOfDay(s: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  const [h, min, sec] = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [NaN, NaN, NaN];
  if (!(h < 24 && min < 60 && sec < 60))
    throw new QmoError('QMO_INVALID_ARGUMENT', `"${s}" is not a time of day (HH:MM:SS)`);
  return h * 3600 + min * 60 + sec;
}

function weekday(s: string): number {
  const i = DAYS.indexOf(s.trim().slice(0, 3).toLowerCase());
  if (i < 0) throw new QmoError('QMO_INVALID_ARGUMENT', `"${s}" is not a day of the week`);
  return i;
}
