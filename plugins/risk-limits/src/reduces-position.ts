import { type Decimal, decimal, type Side } from '@qmo/sdk';

/**
 * Whether an order only reduces a position: its side is opposite to the position and its quantity
 * — together with `workingSameSide`, the leaves of the orders already working on that side — is at
 * most the size of the position, so it can neither open nor flip it. A flat (or unknown) position
 * is never reduced.
 */
export function reducesPosition(
  position: Decimal | null | undefined,
  side: Side,
  quantity: Decimal,
  workingSameSide: Decimal = '0' as Decimal,
): boolean {
  if (position === null || position === undefined) return false;
  const direction = decimal.cmp(position, '0' as Decimal);
  if (direction === 0) return false;
  const opposite = direction > 0 ? side === 'sell' : side === 'buy';
  if (!opposite) return false;
  const size = direction > 0 ? position : decimal.neg(position);
  return decimal.cmp(decimal.add(quantity, workingSameSide), size) <= 0;
}
