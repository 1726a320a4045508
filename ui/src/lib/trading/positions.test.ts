import { describe, expect, it } from 'vitest';
import type { PositionInfo } from '../api/types.js';
import { groupPositions, impliedMark, mergePositions, netPnl, positionKey, signOf } from './positions.js';

const pos = (over: Record<string, string> = {}): PositionInfo =>
  ({
    account: 'A',
    instrument: 'EURUSD',
    quantity: '100000',
    avgPrice: '1.085',
    realizedPnl: '0',
    unrealizedPnl: '0',
    fees: '0',
    ...over,
  }) as PositionInfo;

describe('positions', () => {
  it('merges by account, instrument and strategy', () => {
    const m1 = mergePositions(new Map(), [pos(), pos({ strategy: 'mm' })]);
    expect(m1.size).toBe(2);
    const m2 = mergePositions(m1, [pos({ quantity: '0', realizedPnl: '12.5' })]);
    expect(m2.get(positionKey({ account: 'A', instrument: 'EURUSD' }))?.quantity).toBe('0');
    expect(m2.size).toBe(2);
  });

  it('adds P&L exactly, per group and per account', () => {
    const groups = groupPositions([
      pos({ realizedPnl: '0.1', unrealizedPnl: '0.2', fees: '0.05' }),
      pos({ strategy: 'mm', quantity: '-30000', realizedPnl: '-10.005', unrealizedPnl: '3', fees: '1.2' }),
      pos({ instrument: 'BTC-USD', quantity: '0.5', realizedPnl: '100', unrealizedPnl: '-20.5', fees: '2' }),
      pos({ account: 'B', quantity: '1000' }),
    ]);
    expect(groups.map((g) => g.account)).toEqual(['A', 'B']);
    const a = groups[0]!;
    expect(a.groups.map((g) => g.instrument)).toEqual(['BTC-USD', 'EURUSD']);
    const eur = a.groups[1]!;
    expect(eur.quantity).toBe('70000');
    expect(eur.avgPrice).toBeNull();
    expect(eur.legs.map((l) => l.strategy)).toEqual([undefined, 'mm']);
    expect(eur).toMatchObject({ realizedPnl: '-9.905', unrealizedPnl: '3.2', fees: '1.25', net: '-7.955' });
    expect(a.totals).toEqual({ realizedPnl: '90.095', unrealizedPnl: '-17.3', fees: '3.25', net: '69.545' });
    expect(a.groups[0]!.avgPrice).toBe('1.085');
    expect(netPnl({ realizedPnl: '1', unrealizedPnl: '-3', fees: '0.5' })).toBe('-2.5');
  });

  it('implies the mark from the unrealised P&L when the host does not send it', () => {
    // Long 100000 at 1.085, +20 unrealised → marked at 1.0852.
    expect(impliedMark(pos({ unrealizedPnl: '20' }), '1', 5)).toBe('1.08520');
    // Short 2 ES at 5000 (×50), −125 unrealised → marked at 5001.25.
    expect(impliedMark(pos({ quantity: '-2', avgPrice: '5000', unrealizedPnl: '-125' }), '50', 2)).toBe(
      '5001.25',
    );
    expect(impliedMark(pos({ mark: '1.1' }), '1', 5)).toBe('1.1');
    expect(impliedMark(pos({ quantity: '0' }), '1', 5)).toBeNull();
  });

  it('signs values for colouring', () => {
    expect(signOf('-0.01')).toBe(-1);
    expect(signOf('0.000')).toBe(0);
    expect(signOf('3')).toBe(1);
  });
});
