import type { TicketFill } from '../trading/ticket-fill.js';
import { type Levels, sideOf } from './levels.js';

/** The ticket fill of a plan: a limit order at the entry, buying when the stop is below it; null without a side. */
export function planFill(
  levels: Levels,
  quantity: string,
  instrument: string,
  account: string | null,
): TicketFill | null {
  const side = sideOf(levels);
  if (!side) return null;
  return { instrument, account, side, limitPrice: levels.entry, quantity };
}
