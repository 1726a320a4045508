import { type Decimal, decimal, type RiskCheckInput, type RiskVerdict } from '@qmo/sdk';
import { abs, ZERO } from './orders.js';
import { valueAccount } from './valuation.js';

export interface Exposure {
  /** Without the order. */
  before: Decimal;
  /** With the order. */
  after: Decimal;
}

/**
 * Gross (Σ |value|) and net (|Σ value|) exposure of the account before and after the order,
 * positions at their marks and the order at its price, summed over instruments in their quote currencies.
 */
export function accountExposure(
  input: RiskCheckInput<unknown>,
): { ok: true; gross: Exposure; net: Exposure } | { ok: false; verdict: RiskVerdict } {
  const valued = valueAccount(input);
  if (!valued.ok) return valued;
  let grossBefore = ZERO;
  let grossAfter = ZERO;
  let netBefore = ZERO;
  let netAfter = ZERO;
  for (const { position, order } of valued.instruments) {
    const after = decimal.add(position, order);
    grossBefore = decimal.add(grossBefore, abs(position));
    grossAfter = decimal.add(grossAfter, abs(after));
    netBefore = decimal.add(netBefore, position);
    netAfter = decimal.add(netAfter, after);
  }
  return {
    ok: true,
    gross: { before: grossBefore, after: grossAfter },
    net: { before: abs(netBefore), after: abs(netAfter) },
  };
}

/** Over the limit and not reduced by the order: an order that lowers the exposure always passes. */
export function breaches(exposure: Exposure, limit: Decimal): boolean {
  return decimal.cmp(exposure.after, limit) > 0 && decimal.cmp(exposure.after, exposure.before) > 0;
}
