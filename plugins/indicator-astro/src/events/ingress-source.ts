import { wrap180 } from '../astro/angles.js';
import { BODY_INFO, type BodyId } from '../astro/bodies.js';
import { geoLongitude } from '../astro/longitude.js';
import { HOUR_MS } from '../astro/time.js';
import { SIGN_GLYPHS, SIGN_NAMES, signOf } from '../astro/zodiac.js';
import type { AstroEvent } from '../search/event.js';
import { GridScanner } from '../search/grid-scanner.js';
import { findRoot } from '../search/root.js';
import type { LabelStyle } from './labels.js';

/** Six hours: the Moon moves at most ~4° in a step, so no step crosses two sign boundaries. */
export const INGRESS_STEP_MS = 6 * HOUR_MS;

export function ingressLabel(body: BodyId, sign: number, retrograde: boolean, style: LabelStyle): string {
  if (style === 'glyphs') return `${BODY_INFO[body].glyph}${retrograde ? ' ℞' : ''} → ${SIGN_GLYPHS[sign]}`;
  return `${BODY_INFO[body].name} ${retrograde ? 're-enters' : 'enters'} ${SIGN_NAMES[sign]}${retrograde ? ' (retrograde)' : ''}`;
}

/**
 * Sign changes (every 30° of geocentric longitude) of the chosen bodies: the sampled longitudes are in
 * different signs at the two ends of a step, and the instant the longitude reaches the boundary
 * between them is found by root-finding on wrap180(λ(t) − boundary).
 */
export class IngressSource extends GridScanner<readonly number[]> {
  constructor(
    origin: number,
    private readonly bodies: readonly BodyId[],
    private readonly style: LabelStyle,
  ) {
    super(origin, INGRESS_STEP_MS);
  }

  activeAtOrigin(): readonly string[] {
    return [];
  }

  protected sample(t: number): readonly number[] {
    return this.bodies.map((body) => geoLongitude(body, t));
  }

  protected interval(t0: number, s0: readonly number[], t1: number, s1: readonly number[]): AstroEvent[] {
    const events: AstroEvent[] = [];
    this.bodies.forEach((body, i) => {
      const l0 = s0[i] as number;
      const l1 = s1[i] as number;
      const from = signOf(l0);
      const to = signOf(l1);
      if (from === to) return;
      const retrograde = wrap180(l1 - l0) < 0;
      const boundary = retrograde ? from * 30 : to * 30;
      const f = (ms: number) => wrap180(geoLongitude(body, ms) - boundary);
      const time = findRoot(f, t0, wrap180(l0 - boundary), t1, wrap180(l1 - boundary));
      events.push({
        time,
        key: body,
        edge: 'point',
        kind: 'ingress',
        label: ingressLabel(body, to, retrograde, this.style),
      });
    });
    return events;
  }
}
