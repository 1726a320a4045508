import { type Decimal, dec } from '@qmo/sdk';
import { z } from 'zod';

/** A strictly positive decimal written plainly: "100", "0.5", "12500000.25" (no sign, exponent or separators). */
export const POSITIVE_DECIMAL = /^(?:[1-9]\d*(?:\.\d+)?|0\.\d*[1-9]\d*)$/;

const positiveDecimalString = () =>
  z.string().regex(POSITIVE_DECIMAL, 'must be a positive decimal string, e.g. "100" or "0.5"');

/** An optional limit written as a positive decimal string; unset means "no limit". */
export function optionalPositiveDecimal(description: string) {
  return positiveDecimalString().optional().describe(description);
}

/** Optional overrides by instrument id, each a positive decimal string. */
export function optionalDecimalPerInstrument(description: string) {
  return z
    .record(z.string().min(1), positiveDecimalString().describe('Limit for this instrument'))
    .optional()
    .describe(description);
}

/** A percentage as a number: positive, finite, at most `max`. */
export function percent(max?: number) {
  const base = z.number().positive();
  return max === undefined ? base : base.max(max);
}

/** Which limit applies to an instrument: its override, else the account-wide one, else none. */
export function applicableLimit(
  perInstrument: Readonly<Record<string, string>> | undefined,
  accountWide: string | undefined,
  instrument: string,
): { value: Decimal; scope: 'instrument' | 'account' } | null {
  const override = perInstrument?.[instrument];
  if (override !== undefined) return { value: dec(override), scope: 'instrument' };
  if (accountWide !== undefined) return { value: dec(accountWide), scope: 'account' };
  return null;
}
