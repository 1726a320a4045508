import { DAY_MS } from './calendar.js';

/** J2000.0, JD 2451545.0: 2000-01-01 12:00 UTC. */
const J2000 = Date.UTC(2000, 0, 1, 12);
const RADIANS = Math.PI / 180;

/** Mean longitude (aberration included) and mean anomaly rates, degrees per day. */
const LONGITUDE_RATE = 0.9856474;
const ANOMALY_RATE = 0.9856003;

/**
 * The Sun's apparent ecliptic longitude in degrees [0, 360), by the low-precision formula of the
 * Astronomical Almanac (section C, "Low precision formulas for the Sun"), good to 0.01° from 1950
 * to 2050 (about 15 minutes of the Sun's motion):
 *   n = JD − 2451545.0,  L = 280.460° + 0.9856474°·n,  g = 357.528° + 0.9856003°·n,
 *   λ = L + 1.915°·sin g + 0.020°·sin 2g   (mean longitude plus the equation of centre).
 * UTC stands in for TT: the minute or so between them moves the Sun by 0.001°.
 */
export function solarLongitude(time: number): number {
  const n = (time - J2000) / DAY_MS;
  const g = (357.528 + ANOMALY_RATE * n) * RADIANS;
  const longitude = 280.46 + LONGITUDE_RATE * n + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g);
  const wrapped = longitude % 360;
  return wrapped < 0 ? wrapped + 360 : wrapped;
}

/** dλ/dt of the formula above, degrees per day (0.95 … 1.02). */
export function solarLongitudeRate(time: number): number {
  const n = (time - J2000) / DAY_MS;
  const g = (357.528 + ANOMALY_RATE * n) * RADIANS;
  return LONGITUDE_RATE + (1.915 * Math.cos(g) + 0.04 * Math.cos(2 * g)) * ANOMALY_RATE * RADIANS;
}
