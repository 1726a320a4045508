import { compareDecimal, divideDecimal, subtractDecimal } from '../format/decimal.js';
import type { Levels } from './levels.js';

const abs = (value: string) => (value.startsWith('-') ? value.slice(1) : value);

/**
 * Reward : risk from `from` (the entry, or the current price): |target − from| ÷ |from − stop|, rounded to
 * `places`. Null unless `from` lies strictly between the stop and the target (past the stop the trade is
 * stopped out, past the target there is nothing left to win).
 */
export function rewardRisk(levels: Pick<Levels, 'stop' | 'target'>, from: string, places = 2): string | null {
  const toStop = compareDecimal(levels.stop, from);
  const toTarget = compareDecimal(levels.target, from);
  if (toStop === 0 || toTarget === 0 || toStop === toTarget) return null;
  return divideDecimal(
    abs(subtractDecimal(levels.target, from)),
    abs(subtractDecimal(from, levels.stop)),
    places,
  );
}

/** "1 : 2.50", or "—" when there is no ratio. */
export function formatRatio(ratio: string | null): string {
  return ratio === null ? '—' : `1 : ${ratio}`;
}
