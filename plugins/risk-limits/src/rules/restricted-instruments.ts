import { ASSET_CLASSES } from '@qmo/sdk';
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { orderReducesPosition } from '../orders.js';
import { pass, reject } from '../verdict.js';

export const restrictedInstrumentsLimits = z
  .object({
    instruments: z
      .array(z.string().min(1).describe('An instrument id'))
      .optional()
      .describe('Instrument ids the account may not trade, e.g. ["BTC-USD"]'),
    assetClasses: z
      .array(z.enum(ASSET_CLASSES).describe('An asset class'))
      .optional()
      .describe('Asset classes the account may not trade, e.g. ["crypto", "option"]'),
    allowReducing: z
      .boolean()
      .default(false)
      .describe('Let through orders that only reduce an existing position (to unwind it)'),
  })
  .strict()
  .describe('Restricted instruments and asset classes');
export type RestrictedInstrumentsLimits = z.output<typeof restrictedInstrumentsLimits>;

/** Rejects orders in restricted instruments or asset classes; optionally lets position-reducing orders through. */
export const restrictedInstruments = defineRule<RestrictedInstrumentsLimits>({
  id: 'restricted-instruments',
  description:
    'Rejects orders in restricted instruments or asset classes (orders that only reduce a position may be allowed).',
  limits: restrictedInstrumentsLimits,
  check(input) {
    const { instrument, limits } = input;
    const byInstrument = limits.instruments?.includes(instrument.id) ?? false;
    const byAssetClass = limits.assetClasses?.includes(instrument.assetClass) ?? false;
    if (!byInstrument && !byAssetClass) return pass();
    if (limits.allowReducing && orderReducesPosition(input)) return pass();
    const what = byInstrument
      ? `instrument ${instrument.id}`
      : `asset class ${instrument.assetClass} (${instrument.id})`;
    return reject(
      'RESTRICTED_INSTRUMENT',
      limits.allowReducing
        ? `${what} is restricted for this account: only orders that reduce the position (${input.position?.quantity ?? '0'}) are allowed`
        : `${what} is restricted for this account`,
      {
        instrument: instrument.id,
        assetClass: instrument.assetClass,
        restrictedBy: byInstrument ? 'instrument' : 'assetClass',
        allowReducing: limits.allowReducing,
        position: input.position?.quantity ?? '0',
      },
    );
  },
});
