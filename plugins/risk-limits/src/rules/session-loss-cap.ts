import {
  type AccountRiskView,
  type AccountStateVerdict,
  type Decimal,
  dec,
  decimal,
  type VerdictValues,
} from '@qmo/sdk';
import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { orderReducesPosition } from '../orders.js';
import { optionalPositiveDecimal } from '../schema.js';
import { pass, reject } from '../verdict.js';

export const sessionLossCapLimits = z
  .object({
    maxLoss: optionalPositiveDecimal(
      'Session loss (fees − realised − unrealised P&L) at which the account is restricted, in the account currency',
    ),
    onBreach: z
      .enum(['REDUCING', 'HALTED'])
      .default('REDUCING')
      .describe('Trading state the account is put in when the cap is reached'),
  })
  .strict()
  .describe('Session loss cap');
export type SessionLossCapLimits = z.output<typeof sessionLossCapLimits>;

/** The session loss: −(realised + unrealised − fees). Positive when losing. */
export function sessionLoss(pnl: AccountRiskView['pnl']): Decimal {
  return decimal.neg(decimal.sub(decimal.add(pnl.realized, pnl.unrealized), pnl.fees));
}

function breach(
  view: AccountRiskView,
  maxLoss: string | undefined,
): { values: VerdictValues; text: string } | null {
  if (maxLoss === undefined) return null;
  const cap = dec(maxLoss);
  const loss = sessionLoss(view.pnl);
  if (decimal.cmp(loss, cap) < 0) return null;
  const { realized, unrealized, fees } = view.pnl;
  return {
    values: { loss, maxLoss: cap, realized: dec(realized), unrealized: dec(unrealized), fees: dec(fees) },
    text: `session loss ${loss} ${view.account.currency} (realised ${realized}, unrealised ${unrealized}, fees ${fees}) has reached the cap ${cap}`,
  };
}

/**
 * Watches the account's session P&L: once the loss reaches `maxLoss` the monitor demands the
 * `onBreach` state (REDUCING by default). `check` rejects orders that do not reduce the position
 * as soon as the loss is there, without waiting for the monitor.
 */
export const sessionLossCap = defineRule<SessionLossCapLimits>({
  id: 'session-loss-cap',
  description:
    'Puts the account in REDUCING (or HALTED) once its session loss reaches the cap, and rejects orders that add exposure past it.',
  limits: sessionLossCapLimits,
  check(input) {
    const breached = breach(input, input.limits.maxLoss);
    if (breached === null || orderReducesPosition(input)) return pass();
    return reject('SESSION_LOSS_CAP', `${breached.text}: only orders that reduce a position are accepted`, {
      ...breached.values,
      instrument: input.instrument.id,
    });
  },
  monitor(view): AccountStateVerdict | null {
    const breached = breach(view, view.limits.maxLoss);
    if (breached === null) return null;
    return {
      state: view.limits.onBreach,
      code: 'SESSION_LOSS_CAP',
      reason: `${breached.text}: account ${view.limits.onBreach === 'HALTED' ? 'halted' : 'restricted to reducing orders'}`,
      compared: { ...breached.values, state: view.limits.onBreach },
    };
  },
});
