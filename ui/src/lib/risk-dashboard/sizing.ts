import { positionSize as exactPositionSize, isDecimal } from '@qmo/sdk';

/** The dashboard's sizing inputs: decimal strings as typed or sent by the API. */
export interface SizingInput {
  /** Account equity (money, exact decimal). */
  equity: string;
  /** Percent of the equity risked at the stop ("1" = 1 %). */
  riskPercent: string;
  entry: string;
  stop: string;
  /** Value of one price unit per unit of quantity (the instrument's `multiplier`). */
  pointValue: string;
  lotSize: string;
  /** Smallest order quantity; one lot when absent. */
  minQuantity?: string | undefined;
}

export type Sizing =
  | {
      ok: true;
      /** Whole lots, exact: lots × lotSize. */
      quantity: string;
      lots: string;
      /** equity × riskPercent / 100. */
      budget: string;
      /** |entry − stop| × pointValue × lotSize: what one lot loses at the stop. */
      riskPerLot: string;
      /** quantity × |entry − stop| × pointValue: never above the budget. */
      risk: string;
    }
  | { ok: false; reason: string };

/**
 * The SDK's exact position size (the one Mentor uses) over the dashboard's text fields: quantity =
 * ⌊equity · risk% / (|entry − stop| · point value)⌋ rounded down to whole lots.
 */
export function positionSize(input: SizingInput): Sizing {
  const { equity, riskPercent, entry, stop, pointValue, lotSize, minQuantity } = input;
  if (!isDecimal(riskPercent)) return { ok: false, reason: 'risk % is not a number' };
  if (!isDecimal(entry) || !isDecimal(stop)) return { ok: false, reason: 'no levels' };
  if (!isDecimal(equity)) return { ok: false, reason: 'no equity' };
  if (!isDecimal(pointValue) || !isDecimal(lotSize))
    return { ok: false, reason: 'the instrument has no lot size' };
  const sized = exactPositionSize({
    equity,
    riskPercent,
    entry,
    stop,
    pointValue,
    lotSize,
    minQuantity: minQuantity !== undefined && isDecimal(minQuantity) ? minQuantity : undefined,
  });
  if (!sized.ok) return { ok: false, reason: sized.reason };
  return { ...sized, lots: sized.lots.toString() };
}
