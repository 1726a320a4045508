import { dec } from '@qmo/sdk';
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { accountExposure, breaches } from '../exposure.js';
import { optionalPositiveDecimal } from '../schema.js';
import { pass, reject } from '../verdict.js';

export const netExposureLimits = z
  .object({
    maxNetExposure: optionalPositiveDecimal(
      'Largest |Σ quantity × mark × multiplier| over the account’s positions after the order (quote currencies, unconverted)',
    ),
  })
  .strict()
  .describe('Maximum net exposure of the account');
export type NetExposureLimits = z.output<typeof netExposureLimits>;

/**
 * Rejects an order that takes the account's net exposure — |Σ quantity × mark × multiplier|, the
 * order at its price — above the maximum. Positions without a mark fail closed (`NO_MARK`).
 */
export const netExposure = defineRule<NetExposureLimits>({
  id: 'net-exposure',
  description:
    'Rejects an order that would take the account’s net exposure (absolute sum of signed position values) above the maximum.',
  limits: netExposureLimits,
  check(input) {
    if (input.limits.maxNetExposure === undefined) return pass();
    const limit = dec(input.limits.maxNetExposure);
    const exposure = accountExposure(input);
    if (!exposure.ok) return exposure.verdict;
    if (!breaches(exposure.net, limit)) return pass();
    return reject(
      'NET_EXPOSURE',
      `net exposure would be ${exposure.net.after} (now ${exposure.net.before}), above the maximum ${limit}`,
      {
        netExposure: exposure.net.after,
        netExposureBefore: exposure.net.before,
        maxNetExposure: limit,
      },
    );
  },
});
