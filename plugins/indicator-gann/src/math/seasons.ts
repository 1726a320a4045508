import { DAY_MS } from './calendar.js';
import { solarLongitude, solarLongitudeRate } from './solar-longitude.js';

export interface SolarIngress {
  time: number;
  /** The longitude reached: a multiple of the step, in [0, 360). */
  longitude: number;
}

/** (−180, 180]: the signed angle from b to a. */
function angleBetween(a: number, b: number): number {
  const d = (((a - b) % 360) + 360) % 360;
  return d > 180 ? d - 360 : d;
}

/** The instant near `guess` when the Sun's longitude is `target`, by Newton's method (ms precision). */
export function solveSolarLongitude(target: number, guess: number): number {
  let t = guess;
  for (let i = 0; i < 20; i++) {
    const correction = (angleBetween(solarLongitude(t), target) / solarLongitudeRate(t)) * DAY_MS;
    t -= correction;
    if (Math.abs(correction) < 1) break;
  }
  return Math.round(t);
}

const HOUR_MS = 3_600_000;

/**
 * The instants in [from, to] when the Sun's longitude is a multiple of `stepDegrees`
 * (0° the March equinox, 90° the June solstice, 180° the September equinox, 270° the December solstice).
 */
export function solarIngresses(from: number, to: number, stepDegrees = 45): SolarIngress[] {
  const found: SolarIngress[] = [];
  let t = from;
  while (t <= to) {
    const longitude = solarLongitude(t);
    const next = (Math.floor(longitude / stepDegrees) + 1) * stepDegrees;
    const guess = t + ((next - longitude) / 0.9856) * DAY_MS;
    const time = solveSolarLongitude(next % 360, guess);
    if (time > to) break;
    if (time >= from) found.push({ time, longitude: next % 360 });
    // an hour on, the Sun is 0.04° past the target: the next search cannot find it again
    t = Math.max(time, t) + HOUR_MS;
  }
  return found;
}
