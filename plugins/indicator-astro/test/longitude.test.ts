import { randomWalkBars } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import {
  astroLongitude,
  astroPriceLines,
  BODIES,
  geoLongitude,
  LongitudeSampler,
  longitude,
  PLANETS,
  priceLines,
  unwrapLongitude,
  wrap180,
} from '../src/index.js';
import { DAY, HOUR, MINUTE } from './support.js';

describe('longitudes', () => {
  it('the Sun is at 0° at the March equinox 2025 (USNO: 2025-03-20 09:01 UTC) and 90° at the June solstice', () => {
    // U.S. Naval Observatory, "Earth's Seasons and Apsides, 2025".
    expect(Math.abs(wrap180(geoLongitude('sun', Date.parse('2025-03-20T09:01Z'))))).toBeLessThan(0.01);
    expect(Math.abs(wrap180(geoLongitude('sun', Date.parse('2025-06-21T02:42Z')) - 90))).toBeLessThan(0.01);
  });

  it('heliocentric: none for the Sun and the Moon; the Earth–Sun line opposes the geocentric Sun', () => {
    const t = Date.UTC(2025, 5, 1);
    expect(longitude('sun', 'heliocentric', t)).toBeNull();
    expect(longitude('moon', 'heliocentric', t)).toBeNull();
    for (const planet of PLANETS) expect(longitude(planet, 'heliocentric', t)).toBeGreaterThanOrEqual(0);
    // An outer planet far away: helio and geo differ by less than the parallax asin(1 AU / distance).
    expect(Math.abs(wrap180(longitude('pluto', 'heliocentric', t)! - geoLongitude('pluto', t)))).toBeLessThan(
      2,
    );
  });

  it('the hourly interpolation is within 1e-6° of the exact value, for every body', () => {
    for (const body of BODIES) {
      const sampler = new LongitudeSampler(body, 'geocentric');
      for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2025, 0, 3); t += 7 * MINUTE) {
        expect(Math.abs(wrap180(sampler.at(t)! - geoLongitude(body, t))), `${body} ${t}`).toBeLessThan(1e-6);
      }
    }
  });

  it('draws one line per body in its own pane, 0–360°, null for bodies not chosen', () => {
    const bars = randomWalkBars(3, { start: Date.UTC(2025, 2, 20), interval: DAY, volume: 100 });
    const [first] = astroLongitude.batch!(bars, astroLongitude.params.parse({ bodies: ['sun', 'mars'] }));
    expect(first!.sun).toBeCloseTo(geoLongitude('sun', bars[0]!.time), 6);
    expect(first!.mars).toBeCloseTo(geoLongitude('mars', bars[0]!.time), 6);
    expect(first!.moon).toBeNull();
    expect(astroLongitude.outputs.every((o) => o.pane === 'own' && o.shape === 'line')).toBe(true);
  });
});

describe('unwrapped longitude', () => {
  it('is continuous across 0°/360° and equal to the longitude modulo 360, for every body and frame', {
    timeout: 30_000,
  }, () => {
    for (const frame of ['geocentric', 'heliocentric'] as const) {
      for (const body of BODIES) {
        let previous: number | null = null;
        for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2040, 0, 1); t += (body === 'moon' ? 1 : 5) * DAY) {
          const l = longitude(body, frame, t);
          if (l === null) continue;
          const u = unwrapLongitude(body, frame, t, l);
          expect(Math.abs(wrap180(u - l))).toBeLessThan(1e-9);
          if (previous !== null) expect(Math.abs(u - previous), `${body} ${frame}`).toBeLessThan(90);
          previous = u;
        }
      }
    }
  });
});

describe('planetary price lines', () => {
  it('are k·(λᵤ + 360·n + h) for the wrap counts covering the range, in slot n mod S', () => {
    const lines = priceLines(
      100,
      { low: 900, high: 2_000 },
      { pricePerDegree: 1, offset: 0, slots: 5, marginPercent: 0 },
    );
    expect(lines.map((l) => [l.n, l.price, l.slot])).toEqual([
      [3, 1_180, 3],
      [4, 1_540, 4],
      [5, 1_900, 0],
    ]);
    // More wrap counts fit than slots: the ones around the middle of the range.
    const narrow = priceLines(
      0,
      { low: 0, high: 3_600 },
      { pricePerDegree: 1, offset: 90, slots: 3, marginPercent: 0 },
    );
    expect(narrow.map((l) => l.price)).toEqual([1_530, 1_890, 2_250]);
  });

  it('a line keeps its slot as the longitude passes 360°', () => {
    // Flat prices at 1,000 and 0.01 per degree: 55 lines in 900–1,100, the 5 around the middle drawn.
    const start = Date.UTC(2025, 2, 19, 12);
    const bars = Array.from({ length: 48 }, (_, i) => ({
      time: start + i * HOUR,
      open: 1_000,
      high: 1_000,
      low: 1_000,
      close: 1_000,
      volume: 1,
    }));
    const out = astroPriceLines.batch!(
      bars,
      astroPriceLines.params.parse({ body: 'sun', pricePerDegree: 0.01 }),
    );
    // The Sun passes 0° Aries at 09:01 on 2025-03-20, inside the series: no slot jumps by 3.6 (360·k).
    for (let i = 1; i < out.length; i++) {
      for (const key of ['line1', 'line2', 'line3', 'line4', 'line5']) {
        const a = out[i - 1]![key] as number;
        const b = out[i]![key] as number;
        expect(b - a).toBeGreaterThan(0);
        expect(b - a).toBeLessThan(0.001);
      }
      expect(out[i]!.line6).toBeNull();
    }
    const levels = out.at(-1)!.levels as { price: number }[];
    expect(levels.map((l) => l.price).sort()).toEqual(
      ['line1', 'line2', 'line3', 'line4', 'line5'].map((k) => out.at(-1)![k] as number).sort(),
    );
  });
});
