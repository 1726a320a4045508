import type { PriceRange } from '../drawing/price-range.js';

export interface PriceLineSpec {
  /** Price per degree, k > 0. */
  pricePerDegree: number;
  /** Harmonic offset h, degrees. */
  offset: number;
  /** Number of slots S: at most S lines, line n in slot n mod S. */
  slots: number;
  /** Margin added above and below the price range, percent of its height. */
  marginPercent: number;
}

export interface PriceLine {
  n: number;
  slot: number;
  price: number;
}

/**
 * The lines P(n) = k·(λᵤ + 360·n + h) that fall within the price range widened by the margin, for
 * consecutive wrap counts n. When more than S fit, the S nearest the middle of the range are kept;
 * line n goes to slot n mod S, so a line keeps its slot while it stays in range.
 */
export function priceLines(unwrapped: number, range: PriceRange, spec: PriceLineSpec): PriceLine[] {
  const { pricePerDegree: k, offset, slots } = spec;
  const height = range.high - range.low;
  const margin = ((height > 0 ? height : Math.abs(range.high)) * spec.marginPercent) / 100;
  const base = unwrapped + offset;
  const nMin = Math.ceil(((range.low - margin) / k - base) / 360);
  const nMax = Math.floor(((range.high + margin) / k - base) / 360);
  if (!(nMax >= nMin)) return [];
  let first = nMin;
  let last = nMax;
  if (nMax - nMin + 1 > slots) {
    const middle = Math.round(((range.low + range.high) / 2 / k - base) / 360);
    first = Math.min(Math.max(middle - Math.floor((slots - 1) / 2), nMin), nMax - slots + 1);
    last = first + slots - 1;
  }
  const lines: PriceLine[] = [];
  for (let n = first; n <= last; n++)
    lines.push({ n, slot: ((n % slots) + slots) % slots, price: k * (base + 360 * n) });
  return lines;
}
