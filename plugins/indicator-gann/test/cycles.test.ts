import type { TimeLine } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { cycles, cyclesParams } from '../src/indicators/cycles.js';
import { addTradingDays, addYears } from '../src/math/calendar.js';
import { DAY, rangeBars } from './bars.js';

const iso = (time: number) => new Date(time).toISOString().slice(0, 10);
const byLabel = (lines: readonly TimeLine[]) => Object.fromEntries(lines.map((l) => [l.label, iso(l.time)]));

/** Monday 5 … Friday 9 January 2026, daily; the lowest low on Friday the 9th, the highest high on Tuesday. */
const week = rangeBars(
  [
    [105, 101],
    [110, 102],
    [106, 100],
    [104, 99],
    [103, 95],
  ],
  DAY,
);

function last<T>(values: readonly T[]): T {
  return values[values.length - 1]!;
}

describe('Gann time cycles', () => {
  it('counts calendar days from the lowest low of the look-back', () => {
    const out = last(cycles.batch!(week, cyclesParams.parse({ anniversaries: 0, seasonal: false })));
    expect(byLabel(out.cycles as TimeLine[])).toEqual({
      '30d': '2026-02-08',
      '45d': '2026-02-23',
      '60d': '2026-03-10',
      '90d': '2026-04-09',
      '120d': '2026-05-09',
      '144d': '2026-06-02',
      '180d': '2026-07-08',
      '225d': '2026-08-22',
      '270d': '2026-10-06',
      '315d': '2026-11-20',
      '360d': '2027-01-04',
    });
    expect(out.anniversaries).toEqual([]);
    expect(out.seasons).toEqual([]);
  });

  it('counts trading days Monday to Friday, skipping weekends, from the highest high', () => {
    const params = cyclesParams.parse({ pivot: 'high', days: 'trading', counts: [1, 4, 5, 30, 45, 90] });
    const out = last(cycles.batch!(week, params));
    // the pivot is Tuesday 6 January: 4 trading days on is Monday the 12th, 5 Tuesday the 13th
    expect(byLabel(out.cycles as TimeLine[])).toEqual({
      '1 td': '2026-01-07',
      '4 td': '2026-01-12',
      '5 td': '2026-01-13',
      '30 td': '2026-02-17',
      '45 td': '2026-03-10',
      '90 td': '2026-05-12',
    });
  });

  it('never lands a trading-day count on a weekend, and counts from a weekend pivot to Monday', () => {
    const saturday = Date.UTC(2026, 0, 10, 14, 30);
    expect(iso(addTradingDays(saturday, 1))).toBe('2026-01-12');
    expect(addTradingDays(saturday, 1) % DAY).toBe(saturday % DAY);
    const friday = Date.UTC(2026, 0, 9);
    for (let n = 1; n <= 400; n++) {
      const day = new Date(addTradingDays(friday, n)).getUTCDay();
      expect(day === 0 || day === 6).toBe(false);
      // one step at a time gives the same day
      expect(addTradingDays(addTradingDays(friday, n - 1), 1)).toBe(addTradingDays(friday, n));
    }
  });

  it('draws anniversaries, 29 February falling on 28 February in common years', () => {
    expect(iso(addYears(Date.UTC(2024, 1, 29), 1))).toBe('2025-02-28');
    expect(iso(addYears(Date.UTC(2024, 1, 29), 4))).toBe('2028-02-29');
    const params = cyclesParams.parse({
      pivot: 'fixed',
      pivotTime: Date.UTC(2024, 1, 29, 9),
      counts: [],
      seasonal: false,
      horizonDays: 3_000,
    });
    const out = last(cycles.batch!(week, params));
    expect((out.anniversaries as TimeLine[]).map((l) => [l.label, new Date(l.time).toISOString()])).toEqual([
      ['1y', '2025-02-28T09:00:00.000Z'],
      ['2y', '2026-02-28T09:00:00.000Z'],
      ['3y', '2027-02-28T09:00:00.000Z'],
      ['4y', '2028-02-29T09:00:00.000Z'],
      ['5y', '2029-02-28T09:00:00.000Z'],
    ]);
  });

  it('stops at horizonDays after the current bar, future lines included', () => {
    const params = cyclesParams.parse({ horizonDays: 100 });
    const out = last(cycles.batch!(week, params));
    // current bar Friday 9 January 2026 + 100 days = 19 April 2026
    expect((out.cycles as TimeLine[]).map((l) => l.label)).toEqual(['30d', '45d', '60d', '90d']);
    expect(out.anniversaries).toEqual([]);
    expect((out.seasons as TimeLine[]).map((l) => [l.label, iso(l.time)])).toEqual([
      ['Sun 315°', '2026-02-03'],
      ['March equinox', '2026-03-20'],
    ]);
  });

  it('labels the seasonal points from the pivot up to the horizon', () => {
    const params = cyclesParams.parse({ counts: [], anniversaries: 0, horizonDays: 365 });
    const out = last(cycles.batch!(week, params));
    expect((out.seasons as TimeLine[]).map((l) => l.label)).toEqual([
      'Sun 315°',
      'March equinox',
      'Sun 45°',
      'June solstice',
      'Sun 135°',
      'September equinox',
      'Sun 225°',
      'December solstice',
    ]);
  });

  it('refuses a fixed pivot without its time', () => {
    expect(cyclesParams.safeParse({ pivot: 'fixed' }).success).toBe(false);
  });
});
