import type { Zone } from '@qmo/sdk';
import type { AstroEvent } from '../search/event.js';
import type { PriceRange } from './price-range.js';

export const ZONE_PRICES = ['range', 'band'] as const;
export type ZonePrice = (typeof ZONE_PRICES)[number];

export interface ZoneStyle {
  price: ZonePrice;
  /** For `band`: the band's height, percent of the price range, at the bottom of the range. */
  bandPercent: number;
  color?: (key: string) => string | undefined;
}

export interface Spell {
  key: string;
  from: number;
  to: number;
  label: string;
}

/**
 * Time spans between each key's `enter` and `exit` events, from `origin` (keys open there, or whose
 * first edge is an exit) to `end` (spans still open there).
 */
export function spells(
  events: readonly AstroEvent[],
  count: number,
  openAtOrigin: readonly string[],
  origin: number,
  end: number,
  labelOf: (key: string) => string,
): Spell[] {
  const open = new Map<string, { from: number; label: string }>();
  const seen = new Set<string>();
  const done: Spell[] = [];
  for (const key of openAtOrigin) open.set(key, { from: origin, label: labelOf(key) });
  for (let i = 0; i < count; i++) {
    const event = events[i] as AstroEvent;
    if (event.edge === 'point') continue;
    const started = open.get(event.key);
    if (event.edge === 'enter') {
      if (!started) open.set(event.key, { from: event.time, label: labelOf(event.key) });
    } else if (started) {
      done.push({ key: event.key, from: started.from, to: event.time, label: started.label });
      open.delete(event.key);
    } else if (!seen.has(event.key)) {
      done.push({ key: event.key, from: origin, to: event.time, label: labelOf(event.key) });
    }
    seen.add(event.key);
  }
  for (const [key, started] of open) done.push({ key, from: started.from, to: end, label: started.label });
  return done.sort((a, b) => a.from - b.from || a.to - b.to);
}

/** Spells drawn over the whole price range, or as a band at its bottom. */
export function toZones(list: readonly Spell[], range: PriceRange, style: ZoneStyle): Zone[] {
  const top =
    style.price === 'range' ? range.high : range.low + ((range.high - range.low) * style.bandPercent) / 100;
  return list.map((spell) => {
    const color = style.color?.(spell.key);
    const zone: Zone = {
      from: { time: spell.from, price: top },
      to: { time: spell.to, price: range.low },
      label: spell.label,
    };
    if (color !== undefined) zone.color = color;
    return zone;
  });
}
