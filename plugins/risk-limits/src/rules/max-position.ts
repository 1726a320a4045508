import { dec, decimal } from '@qmo/sdk';
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { abs, signedQuantity, sumLeaves, workingOrdersIn, ZERO } from '../orders.js';
import { applicableLimit, optionalDecimalPerInstrument, optionalPositiveDecimal } from '../schema.js';
import { pass, reject } from '../verdict.js';

export const maxPositionLimits = z
  .object({
    maxPosition: optionalPositiveDecimal(
      'Largest absolute position in one instrument, counting this order and the working orders on its side',
    ),
    perInstrument: optionalDecimalPerInstrument(
      'Largest absolute position by instrument id, overriding maxPosition, e.g. { "EURUSD": "5000000" }',
    ),
  })
  .strict()
  .describe('Maximum position per instrument');
export type MaxPositionLimits = z.output<typeof maxPositionLimits>;

/**
 * Rejects an order when |position + this order + the leaves of working orders on the same side| is
 * above the maximum. An order that brings that figure closer to zero passes even above the limit,
 * so a position over a lowered limit can always be reduced.
 */
export const maxPosition = defineRule<MaxPositionLimits>({
  id: 'max-position',
  description:
    'Rejects an order that would take the position (with the working orders on the same side) above the maximum.',
  limits: maxPositionLimits,
  check(input) {
    const { instrument, request } = input;
    const limit = applicableLimit(input.limits.perInstrument, input.limits.maxPosition, instrument.id);
    if (limit === null) return pass();
    const position = input.position === null ? ZERO : dec(input.position.quantity);
    const working = signedQuantity(
      request.side,
      sumLeaves(workingOrdersIn(input.workingOrders, instrument.id, request.side)),
    );
    const without = decimal.add(position, working);
    const projected = decimal.add(without, signedQuantity(request.side, request.quantity));
    const size = abs(projected);
    if (decimal.cmp(size, limit.value) <= 0) return pass();
    if (decimal.cmp(size, abs(without)) < 0) return pass();
    const scope = limit.scope === 'instrument' ? `for ${instrument.id}` : 'for the account';
    return reject(
      'MAX_POSITION',
      `position would reach ${projected} (position ${position}, working ${working}, order ${signedQuantity(request.side, request.quantity)}), above the maximum ${limit.value} ${scope}`,
      {
        instrument: instrument.id,
        position,
        workingSameSide: working,
        orderQuantity: signedQuantity(request.side, request.quantity),
        projectedPosition: projected,
        maxPosition: limit.value,
        limitScope: limit.scope,
      },
    );
  },
});
