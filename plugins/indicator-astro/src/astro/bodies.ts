import { Body } from 'astronomy-engine';

/** Bodies the Astro indicators know, in the customary order. */
export const BODIES = [
  'sun',
  'moon',
  'mercury',
  'venus',
  'mars',
  'jupiter',
  'saturn',
  'uranus',
  'neptune',
  'pluto',
] as const;
export type BodyId = (typeof BODIES)[number];

/** Bodies that have a heliocentric longitude (not the Sun, not the Moon). */
export const PLANETS = [
  'mercury',
  'venus',
  'mars',
  'jupiter',
  'saturn',
  'uranus',
  'neptune',
  'pluto',
] as const;
export type PlanetId = (typeof PLANETS)[number];

export interface BodyInfo {
  body: Body;
  name: string;
  glyph: string;
  /**
   * Mean tropical longitude (of date) in degrees: at J2000 and per Julian century (J. Meeus,
   * Astronomical Algorithms, ch. 31 and 47; Pluto from E. M. Standish's J2000 elements plus general
   * precession). Only used to count revolutions when unwrapping a longitude: the true longitude never
   * strays 180° from it.
   */
  meanLongitude: { at2000: number; perCentury: number };
}

export const BODY_INFO: Readonly<Record<BodyId, BodyInfo>> = {
  sun: {
    body: Body.Sun,
    name: 'Sun',
    glyph: '☉',
    meanLongitude: { at2000: 280.46646, perCentury: 36_000.76983 },
  },
  moon: {
    body: Body.Moon,
    name: 'Moon',
    glyph: '☽',
    meanLongitude: { at2000: 218.3164477, perCentury: 481_267.88123421 },
  },
  mercury: {
    body: Body.Mercury,
    name: 'Mercury',
    glyph: '☿',
    meanLongitude: { at2000: 252.250906, perCentury: 149_474.0722491 },
  },
  venus: {
    body: Body.Venus,
    name: 'Venus',
    glyph: '♀',
    meanLongitude: { at2000: 181.979801, perCentury: 58_519.2130302 },
  },
  mars: {
    body: Body.Mars,
    name: 'Mars',
    glyph: '♂',
    meanLongitude: { at2000: 355.433, perCentury: 19_141.6964471 },
  },
  jupiter: {
    body: Body.Jupiter,
    name: 'Jupiter',
    glyph: '♃',
    meanLongitude: { at2000: 34.351519, perCentury: 3_036.3027748 },
  },
  saturn: {
    body: Body.Saturn,
    name: 'Saturn',
    glyph: '♄',
    meanLongitude: { at2000: 50.077444, perCentury: 1_223.5110686 },
  },
  uranus: {
    body: Body.Uranus,
    name: 'Uranus',
    glyph: '♅',
    meanLongitude: { at2000: 314.055005, perCentury: 429.8640561 },
  },
  neptune: {
    body: Body.Neptune,
    name: 'Neptune',
    glyph: '♆',
    meanLongitude: { at2000: 304.348665, perCentury: 219.8833092 },
  },
  pluto: {
    body: Body.Pluto,
    name: 'Pluto',
    glyph: '♇',
    meanLongitude: { at2000: 238.92903833, perCentury: 146.60477645 },
  },
};

export function isPlanet(body: BodyId): body is PlanetId {
  return body !== 'sun' && body !== 'moon';
}
