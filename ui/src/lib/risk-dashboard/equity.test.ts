import type { Account, Decimal } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import type { PnlReport } from '../api/types.js';
import { equityOf } from './equity.js';

const account = (id: string, startingEquity: string): Account => ({
  id,
  name: id,
  desk: 'd',
  currency: 'USD',
  startingEquity: startingEquity as Decimal,
  tradingState: 'ACTIVE',
});

describe('equityOf', () => {
  const accounts = [account('A1', '1000000'), account('A2', '50000')];
  const pnl: PnlReport = {
    accounts: [{ account: 'A1', equity: '1000250.5' as Decimal }],
    desks: [],
    strategies: [],
  };

  it("takes the host's equity, else the starting equity", () => {
    expect(equityOf(pnl, accounts, 'A1')).toBe('1000250.5');
    expect(equityOf(pnl, accounts, 'A2')).toBe('50000');
    expect(equityOf(null, accounts, 'A1')).toBe('1000000');
  });

  it('is unknown without an account', () => {
    expect(equityOf(pnl, accounts, null)).toBeNull();
    expect(equityOf(pnl, accounts, 'A9')).toBeNull();
  });
});
