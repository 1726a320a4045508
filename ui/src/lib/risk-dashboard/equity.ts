import type { Account } from '@qmo/sdk';
import type { PnlReport } from '../api/types.js';
import { isDecimal } from '../format/decimal.js';

/** The account's equity: the host's P&L `equity` when reported, else its starting equity; null when unknown. */
export function equityOf(
  pnl: PnlReport | null,
  accounts: readonly Account[],
  id: string | null,
): string | null {
  if (!id) return null;
  const reported = pnl?.accounts.find((l) => l.account === id)?.equity;
  if (typeof reported === 'string' && isDecimal(reported)) return reported;
  const starting = accounts.find((a) => a.id === id)?.startingEquity;
  return starting && isDecimal(starting) ? starting : null;
}
