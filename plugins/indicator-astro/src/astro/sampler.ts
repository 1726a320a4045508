import { wrap180, wrap360 } from './angles.js';
import type { BodyId } from './bodies.js';
import { type Frame, longitude } from './longitude.js';
import { HOUR_MS } from './time.js';

/** Nodes kept per sampler: enough for bars arriving in order, small enough to stay in cache. */
const MAX_NODES = 32;

/**
 * A body's longitude at any instant from exact values on a fixed hourly grid (epoch-aligned): exact on
 * the grid, four-point Lagrange interpolation between (nodes at the hours before and after), so a
 * series of minute bars costs one ephemeris evaluation per hour instead of one per bar. The error is
 * far below 10⁻⁶° (the Moon's fourth derivative over an hour), checked by the tests. Values depend on
 * the instant only, never on which bars were seen.
 */
export class LongitudeSampler {
  private readonly nodes = new Map<number, number | null>();

  constructor(
    private readonly body: BodyId,
    private readonly frame: Frame,
  ) {}

  at(ms: number): number | null {
    const k = Math.floor(ms / HOUR_MS);
    const offset = (ms - k * HOUR_MS) / HOUR_MS;
    if (offset === 0) return this.node(k);
    const base = this.node(k);
    const before = this.node(k - 1);
    const after = this.node(k + 1);
    const later = this.node(k + 2);
    if (base === null || before === null || after === null || later === null) return null;
    // Unwrapped relative to the node at k, at x = −1, 0, 1, 2.
    const y0 = wrap180(before - base);
    const y2 = wrap180(after - base);
    const y3 = y2 + wrap180(later - after);
    const x = offset;
    const value =
      (y0 * (-x * (x - 1) * (x - 2))) / 6 +
      (y2 * ((x + 1) * x * (x - 2))) / -2 +
      (y3 * ((x + 1) * x * (x - 1))) / 6;
    return wrap360(base + value);
  }

  private node(k: number): number | null {
    const cached = this.nodes.get(k);
    if (cached !== undefined) return cached;
    const value = longitude(this.body, this.frame, k * HOUR_MS);
    if (this.nodes.size >= MAX_NODES) {
      const oldest = this.nodes.keys().next().value;
      if (oldest !== undefined) this.nodes.delete(oldest);
    }
    this.nodes.set(k, value);
    return value;
  }
}
