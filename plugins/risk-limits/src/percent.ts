import { big, type Decimal, dec } from '@qmo/sdk';

/**
 * A percentage given as a number, as an exact decimal ("3.33" for 3.33). `String()` gives the
 * shortest decimal that reads back as the same number: the percentage as it was written.
 */
export function percentDecimal(percent: number): Decimal {
  return dec(big(String(percent)));
}

/** `value × percent / 100`, exact. */
export function percentOf(value: Decimal, percent: number): Decimal {
  return dec(big(value).times(String(percent)).times('0.01'));
}
