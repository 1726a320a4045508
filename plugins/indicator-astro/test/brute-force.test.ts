import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AspectSource,
  type AstroEvent,
  BODIES,
  type BodyId,
  geoLongitude,
  IngressSource,
  MAJOR_ASPECTS,
  MINOR_ASPECTS,
  wrap180,
} from '../src/index.js';
import { eventsBetween, HOUR } from './support.js';

/**
 * Reference events from a dense hourly scan, written independently of the root-finders: an event is
 * the hour at whose end a sampled quantity has crossed a threshold. The root-finders (six-hour
 * brackets, then root-finding) must find the same events, each within that hour.
 */
interface Crossing {
  key: string;
  kind: string;
  /** The sampled hour [hour, hour + 1 h] holding the crossing. */
  hour: number;
}

/** Hourly geocentric longitudes of a body over [from, to], computed once per window. */
const sampled = new Map<string, Float64Array>();
function hourly(body: BodyId, from: number, to: number): Float64Array {
  const id = `${body}:${from}:${to}`;
  let values = sampled.get(id);
  if (!values) {
    values = new Float64Array(Math.round((to - from) / HOUR) + 1);
    for (let i = 0; i < values.length; i++) values[i] = geoLongitude(body, from + i * HOUR);
    sampled.set(id, values);
  }
  return values;
}

/** Hours at whose end the sampled `values` (angles in [−180, 180)) have crossed zero, not wrapped. */
function crossings(values: ArrayLike<number>, from: number, key: string, kind: string): Crossing[] {
  const found: Crossing[] = [];
  for (let i = 1; i < values.length; i++) {
    const previous = values[i - 1] as number;
    const next = values[i] as number;
    if (previous < 0 !== next < 0 && Math.abs(next - previous) < 180)
      found.push({ key, kind, hour: from + (i - 1) * HOUR });
  }
  return found;
}

function expectSameEvents(found: readonly AstroEvent[], reference: Crossing[]): void {
  const describeEvent = (e: { key: string; kind: string }) => `${e.kind} ${e.key}`;
  const sorted = [...reference].sort((a, b) => a.hour - b.hour);
  const mine = [...found].sort((a, b) => a.time - b.time);
  expect(mine.map(describeEvent).sort()).toEqual(sorted.map(describeEvent).sort());
  // Paired in time order per key and kind: each instant lies in its reference hour.
  const byKey = new Map<string, Crossing[]>();
  for (const c of sorted) byKey.set(describeEvent(c), [...(byKey.get(describeEvent(c)) ?? []), c]);
  for (const event of mine) {
    const c = byKey.get(describeEvent(event))!.shift()!;
    const at = `${describeEvent(event)} at ${new Date(event.time).toISOString()}`;
    expect(event.time, at).toBeGreaterThanOrEqual(c.hour - 1_000);
    expect(event.time, at).toBeLessThanOrEqual(c.hour + HOUR + 1_000);
  }
}

function ingressReference(from: number, to: number, bodies: readonly BodyId[]): Crossing[] {
  // The sign changes where floor(λ/30) changes: a crossing of wrap180(λ − 30·k) for some k.
  return bodies.flatMap((body) => {
    const longitudes = hourly(body, from, to);
    return Array.from({ length: 12 }, (_, k) =>
      crossings(
        longitudes.map((l) => wrap180(l - 30 * k)),
        from,
        body,
        'ingress',
      ),
    ).flat();
  });
}

function aspectReference(
  from: number,
  to: number,
  pairs: string[],
  angles: readonly number[],
  orb: number,
): Crossing[] {
  const found: Crossing[] = [];
  for (const pair of pairs) {
    const [a, b] = pair.split('-') as [BodyId, BodyId];
    const la = hourly(a, from, to);
    const lb = hourly(b, from, to);
    const separation = la.map((l, i) => wrap180(l - (lb[i] as number)));
    for (const angle of angles) {
      const targets = angle === 0 ? [0] : angle === 180 ? [-180] : [angle, -angle];
      for (const s of targets) {
        const key = `${pair}:${s}`;
        found.push(
          ...crossings(
            separation.map((d) => wrap180(d - s)),
            from,
            key,
            'aspect-exact',
          ),
        );
        for (const edge of [orb, -orb]) {
          for (const c of crossings(
            separation.map((d) => wrap180(d - s - edge)),
            from,
            key,
            'edge',
          )) {
            // Inside the orb at the end of the hour: entered; else left.
            const end = separation[(c.hour - from) / HOUR + 1] as number;
            found.push({
              ...c,
              kind: Math.abs(wrap180(end - s)) <= orb ? 'aspect-orb-enter' : 'aspect-orb-exit',
            });
          }
        }
      }
    }
  }
  return found;
}

const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2026, 0, 1);

describe('root-finding agrees with a dense hourly scan over 2025', () => {
  it('ingresses of every body (the Moon included)', { timeout: 60_000 }, () => {
    const found = eventsBetween(FROM, TO, new IngressSource(FROM, BODIES, 'names'));
    expect(found.length).toBeGreaterThan(150);
    expectSameEvents(
      found.filter((e) => e.time < TO - HOUR),
      ingressReference(FROM, TO - HOUR, BODIES),
    );
  });

  it('aspects, major and minor, with orb zones', { timeout: 60_000 }, () => {
    const pairs = [
      'sun-moon',
      'sun-mercury',
      'venus-mars',
      'mars-jupiter',
      'jupiter-saturn',
      'saturn-neptune',
    ];
    const angles = [...MAJOR_ASPECTS, ...MINOR_ASPECTS];
    const found = eventsBetween(FROM, TO, new AspectSource(FROM, pairs, angles, 4, 'names'));
    expect(found.filter((e) => e.kind === 'aspect-exact').length).toBeGreaterThan(200);
    expectSameEvents(
      found.filter((e) => e.time < TO - HOUR),
      aspectReference(FROM, TO - HOUR, pairs, angles, 4),
    );
  });
});

describe('root-finding agrees with an hourly scan over random 60-day windows, 1950–2050', () => {
  it('ingresses and aspects', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1950, 0, 1) / HOUR, max: Date.UTC(2050, 0, 1) / HOUR }),
        fc.subarray([...BODIES], { minLength: 1, maxLength: 3 }),
        fc.double({ min: 0.5, max: 10, noNaN: true }),
        (startHour, bodies, orb) => {
          const from = startHour * HOUR;
          const to = from + 60 * 24 * HOUR;
          expectSameEvents(
            eventsBetween(from, to, new IngressSource(from, bodies, 'names')).filter(
              (e) => e.time < to - HOUR,
            ),
            ingressReference(from, to - HOUR, bodies),
          );
          const pairs = bodies.length > 1 ? [`${bodies[0]}-${bodies[1]}`] : ['sun-moon'];
          expectSameEvents(
            eventsBetween(from, to, new AspectSource(from, pairs, MAJOR_ASPECTS, orb, 'names')).filter(
              (e) => e.time < to - HOUR,
            ),
            aspectReference(from, to - HOUR, pairs, MAJOR_ASPECTS, orb),
          );
        },
      ),
      { numRuns: 20 },
    );
  });
});
