import { big, dec, decimal, type Price } from '@qmo/sdk';
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { abs } from '../orders.js';
import { percentDecimal, percentOf } from '../percent.js';
import { percent } from '../schema.js';
import { pass, reject } from '../verdict.js';

export const priceCollarLimits = z
  .object({
    maxDeviationPercent: percent()
      .optional()
      .describe(
        'Largest distance of a limit or stop price from the reference price, in percent of the reference',
      ),
    perInstrument: z
      .record(z.string().min(1), percent().describe('Largest deviation for this instrument, in percent'))
      .optional()
      .describe('Largest deviation by instrument id, overriding maxDeviationPercent, e.g. { "BTC-USD": 5 }'),
    requireReference: z
      .boolean()
      .default(false)
      .describe('Reject priced orders when no reference price is known (otherwise they pass unchecked)'),
  })
  .strict()
  .describe('Fat-finger collar on limit and stop prices');
export type PriceCollarLimits = z.output<typeof priceCollarLimits>;

/**
 * Fat-finger check: rejects a limit or stop price further from the reference price than the allowed
 * percentage. Market orders pass. Without a reference the order passes unless `requireReference`.
 */
export const priceCollar = defineRule<PriceCollarLimits>({
  id: 'price-collar',
  description:
    'Rejects a limit or stop price further from the reference price than the allowed percentage (fat-finger check).',
  limits: priceCollarLimits,
  check(input) {
    const { instrument, request, limits } = input;
    const maxPercent = limits.perInstrument?.[instrument.id] ?? limits.maxDeviationPercent;
    if (maxPercent === undefined) return pass();

    const prices: { field: 'limitPrice' | 'stopPrice'; price: Price }[] = [];
    if ((request.type === 'limit' || request.type === 'stop-limit') && request.limitPrice !== undefined) {
      prices.push({ field: 'limitPrice', price: dec(request.limitPrice) });
    }
    if ((request.type === 'stop' || request.type === 'stop-limit') && request.stopPrice !== undefined) {
      prices.push({ field: 'stopPrice', price: dec(request.stopPrice) });
    }
    if (prices.length === 0) return pass();

    const reference = input.referencePrice === null ? null : dec(input.referencePrice);
    if (reference === null || decimal.isZero(reference)) {
      if (!limits.requireReference) return pass();
      return reject(
        'NO_REFERENCE_PRICE',
        `no reference price for ${instrument.id}: the ${prices[0]!.field === 'limitPrice' ? 'limit' : 'stop'} price cannot be collared`,
        { instrument: instrument.id, referencePrice: reference, maxDeviationPercent: maxPercent },
      );
    }

    const allowed = percentOf(abs(reference), maxPercent);
    for (const { field, price } of prices) {
      const distance = abs(decimal.sub(price, reference));
      if (decimal.cmp(distance, allowed) <= 0) continue;
      const deviationPercent = decimal.round(dec(big(distance).times(100).div(abs(reference))), 4);
      const label = field === 'limitPrice' ? 'limit' : 'stop';
      return reject(
        'PRICE_COLLAR',
        `${label} price ${price} is ${deviationPercent}% from the reference ${reference} (at most ${percentDecimal(maxPercent)}% allowed, ${decimal.sub(reference, allowed)}–${decimal.add(reference, allowed)})`,
        {
          instrument: instrument.id,
          priceField: field,
          price,
          referencePrice: reference,
          deviation: distance,
          deviationPercent,
          maxDeviationPercent: maxPercent,
          lowestAllowed: decimal.sub(reference, allowed),
          highestAllowed: decimal.add(reference, allowed),
        },
      );
    }
    return pass();
  },
});
