import { dec } from '@qmo/sdk';
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { accountExposure, breaches } from '../exposure.js';
import { optionalPositiveDecimal } from '../schema.js';
import { pass, reject } from '../verdict.js';

export const grossExposureLimits = z
  .object({
    maxGrossExposure: optionalPositiveDecimal(
      'Largest sum of |quantity × mark × multiplier| over the account’s positions after the order (quote currencies, unconverted)',
    ),
  })
  .strict()
  .describe('Maximum gross exposure of the account');
export type GrossExposureLimits = z.output<typeof grossExposureLimits>;

/**
 * Rejects an order that takes the account's gross exposure — Σ |quantity × mark × multiplier|, the
 * order at its price — above the maximum. Positions without a mark fail closed (`NO_MARK`).
 */
export const grossExposure = defineRule<GrossExposureLimits>({
  id: 'gross-exposure',
  description:
    'Rejects an order that would take the account’s gross exposure (sum of absolute position values) above the maximum.',
  limits: grossExposureLimits,
  check(input) {
    if (input.limits.maxGrossExposure === undefined) return pass();
    const limit = dec(input.limits.maxGrossExposure);
    const exposure = accountExposure(input);
    if (!exposure.ok) return exposure.verdict;
    if (!breaches(exposure.gross, limit)) return pass();
    return reject(
      'GROSS_EXPOSURE',
      `gross exposure would be ${exposure.gross.after} (now ${exposure.gross.before}), above the maximum ${limit}`,
      {
        grossExposure: exposure.gross.after,
        grossExposureBefore: exposure.gross.before,
        maxGrossExposure: limit,
      },
    );
  },
});
