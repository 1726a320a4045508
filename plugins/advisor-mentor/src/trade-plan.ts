import { ceilToStep, type Decimal, decimal, floorToStep, type Price } from '@qmo/sdk';
import { fromNumber } from './exact.js';
import type { MentorParams } from './params.js';

/** A Square of 9 level nearer than this many ATRs to the entry is not used for the stop. */
export const MIN_STOP_ATR = 0.5;

export interface TradePlan {
  entry: Price;
  stop: Price;
  target: Price;
  rewardRisk: number;
  /** Nearest Square of 9 levels below and above the entry, when the levels were given. */
  support: number | null;
  resistance: number | null;
  notes: string[];
}

export interface PlanInput {
  side: 1 | -1;
  close: number;
  atr: number;
  gannLevels: readonly number[] | null;
  tickSize: Decimal;
  fmt: (price: number) => string;
}

/** Rounds away from the entry (stops: at least the distance asked) or toward it (targets: never further). */
const away = (side: 1 | -1, value: Decimal, tick: Decimal) =>
  side > 0 ? floorToStep(value, tick) : ceilToStep(value, tick);
const toward = (side: 1 | -1, value: Decimal, tick: Decimal) =>
  side > 0 ? ceilToStep(value, tick) : floorToStep(value, tick);

/**
 * Entry at the last close; stop k·ATR against the trade, tucked one tick beyond the nearest Square of 9
 * level when one lies inside that distance (but at least MIN_STOP_ATR·ATR away); target R × the risk
 * from the entry, or the nearest level in the trade's direction when it comes first. Prices on the tick grid.
 */
export function planTrade(i: PlanInput, p: MentorParams): TradePlan | { reason: string } {
  const { side, tickSize: tick, fmt } = i;
  const entry = floorToStep(fromNumber(i.close), tick);
  const entryN = Number(entry);
  const notes: string[] = [];
  const beyond = (level: number) => side * (level - entryN) > 0;
  const levels = i.gannLevels ?? [];
  const against = levels.filter((l) => side * (entryN - l) > 0).sort((a, b) => side * (b - a));
  const ahead = levels.filter(beyond).sort((a, b) => side * (a - b));
  const support = side > 0 ? (against[0] ?? null) : (ahead[0] ?? null);
  const resistance = side > 0 ? (ahead[0] ?? null) : (against[0] ?? null);

  const atrStop = i.close - side * p.atrMultiple * i.atr;
  let stop = away(side, fromNumber(atrStop), tick);
  notes.push(
    `Volatility: ATR(${p.atrPeriod}) ${fmt(i.atr)}; stop ${p.atrMultiple} × ATR ${side > 0 ? 'below' : 'above'} the entry ${fmt(entryN)} at ${stop}.`,
  );
  const level = against[0];
  if (
    level !== undefined &&
    side * (level - atrStop) > 0 &&
    side * (entryN - level) >= MIN_STOP_ATR * i.atr
  ) {
    stop = away(side, decimal.sub(fromNumber(level), side > 0 ? tick : decimal.neg(tick)), tick);
    notes.push(
      `Gann: Square of 9 ${side > 0 ? 'support' : 'resistance'} ${fmt(level)} lies inside that distance; stop tucked one tick beyond it at ${stop}.`,
    );
  }
  if (decimal.cmp(stop, entry) === 0) stop = side > 0 ? decimal.sub(entry, tick) : decimal.add(entry, tick);
  if (decimal.cmp(stop, '0' as Decimal) <= 0) return { reason: `the stop ${stop} would be at or below zero` };

  const risk = decimal.sub(entry, stop);
  // entry + R·(entry − stop): above the entry for a long (stop below), below it for a short.
  let target = toward(side, decimal.add(entry, decimal.mul(fromNumber(p.rewardRisk), risk)), tick);
  notes.push(`Target: ${p.rewardRisk} R ${side > 0 ? 'above' : 'below'} the entry at ${target}.`);
  const next = ahead[0];
  if (next !== undefined && side * (Number(target) - next) > 0) {
    const refined = toward(side, fromNumber(next), tick);
    if (side * (Number(refined) - entryN) > 0) {
      target = refined;
      notes.push(
        `Gann: Square of 9 ${side > 0 ? 'resistance' : 'support'} ${fmt(next)} comes first; target moved to ${target}.`,
      );
    }
  }
  const rewardRisk = Math.round((Math.abs(Number(target) - entryN) / Math.abs(Number(risk))) * 100) / 100;
  return { entry, stop, target, rewardRisk, support, resistance, notes };
}
