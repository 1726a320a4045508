import { ASSET_CLASSES, type Decimal, dec, decimal } from '@qmo/sdk';
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { abs, ZERO } from '../orders.js';
import { percentOf } from '../percent.js';
import { percent } from '../schema.js';
import { type ValuedInstrument, valueAccount } from '../valuation.js';
import { pass, reject } from '../verdict.js';

const marginPercent = () => percent(100).describe('Initial margin in percent of notional');

export const marginLimits = z
  .object({
    initialMarginPercent: z
      .partialRecord(z.enum(ASSET_CLASSES), marginPercent())
      .optional()
      .describe(
        'Initial margin by asset class, in percent of notional, e.g. { "fx": 3.33, "crypto": 50, "future": 5, "equity": 20, "index": 10, "commodity": 5, "option": 100 }; unlisted asset classes need none',
      ),
  })
  .strict()
  .describe('Initial margin against equity');
export type MarginLimits = z.output<typeof marginLimits>;

/** Margin of one instrument: the worse of all working buys or all working sells filling, after the order. */
function instrumentExposure(valued: ValuedInstrument, withOrder: boolean): Decimal {
  const held = withOrder ? decimal.add(valued.position, valued.order) : valued.position;
  const allBuys = abs(decimal.add(held, valued.workingBuys));
  const allSells = abs(decimal.add(held, valued.workingSells));
  return decimal.cmp(allBuys, allSells) >= 0 ? allBuys : allSells;
}

/**
 * Rejects an order when the initial margin of the account — per instrument, the larger of
 * |position after the order + working buys| and |… + working sells|, valued at marks (orders at
 * their prices) times the asset class's percentage — is above the equity. An order that lowers the
 * margin passes.
 */
export const margin = defineRule<MarginLimits>({
  id: 'margin',
  description:
    'Rejects an order when the initial margin of the positions after it, with the working orders, is above the account’s equity.',
  limits: marginLimits,
  check(input) {
    const rates = input.limits.initialMarginPercent;
    if (rates === undefined || Object.keys(rates).length === 0) return pass();
    const valued = valueAccount(input, {
      includeWorking: true,
      include: (instrument) => rates[instrument.assetClass] !== undefined,
    });
    if (!valued.ok) return valued.verdict;
    let before = ZERO;
    let after = ZERO;
    for (const line of valued.instruments) {
      const rate = rates[line.instrument.assetClass]!;
      before = decimal.add(before, percentOf(instrumentExposure(line, false), rate));
      after = decimal.add(after, percentOf(instrumentExposure(line, true), rate));
    }
    const equity = dec(input.equity);
    if (decimal.cmp(after, equity) <= 0 || decimal.cmp(after, before) <= 0) return pass();
    return reject(
      'INSUFFICIENT_MARGIN',
      `initial margin would be ${after} ${input.account.currency} (now ${before}), above the equity ${equity}`,
      { requiredMargin: after, requiredMarginBefore: before, equity },
    );
  },
});
