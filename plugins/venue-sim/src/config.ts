import { type Decimal, dec } from '@qmo/sdk';
import { z } from 'zod';

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** A number or a decimal string, kept exact as a Decimal ("-0.2", not -0.2000000000000000111). */
const exactDecimal = (min: number, max: number) =>
  z
    .union([
      z
        .number()
        .min(min)
        .max(max)
        .refine((n) => PLAIN_DECIMAL.test(String(n)), 'must be a plain decimal number (no exponent)'),
      z
        .string()
        .regex(PLAIN_DECIMAL, 'must be a decimal number')
        .refine((s) => Number(s) >= min && Number(s) <= max, `must be between ${min} and ${max}`),
    ])
    .transform((value): Decimal => dec(String(value)));

export const venueSimConfigSchema = z
  .object({
    venue: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes')
      .default('sim')
      .describe('Venue id; also the source id of the market data the venue publishes'),
    latencyMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(2)
      .describe('Milliseconds between a submit, cancel or replace and its processing'),
    takerFeeBps: exactDecimal(-1000, 1000)
      .prefault(1)
      .describe('Fee on taker fills, basis points of notional (negative: a rebate)'),
    makerFeeBps: exactDecimal(-1000, 1000)
      .prefault(-0.2)
      .describe('Fee on maker fills, basis points of notional (negative: a rebate)'),
    refreshMs: z
      .number()
      .int()
      .min(10)
      .max(3_600_000)
      .default(500)
      .describe('Milliseconds between re-mirrorings of the house liquidity (and GTD expiry checks)'),
    houseDepth: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(10)
      .describe('Levels per side of the reference book mirrored as house liquidity (0: none)'),
    houseSizeFactor: exactDecimal(0, 1_000_000)
      .prefault(1)
      .describe('House order size as a multiple of the reference level size'),
    marketOpen: z
      .boolean()
      .default(true)
      .describe('When false, new orders and replaces are rejected with MARKET_CLOSED (cancels still work)'),
    instruments: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'Instrument ids traded (default: those with a symbol for this venue, or all when none has one)',
      ),
  })
  .strict();

export type VenueSimConfig = z.output<typeof venueSimConfigSchema>;
export type VenueSimConfigInput = z.input<typeof venueSimConfigSchema>;
