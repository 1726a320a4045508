import { type Decimal, decimal, type Money } from '@qmo/sdk';

const BPS = '0.0001' as Decimal;

/**
 * The fee of a fill: price × quantity × multiplier × bps / 10 000, rounded to cents half-even.
 * Negative bps give a negative fee (a rebate). Exact decimals throughout.
 */
export function feeOf(price: Decimal, quantity: Decimal, multiplier: Decimal, bps: Decimal): Money {
  const notional = decimal.mul(decimal.mul(price, quantity), multiplier);
  const fee = decimal.round(decimal.mul(notional, decimal.mul(bps, BPS)), 2);
  return decimal.isZero(fee) ? ('0' as Money) : fee;
}
