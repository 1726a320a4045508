import { z } from 'zod';
import { DEMO_INSTRUMENT_IDS } from './instruments.js';

export const demoFeedConfigSchema = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(4_294_967_295)
      .default(42)
      .describe('Seed of the synthetic market: the same seed gives the same history'),
    source: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes')
      .default('demo')
      .describe('Source id stamped on every message'),
    tickIntervalMs: z
      .number()
      .int()
      .min(10)
      .max(60_000)
      .default(250)
      .describe('Milliseconds between live ticks'),
    historyDays: z.number().int().min(0).max(365).default(30).describe('Days of 1-minute history offered'),
    bookDepth: z.number().int().min(1).max(50).default(10).describe('Order-book levels on each side'),
    instruments: z
      .array(z.enum(DEMO_INSTRUMENT_IDS))
      .min(1)
      .optional()
      .describe('Instruments to offer (all when absent)'),
  })
  .strict();

export type DemoFeedConfig = z.output<typeof demoFeedConfigSchema>;
export type DemoFeedConfigInput = z.input<typeof demoFeedConfigSchema>;
