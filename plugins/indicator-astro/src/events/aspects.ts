import { BODIES, type BodyId } from '../astro/bodies.js';

export const MAJOR_ASPECTS = [0, 60, 90, 120, 180] as const;
export const MINOR_ASPECTS = [30, 45, 135, 150] as const;

const ASPECT_INFO: Readonly<Record<number, { glyph: string; name: string }>> = {
  0: { glyph: '☌', name: 'conjunct' },
  30: { glyph: '⚺', name: 'semi-sextile' },
  45: { glyph: '∠', name: 'semi-square' },
  60: { glyph: '⚹', name: 'sextile' },
  90: { glyph: '□', name: 'square' },
  120: { glyph: '△', name: 'trine' },
  135: { glyph: '⚼', name: 'sesquiquadrate' },
  150: { glyph: '⚻', name: 'quincunx' },
  180: { glyph: '☍', name: 'opposite' },
};

export function aspectGlyph(angle: number): string {
  return ASPECT_INFO[angle]?.glyph ?? `${angle}°`;
}
export function aspectName(angle: number): string {
  return ASPECT_INFO[angle]?.name ?? `${angle}° from`;
}

/** Every pair of distinct bodies, "sun-moon" … "neptune-pluto", in body order. */
export const PAIRS: readonly string[] = BODIES.flatMap((a, i) => BODIES.slice(i + 1).map((b) => `${a}-${b}`));

export function splitPair(pair: string): [BodyId, BodyId] {
  const [a, b] = pair.split('-') as [BodyId, BodyId];
  return [a, b];
}

/**
 * The signed separations an aspect is exact at, for wrap180(λ₁ − λ₂): ±A, or one value for the
 * conjunction (0) and the opposition (−180, as wrap180 gives [−180, 180)).
 */
export function aspectTargets(angle: number): number[] {
  if (angle === 0) return [0];
  if (angle === 180) return [-180];
  return [angle, -angle];
}
