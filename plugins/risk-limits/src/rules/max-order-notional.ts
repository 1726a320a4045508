import { dec, decimal } from '@qmo/sdk';
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { abs, orderPrice } from '../orders.js';
import { applicableLimit, optionalDecimalPerInstrument, optionalPositiveDecimal } from '../schema.js';
import { pass, reject } from '../verdict.js';

export const maxOrderNotionalLimits = z
  .object({
    maxNotional: optionalPositiveDecimal(
      'Largest notional of one order (quantity × price × multiplier), in the instrument’s quote currency',
    ),
    perInstrument: optionalDecimalPerInstrument(
      'Largest order notional by instrument id, overriding maxNotional, e.g. { "BTC-USD": "250000" }',
    ),
  })
  .strict()
  .describe('Maximum notional value of a single order');
export type MaxOrderNotionalLimits = z.output<typeof maxOrderNotionalLimits>;

/**
 * Rejects an order whose notional — quantity × price × multiplier, priced at its limit price, else
 * its stop price, else the reference price — is above the maximum. Without any price it fails closed.
 */
export const maxOrderNotional = defineRule<MaxOrderNotionalLimits>({
  id: 'max-order-notional',
  description:
    'Rejects an order whose notional (quantity × price × multiplier) is above the maximum; an order that cannot be priced is rejected.',
  limits: maxOrderNotionalLimits,
  check(input) {
    const { instrument, request } = input;
    const limit = applicableLimit(input.limits.perInstrument, input.limits.maxNotional, instrument.id);
    if (limit === null) return pass();
    const priced = orderPrice(request, input.referencePrice);
    if (priced === null) {
      return reject(
        'NO_REFERENCE_PRICE',
        `no reference price for ${instrument.id}: the notional of the ${request.type} order cannot be checked`,
        { instrument: instrument.id, orderType: request.type, maxNotional: limit.value },
      );
    }
    const quantity = dec(request.quantity);
    const notional = abs(decimal.mul(decimal.mul(quantity, priced.price), instrument.multiplier));
    if (decimal.cmp(notional, limit.value) <= 0) return pass();
    const scope = limit.scope === 'instrument' ? `for ${instrument.id}` : 'for the account';
    return reject(
      'MAX_ORDER_NOTIONAL',
      `order notional ${notional} ${instrument.currency} (${quantity} × ${priced.price} × ${instrument.multiplier}) exceeds the maximum ${limit.value} ${scope}`,
      {
        instrument: instrument.id,
        quantity,
        price: priced.price,
        priceSource: priced.source,
        multiplier: instrument.multiplier,
        notional,
        currency: instrument.currency,
        maxNotional: limit.value,
        limitScope: limit.scope,
      },
    );
  },
});
