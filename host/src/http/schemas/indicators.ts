import { z } from '@hono/zod-openapi';
import { OUTPUT_SHAPES, TIMEFRAMES } from '@qmo/sdk';
import { MAX_BAR_LIMIT } from '../query.js';

const epochMs = z.coerce.number().int('must be an integer (epoch milliseconds)').min(0, 'must be ≥ 0');

export const outputSpecSchema = z
  .object({
    key: z.string(),
    shape: z.enum(OUTPUT_SHAPES),
    label: z.string(),
    color: z.string().optional(),
    pane: z.enum(['price', 'own']),
  })
  .openapi('IndicatorOutput');

export const indicatorDescriptionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    group: z.string().openapi({ description: 'Menu group, e.g. Classic, Gann, Astro' }),
    description: z.string().nullable(),
    plugin: z.string(),
    pluginVersion: z.string(),
    params: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema of the parameters' }),
    defaults: z.record(z.string(), z.unknown()),
    outputs: z.array(outputSpecSchema),
    module: z.string().nullable().openapi({
      description:
        "URL path of the plugin's browser module (an ES module exporting `indicators`) where clients run this indicator themselves; null when only the host computes it",
    }),
  })
  .openapi('Indicator');

export const indicatorQuerySchema = z
  .object({
    tf: z.enum(TIMEFRAMES).default('1m'),
    from: epochMs.optional(),
    to: epochMs.optional(),
    asOf: epochMs.optional().openapi({
      description:
        'Replay bound: only bars closed at this instant (open time + timeframe ≤ asOf) are used, never a forming bar or a later one; capped at now',
    }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_BAR_LIMIT)
      .optional()
      .openapi({ description: `The newest bars to compute over, at most ${MAX_BAR_LIMIT}` }),
    params: z
      .string()
      .optional()
      .openapi({ description: 'Parameters as URL-encoded JSON, e.g. {"period":20}; defaults when absent' }),
  })
  .strict();

export const indicatorSeriesSchema = z
  .object({
    indicator: z.string(),
    outputs: z.array(outputSpecSchema),
    params: z.unknown().openapi({ description: 'The parameters used, defaults filled in' }),
    points: z
      .array(
        z.object({
          time: z.number().openapi({ description: 'Bar open time, epoch ms' }),
          values: z.record(z.string(), z.unknown()).openapi({
            description:
              'Values of the series outputs (line, band, histogram) at this bar; null while warming up',
          }),
        }),
      )
      .openapi({ description: 'One point per bar, series outputs only' }),
    drawings: z.record(z.string(), z.array(z.unknown())).openapi({
      description:
        'Each drawing output (markers, levels, zones, rays, timelines, labels) by key: its list at the last bar, sent once. A list replaces the previous one; items may lie in the future.',
    }),
    drawingsTime: z
      .number()
      .nullable()
      .openapi({ description: 'Open time of the bar the drawing lists belong to; null without bars' }),
  })
  .openapi('IndicatorSeries');
