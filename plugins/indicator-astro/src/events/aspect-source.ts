import { wrap180 } from '../astro/angles.js';
import type { BodyId } from '../astro/bodies.js';
import { geoLongitude } from '../astro/longitude.js';
import { HOUR_MS } from '../astro/time.js';
import type { AstroEvent } from '../search/event.js';
import { GridScanner } from '../search/grid-scanner.js';
import { angleCrossing, findRoot } from '../search/root.js';
import { aspectGlyph, aspectName, aspectTargets, splitPair } from './aspects.js';
import { bodyLabel, type LabelStyle } from './labels.js';

/** Six hours: the Moon gains at most ~4° on any body in a step. */
export const ASPECT_STEP_MS = 6 * HOUR_MS;

interface Target {
  key: string;
  pair: number;
  /** wrap180(λ₁ − λ₂) at exactness. */
  separation: number;
  label: string;
}

export function aspectLabel(a: BodyId, b: BodyId, angle: number, style: LabelStyle): string {
  return style === 'glyphs'
    ? `${bodyLabel(a, style)} ${aspectGlyph(angle)} ${bodyLabel(b, style)}`
    : `${bodyLabel(a, style)} ${aspectName(angle)} ${bodyLabel(b, style)}`;
}

/**
 * Aspects between pairs of bodies (geocentric longitudes): exact instants, where
 * e = wrap180(λ₁ − λ₂ − s) crosses zero for each signed separation s of an aspect, and the spells
 * within orb, |e| ≤ orb, entered and left where e crosses ±orb. Crossings are bracketed on a six-hour
 * grid and refined by root-finding.
 */
export class AspectSource extends GridScanner<readonly number[]> {
  private readonly bodies: BodyId[];
  private readonly pairs: (readonly [number, number])[];
  private readonly targets: Target[];

  constructor(
    origin: number,
    pairs: readonly string[],
    angles: readonly number[],
    private readonly orb: number,
    style: LabelStyle,
  ) {
    super(origin, ASPECT_STEP_MS);
    const split = pairs.map(splitPair);
    this.bodies = [...new Set(split.flat())];
    this.pairs = split.map(([a, b]) => [this.bodies.indexOf(a), this.bodies.indexOf(b)] as const);
    this.targets = split.flatMap(([a, b], pair) =>
      angles.flatMap((angle) =>
        aspectTargets(angle).map((separation) => ({
          key: `${a}-${b}:${separation}`,
          pair,
          separation,
          label: aspectLabel(a, b, angle, style),
        })),
      ),
    );
  }

  activeAtOrigin(): readonly string[] {
    if (this.orb <= 0) return [];
    const separations = this.sample(this.origin);
    return this.targets
      .filter((t) => Math.abs(wrap180((separations[t.pair] as number) - t.separation)) <= this.orb)
      .map((t) => t.key);
  }

  /** wrap180(λ₁ − λ₂) per pair. */
  protected sample(t: number): readonly number[] {
    const longitudes = this.bodies.map((body) => geoLongitude(body, t));
    return this.pairs.map(([a, b]) => wrap180((longitudes[a] as number) - (longitudes[b] as number)));
  }

  protected interval(t0: number, s0: readonly number[], t1: number, s1: readonly number[]): AstroEvent[] {
    const events: AstroEvent[] = [];
    for (const target of this.targets) {
      const d0 = s0[target.pair] as number;
      const d1 = s1[target.pair] as number;
      const [a, b] = this.pairs[target.pair] as readonly [number, number];
      const separation = (ms: number) =>
        wrap180(geoLongitude(this.bodies[a] as BodyId, ms) - geoLongitude(this.bodies[b] as BodyId, ms));
      const offsets = this.orb > 0 ? [0, this.orb, -this.orb] : [0];
      for (const offset of offsets) {
        const at = target.separation + offset;
        const g0 = wrap180(d0 - at);
        const g1 = wrap180(d1 - at);
        const direction = angleCrossing(g0, g1);
        if (direction === 0) continue;
        const time = findRoot((ms) => wrap180(separation(ms) - at), t0, g0, t1, g1);
        // Rising through +orb or falling through −orb leaves the orb; the opposite enters it.
        const edge = offset === 0 ? 'point' : direction * offset > 0 ? 'exit' : 'enter';
        events.push({
          time,
          key: target.key,
          edge,
          kind: offset === 0 ? 'aspect-exact' : edge === 'enter' ? 'aspect-orb-enter' : 'aspect-orb-exit',
          label: target.label,
        });
      }
    }
    return events;
  }
}
