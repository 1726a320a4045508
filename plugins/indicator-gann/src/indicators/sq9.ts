import type { Level } from '@qmo/sdk';
import { z } from 'zod';
import { defineGannIndicator } from '../define-indicator.js';
import { formatDegrees, formatPrice } from '../math/format.js';
import {
  CARDINAL_ARMS,
  crossNumbersAround,
  degreeOf,
  levelAt,
  ORDINAL_ARMS,
  ROOT_PER_TURN,
  rootStep,
} from '../math/square-of-nine.js';
import { lookbackParam, priceParam, requireKeys } from '../params.js';
import { BarHistory, type HistoryView } from '../pivots/bar-history.js';
import { highestHigh, lowestLow } from '../pivots/extremes.js';

export const sq9Params = z
  .object({
    reference: z
      .enum(['lastClose', 'pivotHigh', 'pivotLow', 'fixed'])
      .default('lastClose')
      .describe(
        'The centre of the levels: the last close, the highest high or lowest low of `pivotBars`, or `fixedPrice`',
      ),
    fixedPrice: priceParam('The reference price when `reference` is "fixed"'),
    pivotBars: lookbackParam(100, 'Bars searched for the pivot high or low'),
    stepDegrees: z.number().positive().max(360).default(45).describe('Degrees of turn between two levels'),
    increment: z
      .number()
      .positive()
      .max(100)
      .default(ROOT_PER_TURN)
      .describe('Root added by a full 360° turn (2: 45° adds 0.25, 90° 0.5, 180° 1)'),
    count: z.number().int().min(1).max(50).default(8).describe('Levels on each side of the reference'),
    priceScale: z
      .number()
      .positive()
      .default(1)
      .describe('Prices are multiplied by this before the square (e.g. 10000 for EUR/USD)'),
    cardinalCross: z.boolean().default(false).describe('Also draw the numbers of the 0/90/180/270° arms'),
    ordinalCross: z.boolean().default(false).describe('Also draw the numbers of the 45/135/225/315° arms'),
  })
  .superRefine((p, ctx) => {
    if (p.reference === 'fixed') requireKeys(p, ['fixedPrice'], 'when reference is "fixed"', ctx);
  });
export type Sq9Params = z.output<typeof sq9Params>;

function referencePrice(p: Sq9Params, view: HistoryView): number {
  switch (p.reference) {
    case 'lastClose':
      return view.current.close;
    case 'pivotHigh':
      return highestHigh(view.window).high;
    case 'pivotLow':
      return lowestLow(view.window).low;
    case 'fixed':
      return p.fixedPrice!;
  }
}

function rootLevels(p: Sq9Params, reference: number): Level[] {
  const scaled = reference * p.priceScale;
  const step = rootStep(p.stepDegrees, p.increment);
  const levels: Level[] = [
    { price: reference, label: `0° ${formatPrice(reference)} (at ${formatDegrees(degreeOf(scaled))})` },
  ];
  for (let k = 1; k <= p.count; k++) {
    for (const sign of [-1, 1]) {
      const level = levelAt(scaled, sign * k, step);
      if (level === null) continue;
      const price = level / p.priceScale;
      const offset = `${sign > 0 ? '+' : '−'}${formatDegrees(k * p.stepDegrees)}`;
      levels.push({ price, label: `${offset} ${formatPrice(price)}` });
    }
  }
  return levels.sort((a, b) => a.price - b.price);
}

function crossLevels(enabled: boolean, arms: readonly number[], p: Sq9Params, reference: number): Level[] {
  if (!enabled) return [];
  return crossNumbersAround(reference * p.priceScale, arms, p.count).map((n) => ({
    price: n.value / p.priceScale,
    label: `${n.degrees}° ${formatPrice(n.value / p.priceScale)}`,
  }));
}

/** Square of 9 support and resistance: (√P ± k·Δ)² around a reference price, and the crosses from 1. */
export const sq9 = defineGannIndicator<Sq9Params>({
  id: 'gann-sq9',
  name: 'Gann Square of 9',
  description:
    'Levels (√P ± k·Δ)² around a reference price, Δ = increment × stepDegrees / 360 (by default a full ' +
    'turn adds 2 to the root: 45° adds 0.25). Degree of a price: (180·√P − 225) mod 360, 1 at the centre, ' +
    '2 at 0°, odd squares on the 315° arm. Optional cardinal (2, 4, 6, 8, 11, 15, …) and ordinal ' +
    '(3, 5, 7, 9, 13, 17, …) cross numbers.',
  params: sq9Params,
  outputs: [
    { key: 'levels', shape: 'levels', label: 'Square of 9 levels', pane: 'price' },
    { key: 'cardinal', shape: 'levels', label: 'Cardinal cross', pane: 'price', color: '#f59e0b' },
    { key: 'ordinal', shape: 'levels', label: 'Ordinal cross', pane: 'price', color: '#a855f7' },
  ],
  stepper(p) {
    const history = new BarHistory(
      p.reference === 'pivotHigh' || p.reference === 'pivotLow' ? p.pivotBars : 1,
    );
    return {
      step(bar, commit) {
        const view = history.step(bar, commit);
        const reference = referencePrice(p, view);
        const scaled = reference * p.priceScale;
        if (!(scaled > 0) || !Number.isFinite(scaled)) return { levels: [], cardinal: [], ordinal: [] };
        return {
          levels: rootLevels(p, reference),
          cardinal: crossLevels(p.cardinalCross, CARDINAL_ARMS, p, reference),
          ordinal: crossLevels(p.ordinalCross, ORDINAL_ARMS, p, reference),
        };
      },
    };
  },
});
