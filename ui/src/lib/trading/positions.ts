/** Positions and P&L: merging, grouping by account and instrument, exact totals. */
import type { Position } from '@qmo/sdk';
import type { PositionInfo } from '../api/types.js';
import {
  addDecimal,
  divideDecimal,
  isZeroDecimal,
  multiplyDecimal,
  subtractDecimal,
  sumDecimals,
} from '../format/decimal.js';

/** A position is one per account, instrument and strategy tag. */
export const positionKey = (p: Pick<Position, 'account' | 'instrument' | 'strategy'>): string =>
  `${p.account}\u0000${p.instrument}\u0000${p.strategy ?? ''}`;

/** Replaces positions by key (the host always sends the whole position). */
export function mergePositions(
  current: ReadonlyMap<string, PositionInfo>,
  incoming: readonly PositionInfo[],
): ReadonlyMap<string, PositionInfo> {
  if (!incoming.length) return current;
  const next = new Map(current);
  for (const p of incoming) next.set(positionKey(p), p);
  return next;
}

/** realised + unrealised − fees. */
/** The P&L fields, as exact decimal strings. */
export interface PnlFields {
  realizedPnl: string;
  unrealizedPnl: string;
  fees: string;
}

export const netPnl = (p: PnlFields): string =>
  subtractDecimal(addDecimal(p.realizedPnl, p.unrealizedPnl), p.fees);

/**
 * The mark the host valued a position at: its `mark` when sent, else implied from the unrealised P&L,
 * avgPrice + unrealised ÷ (quantity × multiplier), rounded to the price precision (display only).
 */
export function impliedMark(p: PositionInfo, multiplier: string, pricePrecision: number): string | null {
  if (p.mark) return p.mark;
  if (!p.avgPrice || isZeroDecimal(p.quantity)) return null;
  const move = divideDecimal(p.unrealizedPnl, multiplyDecimal(p.quantity, multiplier), pricePrecision + 2);
  if (move === null) return null;
  return divideDecimal(addDecimal(p.avgPrice, move), '1', pricePrecision);
}

export interface PnlTotals extends PnlFields {
  net: string;
}

export function totalsOf(positions: readonly PnlFields[]): PnlTotals {
  const realizedPnl = sumDecimals(positions.map((p) => p.realizedPnl));
  const unrealizedPnl = sumDecimals(positions.map((p) => p.unrealizedPnl));
  const fees = sumDecimals(positions.map((p) => p.fees));
  return {
    realizedPnl,
    unrealizedPnl,
    fees,
    net: subtractDecimal(addDecimal(realizedPnl, unrealizedPnl), fees),
  };
}

/** One account × instrument: the position, or the sum of its strategy legs. */
export interface PositionGroup extends PnlTotals {
  account: string;
  instrument: string;
  /** Signed sum over the legs. */
  quantity: string;
  /** The single leg's average price; null for several legs (each has its own). */
  avgPrice: string | null;
  /** The strategy when there is one leg. */
  strategy: string | undefined;
  legs: PositionInfo[];
}

export interface AccountPositions {
  account: string;
  groups: PositionGroup[];
  totals: PnlTotals;
}

/** Positions by account (sorted), then instrument; each account with its exact totals. */
export function groupPositions(positions: Iterable<PositionInfo>): AccountPositions[] {
  const byAccount = new Map<string, Map<string, PositionInfo[]>>();
  for (const p of positions) {
    const instruments = byAccount.get(p.account) ?? new Map<string, PositionInfo[]>();
    const legs = instruments.get(p.instrument) ?? [];
    legs.push(p);
    instruments.set(p.instrument, legs);
    byAccount.set(p.account, instruments);
  }
  return [...byAccount.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([account, instruments]) => {
      const groups = [...instruments.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([instrument, legs]): PositionGroup => {
          legs.sort((a, b) => (a.strategy ?? '').localeCompare(b.strategy ?? ''));
          const single = legs.length === 1 ? legs[0]! : null;
          return {
            account,
            instrument,
            quantity: sumDecimals(legs.map((l) => l.quantity)),
            avgPrice: single ? single.avgPrice : null,
            strategy: single?.strategy,
            legs,
            ...totalsOf(legs),
          };
        });
      return { account, groups, totals: totalsOf(groups) };
    });
}

/** −1, 0, 1 for colouring a signed decimal. */
export function signOf(value: string): -1 | 0 | 1 {
  if (isZeroDecimal(value)) return 0;
  return value.startsWith('-') ? -1 : 1;
}
