import { randomWalkBars } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import {
  astroIngress,
  astroMoon,
  astroRetrograde,
  IngressSource,
  LunarEclipseSource,
  MoonPhaseSource,
  SolarEclipseSource,
  StationSource,
} from '../src/index.js';
import { DAY, eventsBetween, findEvent, minutesOff } from './support.js';

const YEAR_2025 = Date.UTC(2025, 0, 1);

describe('Sun ingresses: equinoxes and solstices 2025', () => {
  // U.S. Naval Observatory, "Earth's Seasons and Apsides, 2025" (aa.usno.navy.mil/data/Earth_Seasons), UT.
  const usno = [
    ['Aries', '2025-03-20T09:01Z'],
    ['Cancer', '2025-06-21T02:42Z'],
    ['Libra', '2025-09-22T18:19Z'],
    ['Capricorn', '2025-12-21T15:03Z'],
  ] as const;
  const events = eventsBetween(
    YEAR_2025,
    Date.UTC(2026, 0, 1),
    new IngressSource(YEAR_2025, ['sun'], 'names'),
  );

  it.each(usno)('the Sun enters %s within 10 minutes of USNO (%s)', (sign, instant) => {
    const ingress = findEvent(events, 'ingress', `Sun enters ${sign}`);
    expect(minutesOff(ingress.time, instant)).toBeLessThan(10);
  });

  it('finds the twelve ingresses of the year, and the indicator draws them', () => {
    expect(events.map((e) => e.label.replace('Sun enters ', ''))).toEqual([
      'Aquarius',
      'Pisces',
      'Aries',
      'Taurus',
      'Gemini',
      'Cancer',
      'Leo',
      'Virgo',
      'Libra',
      'Scorpio',
      'Sagittarius',
      'Capricorn',
    ]);
    const bars = randomWalkBars(3, { start: Date.UTC(2025, 2, 1), interval: DAY, volume: 100 });
    const out = astroIngress.batch!(bars, astroIngress.params.parse({ bodies: ['sun'], horizonDays: 30 }));
    const lines = out.at(-1)!.ingresses as { time: number; label: string }[];
    expect(lines.map((l) => l.label)).toEqual(['☉ → ♈']);
    expect(minutesOff(lines[0]!.time, usno[0][1])).toBeLessThan(10);
  });
});

describe('lunar phases', () => {
  // U.S. Naval Observatory, "Phases of the Moon, 2025" (aa.usno.navy.mil/data/MoonPhases), UT.
  const usno = [
    ['first-quarter', '2025-01-06T23:56Z'],
    ['full-moon', '2025-01-13T22:27Z'],
    ['last-quarter', '2025-01-21T20:31Z'],
    ['new-moon', '2025-01-29T12:36Z'],
    ['full-moon', '2025-02-12T13:53Z'],
  ] as const;
  const events = eventsBetween(
    YEAR_2025,
    Date.UTC(2025, 2, 1),
    new MoonPhaseSource(YEAR_2025, true, 'names'),
  );

  it.each(usno)('%s at %s within 5 minutes of USNO', (kind, instant) => {
    const found = events.filter((e) => e.kind === kind && minutesOff(e.time, instant) < 24 * 60);
    expect(found).toHaveLength(1);
    expect(minutesOff(found[0]!.time, instant)).toBeLessThan(5);
  });

  it('the indicator shows them from the first bar to the horizon', () => {
    const bars = randomWalkBars(2, { start: Date.UTC(2025, 0, 10), interval: DAY, volume: 100 });
    const out = astroMoon.batch!(bars, astroMoon.params.parse({ horizonDays: 20, eclipses: false }));
    const phases = out.at(-1)!.phases as { time: number; label: string }[];
    expect(phases.map((p) => p.label)).toEqual(['🌕', '🌗', '🌑']);
    expect(minutesOff(phases[0]!.time, '2025-01-13T22:27Z')).toBeLessThan(5);
  });
});

describe('Mercury stations, spring 2025', () => {
  // Fred Espenak, AstroPixels "Astronomical Calendar 2025" (GMT): Mercury stationary Mar 15 06:46 and Apr 07 11:08.
  const events = eventsBetween(
    Date.UTC(2025, 2, 1),
    Date.UTC(2025, 4, 1),
    new StationSource(Date.UTC(2025, 2, 1), ['mercury'], 'names'),
  );

  it('stations retrograde within 6 hours of 2025-03-15 06:46 UTC', () => {
    expect(minutesOff(findEvent(events, 'station-retrograde').time, '2025-03-15T06:46Z')).toBeLessThan(360);
  });

  it('stations direct within 6 hours of 2025-04-07 11:08 UTC', () => {
    expect(minutesOff(findEvent(events, 'station-direct').time, '2025-04-07T11:08Z')).toBeLessThan(360);
  });

  it('the indicator draws the retrograde spell between them', () => {
    const bars = randomWalkBars(2, { start: Date.UTC(2025, 2, 1), interval: DAY, volume: 100 });
    const out = astroRetrograde.batch!(
      bars,
      astroRetrograde.params.parse({ bodies: ['mercury'], horizonDays: 60 }),
    );
    const [zone] = out.at(-1)!.retrograde as {
      from: { time: number };
      to: { time: number };
      label: string;
    }[];
    expect(zone!.label).toBe('☿ ℞');
    expect(minutesOff(zone!.from.time, '2025-03-15T06:46Z')).toBeLessThan(360);
    expect(minutesOff(zone!.to.time, '2025-04-07T11:08Z')).toBeLessThan(360);
  });
});

describe('eclipses', () => {
  it('total lunar eclipse of 2025-03-14 within 10 minutes of greatest eclipse, 06:59 UTC', () => {
    // NASA Eclipse Web Site (F. Espenak), "Total Lunar Eclipse of 2025 Mar 14": greatest eclipse 06:59.
    const from = Date.UTC(2025, 0, 1);
    const [eclipse] = eventsBetween(from, Date.UTC(2025, 5, 1), new LunarEclipseSource(from, 'names'));
    expect(eclipse!.kind).toBe('lunar-eclipse-total');
    expect(minutesOff(eclipse!.time, '2025-03-14T06:59Z')).toBeLessThan(10);
  });

  it('total solar eclipse of 2024-04-08 within 10 minutes of greatest eclipse, 18:17 UTC', () => {
    // NASA Eclipse Web Site (F. Espenak), "Total Solar Eclipse of 2024 Apr 08": greatest eclipse 18:17 UT.
    const from = Date.UTC(2024, 0, 1);
    const [eclipse] = eventsBetween(from, Date.UTC(2024, 5, 1), new SolarEclipseSource(from, 'names'));
    expect(eclipse!.kind).toBe('solar-eclipse-total');
    expect(eclipse!.label).toBe('Total solar eclipse');
    expect(minutesOff(eclipse!.time, '2024-04-08T18:17Z')).toBeLessThan(10);
  });

  it('the indicator shows eclipses as timelines and markers', () => {
    const bars = randomWalkBars(2, { start: Date.UTC(2024, 2, 20), interval: DAY, volume: 100 });
    const out = astroMoon.batch!(bars, astroMoon.params.parse({ horizonDays: 30, quarters: false }));
    const eclipses = out.at(-1)!.eclipses as { time: number; label: string }[];
    expect(eclipses.map((e) => e.label)).toEqual(['🌕 Penumbral lunar eclipse', '🌑 Total solar eclipse']);
    const markers = out.at(-1)!.markers as { time: number; text: string }[];
    expect(markers.some((m) => m.text === '🌑 Total solar eclipse')).toBe(true);
  });
});
