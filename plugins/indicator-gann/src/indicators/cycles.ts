import type { TimeLine } from '@qmo/sdk';
import { z } from 'zod';
import { defineGannIndicator } from '../define-indicator.js';
import { addCalendarDays, addTradingDays, addYears, DAY_MS } from '../math/calendar.js';
import { solarIngresses } from '../math/seasons.js';
import { lookbackParam, requireKeys, timeParam } from '../params.js';
import { BarHistory, type HistoryView } from '../pivots/bar-history.js';
import { highestHigh, lowestLow } from '../pivots/extremes.js';

export const GANN_CYCLE_DAYS = [30, 45, 60, 90, 120, 144, 180, 225, 270, 315, 360] as const;

export const cyclesParams = z
  .object({
    pivot: z
      .enum(['low', 'high', 'fixed'])
      .default('low')
      .describe('The lowest low or highest high of the last `lookback` bars, or pivotTime'),
    lookback: lookbackParam(100, 'Bars searched for the pivot'),
    pivotTime: timeParam('Time of a fixed pivot, epoch ms'),
    days: z
      .enum(['calendar', 'trading'])
      .default('calendar')
      .describe('Count calendar days, or trading days (Monday to Friday, UTC)'),
    counts: z
      .array(z.number().int().min(1).max(10_000))
      .max(50)
      .default([...GANN_CYCLE_DAYS])
      .describe('Day counts from the pivot'),
    anniversaries: z.number().int().min(0).max(50).default(5).describe('Years after the pivot: 1, 2, …'),
    seasonal: z
      .boolean()
      .default(true)
      .describe(
        "Instants when the Sun's longitude is 0°, 45°, …, 315° (equinoxes, solstices, cross-quarters)",
      ),
    horizonDays: z
      .number()
      .int()
      .min(1)
      .max(3_660)
      .default(400)
      .describe('Calendar days after the current bar up to which lines are drawn'),
  })
  .superRefine((p, ctx) => {
    if (p.pivot === 'fixed') requireKeys(p, ['pivotTime'], 'when pivot is "fixed"', ctx);
  });
export type CyclesParams = z.output<typeof cyclesParams>;

const SEASON_NAMES: Record<number, string> = {
  0: 'March equinox',
  90: 'June solstice',
  180: 'September equinox',
  270: 'December solstice',
};

function pivotTime(p: CyclesParams, view: HistoryView): number {
  if (p.pivot === 'fixed') return p.pivotTime!;
  return p.pivot === 'low' ? lowestLow(view.window).time : highestHigh(view.window).time;
}

export function dayCycles(
  pivot: number,
  counts: readonly number[],
  days: 'calendar' | 'trading',
): TimeLine[] {
  return counts.map((n) =>
    days === 'calendar'
      ? { time: addCalendarDays(pivot, n), label: `${n}d` }
      : { time: addTradingDays(pivot, n), label: `${n} td` },
  );
}

export function anniversaries(pivot: number, years: number): TimeLine[] {
  return Array.from({ length: years }, (_, i) => ({ time: addYears(pivot, i + 1), label: `${i + 1}y` }));
}

export function seasons(from: number, to: number): TimeLine[] {
  return solarIngresses(from, to, 45).map(({ time, longitude }) => ({
    time,
    label: SEASON_NAMES[longitude] ?? `Sun ${longitude}°`,
  }));
}

/** Gann time cycles: day counts and anniversaries from a pivot, and the Sun's 45° seasonal points. */
export const cycles = defineGannIndicator<CyclesParams>({
  id: 'gann-cycles',
  name: 'Gann time cycles',
  description:
    'Vertical lines 30, 45, 60, 90, 120, 144, 180, 225, 270, 315, 360 calendar or trading days (Mon–Fri) ' +
    'after a pivot, its anniversaries, and the instants the Sun reaches ecliptic longitude 0°, 45°, …, 315° ' +
    '(Astronomical Almanac low-precision Sun, ~0.01°), up to horizonDays after the current bar.',
  params: cyclesParams,
  outputs: [
    { key: 'cycles', shape: 'timelines', label: 'Day cycles', pane: 'price' },
    { key: 'anniversaries', shape: 'timelines', label: 'Anniversaries', pane: 'price' },
    { key: 'seasons', shape: 'timelines', label: 'Seasonal dates', pane: 'price', color: '#f59e0b' },
  ],
  stepper(p) {
    const history = new BarHistory(p.pivot === 'fixed' ? 1 : p.lookback);
    return {
      step(bar, commit) {
        const view = history.step(bar, commit);
        const pivot = pivotTime(p, view);
        const horizon = view.current.time + p.horizonDays * DAY_MS;
        const within = (line: TimeLine) => line.time <= horizon;
        return {
          cycles: dayCycles(pivot, p.counts, p.days).filter(within),
          anniversaries: anniversaries(pivot, p.anniversaries).filter(within),
          seasons: p.seasonal ? seasons(pivot, horizon) : [],
        };
      },
    };
  },
});
