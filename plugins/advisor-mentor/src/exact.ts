import { big, type Decimal, dec } from '@qmo/sdk';

/** The exact decimal of a float's shortest representation (1e-7 → "0.0000001"). */
export function fromNumber(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return dec(big(String(x)));
}
