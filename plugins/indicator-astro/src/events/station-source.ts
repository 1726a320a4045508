import { BODY_INFO, type PlanetId } from '../astro/bodies.js';
import { geoSpeed } from '../astro/longitude.js';
import { DAY_MS } from '../astro/time.js';
import type { AstroEvent } from '../search/event.js';
import { GridScanner } from '../search/grid-scanner.js';
import { findRoot } from '../search/root.js';
import type { LabelStyle } from './labels.js';

/** One day: retrograde and direct spells last three weeks or more (Mercury), so none fits in a step. */
export const STATION_STEP_MS = DAY_MS;

export function stationLabel(body: PlanetId, retrograde: boolean, style: LabelStyle): string {
  const info = BODY_INFO[body];
  if (style === 'glyphs') return `${info.glyph} ${retrograde ? 'S℞' : 'SD'}`;
  return `${info.name} stations ${retrograde ? 'retrograde' : 'direct'}`;
}

/** The label of a retrograde spell. */
export function retrogradeLabel(body: PlanetId, style: LabelStyle): string {
  const info = BODY_INFO[body];
  return style === 'glyphs' ? `${info.glyph} ℞` : `${info.name} retrograde`;
}

/**
 * Stations of the chosen planets: zeros of the geocentric longitude speed (sampled daily, root found
 * to a second). Station retrograde opens the planet's retrograde zone, station direct closes it.
 */
export class StationSource extends GridScanner<readonly number[]> {
  constructor(
    origin: number,
    private readonly bodies: readonly PlanetId[],
    private readonly style: LabelStyle,
  ) {
    super(origin, STATION_STEP_MS);
  }

  activeAtOrigin(): readonly string[] {
    return this.bodies.filter((body) => geoSpeed(body, this.origin) < 0);
  }

  protected sample(t: number): readonly number[] {
    return this.bodies.map((body) => geoSpeed(body, t));
  }

  protected interval(t0: number, s0: readonly number[], t1: number, s1: readonly number[]): AstroEvent[] {
    const events: AstroEvent[] = [];
    this.bodies.forEach((body, i) => {
      const v0 = s0[i] as number;
      const v1 = s1[i] as number;
      if (v0 < 0 === v1 < 0) return;
      const retrograde = v1 < 0;
      const time = findRoot((ms) => geoSpeed(body, ms), t0, v0, t1, v1);
      events.push({
        time,
        key: body,
        edge: retrograde ? 'enter' : 'exit',
        kind: retrograde ? 'station-retrograde' : 'station-direct',
        label: stationLabel(body, retrograde, this.style),
      });
    });
    return events;
  }
}
