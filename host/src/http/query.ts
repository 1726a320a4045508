import { TIMEFRAMES } from '@qmo/sdk';
import { z } from 'zod';

/** The most bars (and indicator values) one request may ask for with `limit`. */
export const MAX_BAR_LIMIT = 100_000;

const epochMs = z.coerce.number().int('must be an integer (epoch milliseconds)').min(0, 'must be ≥ 0');

export const barsQuerySchema = z
  .object({
    tf: z.enum(TIMEFRAMES).default('1m'),
    from: epochMs.optional(),
    to: epochMs.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_BAR_LIMIT).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: 'must be after from',
    path: ['to'],
  });

export const DEFAULT_BAR_LIMIT = 1500;
