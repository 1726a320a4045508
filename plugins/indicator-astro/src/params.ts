import { z } from 'zod';
import { BODIES, PLANETS } from './astro/bodies.js';
import { FRAMES } from './astro/longitude.js';
import { ZONE_PRICES } from './drawing/zones.js';
import { LABEL_STYLES } from './events/labels.js';

export const bodyEnum = z.enum(BODIES);
export const planetEnum = z.enum(PLANETS);

/** A list of bodies, each at most once. */
export function bodiesParam<T extends string>(
  item: z.ZodEnum<Record<T, T>>,
  defaults: T[],
  description: string,
) {
  return z
    .array(item)
    .min(1)
    .refine((list) => new Set(list).size === list.length, 'each body at most once')
    .default(defaults)
    .describe(description);
}

export function horizonParam(defaultValue: number) {
  return z
    .number()
    .int()
    .min(0)
    .max(3_660)
    .default(defaultValue)
    .describe('Days after the current bar to show events for (the window ends at the next UTC midnight)');
}

export const frameParam = z
  .enum(FRAMES)
  .default('geocentric')
  .describe('Geocentric or heliocentric longitude');

export const labelStyleParam = z
  .enum(LABEL_STYLES)
  .default('glyphs')
  .describe('Labels as symbols ("♂ → ♉") or words ("Mars enters Taurus")');

export const zonePriceParam = z
  .enum(ZONE_PRICES)
  .default('range')
  .describe('Zones span the whole price range so far, or a band at its bottom');

export const bandPercentParam = z
  .number()
  .min(1)
  .max(100)
  .default(5)
  .describe('Height of the band, percent of the price range (zone price "band")');
