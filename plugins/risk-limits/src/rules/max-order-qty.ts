import { dec, decimal } from '@qmo/sdk';
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { applicableLimit, optionalDecimalPerInstrument, optionalPositiveDecimal } from '../schema.js';
import { pass, reject } from '../verdict.js';

export const maxOrderQtyLimits = z
  .object({
    maxQuantity: optionalPositiveDecimal(
      'Largest quantity of one order, in the instrument’s units (contracts, base currency, shares)',
    ),
    perInstrument: optionalDecimalPerInstrument(
      'Largest order quantity by instrument id, overriding maxQuantity, e.g. { "ESZ6": "50" }',
    ),
  })
  .strict()
  .describe('Maximum quantity of a single order');
export type MaxOrderQtyLimits = z.output<typeof maxOrderQtyLimits>;

/** Rejects an order whose quantity exceeds the instrument's override or the account-wide maximum. */
export const maxOrderQty = defineRule<MaxOrderQtyLimits>({
  id: 'max-order-qty',
  description: 'Rejects an order whose quantity is above the maximum (per instrument, else for the account).',
  limits: maxOrderQtyLimits,
  check(input) {
    const instrument = input.instrument.id;
    const limit = applicableLimit(input.limits.perInstrument, input.limits.maxQuantity, instrument);
    if (limit === null) return pass();
    const quantity = dec(input.request.quantity);
    if (decimal.cmp(quantity, limit.value) <= 0) return pass();
    const scope = limit.scope === 'instrument' ? `for ${instrument}` : 'for the account';
    return reject('MAX_ORDER_QTY', `order quantity ${quantity} exceeds the maximum ${limit.value} ${scope}`, {
      instrument,
      quantity,
      maxQuantity: limit.value,
      limitScope: limit.scope,
    });
  },
});
