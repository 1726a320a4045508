import type { IndicatorOutput, Level } from '@qmo/sdk';
import { z } from 'zod';
import { BODY_INFO } from '../astro/bodies.js';
import { priceLines } from '../astro/price-lines.js';
import { LongitudeSampler } from '../astro/sampler.js';
import { unwrapLongitude } from '../astro/unwrap.js';
import { defineAstroIndicator } from '../define-indicator.js';
import { RollingRange } from '../drawing/price-range.js';
import { bodyEnum, frameParam } from '../params.js';

export const MAX_PRICE_LINES = 8;

export const priceLineParams = z.object({
  body: bodyEnum.default('sun').describe('Body whose longitude is turned into prices'),
  frame: frameParam,
  pricePerDegree: z.number().min(1e-6).max(1e6).default(1).describe('Price per degree of longitude (k)'),
  offset: z
    .number()
    .min(-360)
    .max(360)
    .default(0)
    .describe('Harmonic offset h in degrees, e.g. 90, 120, 180'),
  lines: z
    .number()
    .int()
    .min(1)
    .max(MAX_PRICE_LINES)
    .default(5)
    .describe('Lines drawn at most (wrap counts n)'),
  rangeBars: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(500)
    .describe('Bars whose price range the lines cover'),
  marginPercent: z
    .number()
    .min(0)
    .max(1_000)
    .default(10)
    .describe('Range widened above and below by this percent of its height'),
});
export type PriceLineParams = z.output<typeof priceLineParams>;

const SLOT_KEYS = Array.from({ length: MAX_PRICE_LINES }, (_, i) => `line${i + 1}`);

/**
 * Planetary price lines: price = k·(λᵤ + 360·n + h), λᵤ the body's longitude unwrapped (continuous across
 * 360°), for the wrap counts n that cover the recent price range. One line output per slot (line n in
 * slot n mod lines), and the same prices as levels at the last bar.
 */
export const astroPriceLines = defineAstroIndicator<PriceLineParams>({
  id: 'astro-price-lines',
  name: 'Planetary price lines',
  description: 'Price = k·(unwrapped longitude + 360·n + h) for the wrap counts n covering the price range',
  params: priceLineParams,
  outputs: [
    ...SLOT_KEYS.map((key, i) => ({
      key,
      shape: 'line' as const,
      label: `Price line ${i + 1}`,
      pane: 'price' as const,
    })),
    { key: 'levels', shape: 'levels', label: 'Price lines at the last bar', pane: 'price' },
  ],
  stepper({ body, frame, pricePerDegree, offset, lines, rangeBars, marginPercent }) {
    const sampler = new LongitudeSampler(body, frame);
    const range = new RollingRange(rangeBars);
    const glyph = BODY_INFO[body].glyph;
    return {
      step(bar, commit) {
        const window = range.step(bar, commit);
        const output: IndicatorOutput = {};
        for (const key of SLOT_KEYS) output[key] = null;
        const longitude = sampler.at(bar.time);
        if (longitude === null) return { ...output, levels: [] };
        const unwrapped = unwrapLongitude(body, frame, bar.time, longitude);
        const found = priceLines(unwrapped, window, { pricePerDegree, offset, slots: lines, marginPercent });
        const levels: Level[] = [];
        for (const line of found) {
          output[SLOT_KEYS[line.slot] as string] = line.price;
          levels.push({ price: line.price, label: `${glyph} ${line.n >= 0 ? '+' : ''}${line.n}×360°` });
        }
        output.levels = levels;
        return output;
      },
    };
  },
});
