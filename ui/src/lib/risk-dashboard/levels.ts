import type { RiskAssessment } from '@qmo/sdk';
import {
  addDecimal,
  compareDecimal,
  isDecimal,
  multiplyDecimal,
  normalizeDecimal,
  placesOf,
  roundToStep,
  subtractDecimal,
} from '../format/decimal.js';

/** The three prices of a planned trade, exact decimal strings on the instrument's tick grid. */
export interface Levels {
  entry: string;
  stop: string;
  target: string;
}

export type LevelKey = keyof Levels;
export const LEVEL_KEYS: readonly LevelKey[] = ['entry', 'stop', 'target'];

/** Buy when the stop is below the entry, sell when above; null when they are equal. */
export function sideOf(levels: Levels): 'buy' | 'sell' | null {
  const c = compareDecimal(levels.stop, levels.entry);
  return c < 0 ? 'buy' : c > 0 ? 'sell' : null;
}

/** A chart price (a float from the chart or the advisor) as the nearest price on the tick grid. */
export function priceOnGrid(value: number, tick: string): string | null {
  if (!Number.isFinite(value) || !isDecimal(tick)) return null;
  const text = value.toFixed(Math.min(20, placesOf(tick) + 2));
  return isDecimal(text) ? roundToStep(text, tick) : null;
}

/** Consistent levels: the stop and the target on opposite sides of the entry, none equal. */
export function isConsistent(levels: Levels): boolean {
  const stop = compareDecimal(levels.stop, levels.entry);
  const target = compareDecimal(levels.target, levels.entry);
  return stop !== 0 && target !== 0 && stop !== target;
}

/** Mentor's levels on the tick grid; null when it is flat or its levels are missing or inconsistent. */
export function levelsFromAssessment(a: RiskAssessment, tick: string): Levels | null {
  if (a.bias === 'flat' || a.entry === null || a.stop === null || a.target === null) return null;
  const entry = priceOnGrid(a.entry, tick);
  const stop = priceOnGrid(a.stop, tick);
  const target = priceOnGrid(a.target, tick);
  if (entry === null || stop === null || target === null) return null;
  const levels = { entry, stop, target };
  return isConsistent(levels) ? levels : null;
}

/**
 * Levels placed by hand around a price: a long with the stop `distanceTicks` ticks below (at least one) and
 * the target twice as far above (1 : 2), on the tick grid.
 */
export function levelsAround(price: string, tick: string, distanceTicks = 20): Levels {
  const entry = roundToStep(price, tick);
  const ticks = Number.isSafeInteger(distanceTicks) && distanceTicks > 0 ? distanceTicks : 1;
  const distance = multiplyDecimal(tick, String(ticks));
  return {
    entry,
    stop: normalizeDecimal(subtractDecimal(entry, distance)),
    target: normalizeDecimal(addDecimal(entry, multiplyDecimal(distance, '2'))),
  };
}
