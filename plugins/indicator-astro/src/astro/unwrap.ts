import { wrap180 } from './angles.js';
import { BODY_INFO, type BodyId } from './bodies.js';
import type { Frame } from './longitude.js';
import { CENTURY_DAYS, DAY_MS, J2000_MS } from './time.js';

/**
 * The mean longitude the unwrapping follows: the body's own for the Moon, the Sun and any
 * heliocentric planet; the Sun's for geocentric Mercury and Venus, which never stray far from it.
 */
export function meanLongitude(body: BodyId, frame: Frame, ms: number): number {
  const follows = frame === 'geocentric' && (body === 'mercury' || body === 'venus') ? 'sun' : body;
  const { at2000, perCentury } = BODY_INFO[follows].meanLongitude;
  return at2000 + (perCentury * (ms - J2000_MS)) / DAY_MS / CENTURY_DAYS;
}

/**
 * Unwrapped longitude: continuous across 0°/360°, λᵤ = λ + 360·round((M − λ) / 360) where λ ∈ [0, 360)
 * is the longitude and M the unwrapped mean longitude (degrees run since the J2000 mean position). As
 * the true longitude stays within 180° of M (at most ~60°, geocentric Mars at opposition), λᵤ is the
 * longitude counted continuously, whole turns included, and it depends on the instant only.
 */
export function unwrapLongitude(body: BodyId, frame: Frame, ms: number, longitude: number): number {
  const mean = meanLongitude(body, frame, ms);
  return mean + wrap180(longitude - mean);
}
