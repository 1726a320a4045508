import { big, type Decimal, dec, type Money } from '@qmo/sdk';

/** CommType (13) values. */
const PER_UNIT = '1';
const PERCENT = '2';

/**
 * The fee of a fill from Commission (12) and CommType (13): per unit × LastQty, a percentage of the
 * notional (LastPx × LastQty × multiplier), else an absolute amount. Exact; zero without a commission.
 */
export function feeOf(
  commission: string | undefined,
  commType: string | undefined,
  lastQty: Decimal,
  lastPx: Decimal,
  multiplier: Decimal = dec('1'),
): Money {
  if (commission === undefined) return dec('0');
  const c = big(commission);
  if (commType === PER_UNIT) return dec(c.times(lastQty));
  if (commType === PERCENT) return dec(c.times(lastPx).times(lastQty).times(multiplier).div(100));
  return dec(c);
}
