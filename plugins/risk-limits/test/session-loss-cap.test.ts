import type { AccountRiskView } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { type SessionLossCapLimits, sessionLossCap } from '../src/index.js';
import { type InputOptions, makeInput } from './helpers.js';
import { verdictTable } from './table.js';

// realised −4,000, unrealised −500, fees 400: loss 4,900.
const losing = { realized: '-4000', unrealized: '-500', fees: '400' };
// fees 500: loss exactly 5,000.
const atCap = { realized: '-4000', unrealized: '-500', fees: '500' };

verdictTable(sessionLossCap, [
  { name: 'no cap set', limits: {}, input: { pnl: { realized: '-1000000' } }, pass: true },
  { name: 'loss under the cap', limits: { maxLoss: '5000' }, input: { pnl: losing }, pass: true },
  {
    name: 'making money',
    limits: { maxLoss: '5000' },
    input: { pnl: { realized: '12000', fees: '800' } },
    pass: true,
  },
  {
    name: 'loss at the cap: an opening order is rejected',
    limits: { maxLoss: '5000' },
    input: { pnl: atCap },
    code: 'SESSION_LOSS_CAP',
    compared: {
      loss: '5000',
      maxLoss: '5000',
      realized: '-4000',
      unrealized: '-500',
      fees: '500',
      instrument: 'ESZ6',
    },
  },
  {
    name: 'loss past the cap: adding to a position is rejected',
    limits: { maxLoss: '5000', onBreach: 'HALTED' },
    input: { pnl: { realized: '-9000' }, positions: [['ESZ6', '2']], order: { quantity: '1' } },
    code: 'SESSION_LOSS_CAP',
    compared: { loss: '9000' },
  },
  {
    name: 'loss past the cap: reducing a position passes',
    limits: { maxLoss: '5000' },
    input: { pnl: { realized: '-9000' }, positions: [['ESZ6', '2']], order: { side: 'sell', quantity: '2' } },
    pass: true,
  },
  {
    name: 'loss past the cap: flipping a position is rejected',
    limits: { maxLoss: '5000' },
    input: { pnl: { realized: '-9000' }, positions: [['ESZ6', '2']], order: { side: 'sell', quantity: '3' } },
    code: 'SESSION_LOSS_CAP',
  },
  {
    name: 'fees alone can reach the cap',
    limits: { maxLoss: '250.5' },
    input: { pnl: { fees: '250.5' } },
    code: 'SESSION_LOSS_CAP',
    compared: { loss: '250.5' },
  },
]);

/** The account view the engine hands to monitors, with the limits parsed. */
function view(pnl: InputOptions['pnl'], limits: unknown): AccountRiskView & { limits: SessionLossCapLimits } {
  const input = makeInput({ pnl });
  return {
    account: input.account,
    positions: input.positions,
    marks: input.marks,
    instruments: input.instruments,
    pnl: input.pnl,
    equity: input.equity,
    now: input.now,
    limits: sessionLossCap.limits.parse(limits),
  };
}

describe('session-loss-cap monitor', () => {
  it('asks for nothing when no cap is set', () => {
    expect(sessionLossCap.monitor!(view({ realized: '-1000000' }, {}))).toBeNull();
  });

  it('asks for nothing under the cap', () => {
    expect(sessionLossCap.monitor!(view(losing, { maxLoss: '5000' }))).toBeNull();
    expect(sessionLossCap.monitor!(view({ realized: '100000' }, { maxLoss: '5000' }))).toBeNull();
  });

  it('demands REDUCING by default once the loss reaches the cap', () => {
    expect(sessionLossCap.monitor!(view(atCap, { maxLoss: '5000' }))).toEqual({
      state: 'REDUCING',
      code: 'SESSION_LOSS_CAP',
      reason: expect.stringContaining('5000'),
      compared: {
        loss: '5000',
        maxLoss: '5000',
        realized: '-4000',
        unrealized: '-500',
        fees: '500',
        state: 'REDUCING',
      },
    });
  });

  it('demands HALTED when configured so', () => {
    expect(sessionLossCap.monitor!(view(atCap, { maxLoss: '5000', onBreach: 'HALTED' }))).toMatchObject({
      state: 'HALTED',
      code: 'SESSION_LOSS_CAP',
      compared: { loss: '5000', state: 'HALTED' },
    });
  });

  it('demands REDUCING when configured so explicitly', () => {
    expect(
      sessionLossCap.monitor!(view({ unrealized: '-7500.25' }, { maxLoss: '5000', onBreach: 'REDUCING' })),
    ).toMatchObject({
      state: 'REDUCING',
      compared: { loss: '7500.25' },
    });
  });

  it('sums P&L exactly: 0.1 + 0.2 is not above 0.30000000000000001', () => {
    // In binary floats −(−0.1 − 0.2) = 0.30000000000000004, which is above the cap.
    expect(-(-0.1 + -0.2) > Number('0.30000000000000001')).toBe(true);
    expect(
      sessionLossCap.monitor!(
        view({ realized: '-0.1', unrealized: '-0.2' }, { maxLoss: '0.30000000000000001' }),
      ),
    ).toBeNull();
    expect(
      sessionLossCap.monitor!(view({ realized: '-0.1', unrealized: '-0.2' }, { maxLoss: '0.3' })),
    ).toMatchObject({
      compared: { loss: '0.3' },
    });
  });
});
