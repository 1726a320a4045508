import { describe, expect, it } from 'vitest';
import { solarIngresses, solveSolarLongitude } from '../src/math/seasons.js';
import { solarLongitude } from '../src/math/solar-longitude.js';

const HOUR = 3_600_000;

/**
 * Equinoxes and solstices, UTC to the minute, as published by the U.S. Naval Observatory
 * ("Earth's Seasons and Apsides", aa.usno.navy.mil/data/Earth_Seasons); IMCCE's ephemerides agree
 * to the minute.
 */
const PUBLISHED: readonly [longitude: number, iso: string][] = [
  [0, '2024-03-20T03:06Z'],
  [90, '2024-06-20T20:51Z'],
  [180, '2024-09-22T12:44Z'],
  [270, '2024-12-21T09:20Z'],
  [0, '2025-03-20T09:01Z'],
  [90, '2025-06-21T02:42Z'],
  [180, '2025-09-22T18:19Z'],
  [270, '2025-12-21T15:03Z'],
  [0, '2026-03-20T14:46Z'],
  [90, '2026-06-21T08:24Z'],
  [180, '2026-09-23T00:05Z'],
  [270, '2026-12-21T20:50Z'],
];

describe('solar longitude (Astronomical Almanac low-precision Sun)', () => {
  it.each(PUBLISHED)('reaches %i° within an hour of the published %s', (longitude, iso) => {
    const published = Date.parse(iso);
    const solved = solveSolarLongitude(longitude, published - 5 * 86_400_000);
    expect(Math.abs(solved - published)).toBeLessThan(HOUR);
    // and in practice within the formula's 0.01° (about 15 minutes of the Sun's motion)
    expect(Math.abs(solved - published)).toBeLessThan(15 * 60_000);
  });

  it('is the longitude the solver was asked for at the instant it returns', () => {
    for (const target of [0, 45, 135, 225, 315]) {
      const t = solveSolarLongitude(target, Date.UTC(2025, 0, 1) + (target / 360) * 365 * 86_400_000);
      const error = ((solarLongitude(t) - target + 540) % 360) - 180;
      expect(Math.abs(error)).toBeLessThan(1e-6);
    }
  });

  it('finds the eight 45° points of 2025 in order, cross-quarters between the seasons', () => {
    const found = solarIngresses(Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1));
    expect(found.map((f) => f.longitude)).toEqual([315, 0, 45, 90, 135, 180, 225, 270]);
    const days = found.map((f) => new Date(f.time).toISOString().slice(0, 10));
    // the cross-quarter days fall on 3–8 February, May, August and November
    expect(days).toEqual([
      '2025-02-03',
      '2025-03-20',
      '2025-05-05',
      '2025-06-21',
      '2025-08-07',
      '2025-09-22',
      '2025-11-07',
      '2025-12-21',
    ]);
  });

  it('returns nothing twice and nothing outside the range', () => {
    const from = Date.UTC(2025, 0, 1);
    const found = solarIngresses(from, Date.UTC(2028, 0, 1));
    expect(found).toHaveLength(24);
    for (let i = 1; i < found.length; i++)
      expect(found[i]!.time - found[i - 1]!.time).toBeGreaterThan(40 * 86_400_000);
    expect(found.every((f) => f.time >= from && f.time <= Date.UTC(2028, 0, 1))).toBe(true);
    expect(solarIngresses(found[3]!.time, found[3]!.time)).toEqual([found[3]]);
  });
});
