import { Ecliptic, EclipticGeoMoon, GeoVector, HelioVector, MakeTime, SunPosition } from 'astronomy-engine';
import { wrap180, wrap360 } from './angles.js';
import { BODY_INFO, type BodyId, isPlanet } from './bodies.js';
import { DAY_MS } from './time.js';

export const FRAMES = ['geocentric', 'heliocentric'] as const;
export type Frame = (typeof FRAMES)[number];

/**
 * Tropical ecliptic longitude of date in degrees, [0, 360): the true ecliptic and equinox of the date
 * (precession and nutation applied). Geocentric positions are apparent: light time for the planets,
 * aberration for the Sun (astronomy-engine's SunPosition), the Moon's geometric position. Heliocentric
 * positions are geometric. Null for the Sun and the Moon in the heliocentric frame.
 */
export function longitude(body: BodyId, frame: Frame, ms: number): number | null {
  const time = MakeTime(new Date(ms));
  if (frame === 'heliocentric') {
    if (!isPlanet(body)) return null;
    return wrap360(Ecliptic(HelioVector(BODY_INFO[body].body, time)).elon);
  }
  if (body === 'sun') return wrap360(SunPosition(time).elon);
  if (body === 'moon') return wrap360(EclipticGeoMoon(time).lon);
  return wrap360(Ecliptic(GeoVector(BODY_INFO[body].body, time, true)).elon);
}

/** Geocentric longitude; every body has one. */
export function geoLongitude(body: BodyId, ms: number): number {
  return longitude(body, 'geocentric', ms) as number;
}

const HALF_SPAN_MS = DAY_MS / 4;

/** Geocentric longitude speed in degrees per day: central difference over ±6 hours. */
export function geoSpeed(body: BodyId, ms: number): number {
  const ahead = geoLongitude(body, ms + HALF_SPAN_MS);
  const behind = geoLongitude(body, ms - HALF_SPAN_MS);
  return wrap180(ahead - behind) / ((2 * HALF_SPAN_MS) / DAY_MS);
}
