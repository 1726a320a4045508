import type { MentorParams } from './params.js';
import type { MentorReadings } from './read-inputs.js';

/** One input's say in the decision: −1 (short) … +1 (long), its weight and why. */
export interface Vote {
  input: 'trend' | 'momentum';
  vote: number;
  weight: number;
  reason: string;
}

/** An input in use whose indicator is still warming up. */
export interface Missing {
  input: 'trend' | 'momentum' | 'volatility';
  reason: string;
}

const signed = (x: number) => (x > 0 ? `+${x.toFixed(2)}` : x.toFixed(2));
const leaning = (vote: number) => (vote > 0 ? 'bullish' : vote < 0 ? 'bearish' : 'neutral');
const clamp = (x: number) => Math.max(-1, Math.min(1, x));

/** Trend: the side of the fast EMA against the slow one, and the slope of the slow EMA; half a vote each. */
export function trendVote(
  r: MentorReadings,
  p: MentorParams,
  fmt: (price: number) => string,
): Vote | Missing {
  if (r.emaFast === null || r.emaSlow === null || r.emaSlowBefore === null)
    return { input: 'trend', reason: `Trend: EMA(${p.emaSlow}) needs ${p.emaSlow + p.slopeBars} bars` };
  const cross = Math.sign(r.emaFast - r.emaSlow);
  const slopeValue = r.emaSlow - r.emaSlowBefore;
  const slope = Math.sign(slopeValue);
  const vote = (cross + slope) / 2;
  const side = cross > 0 ? 'above' : cross < 0 ? 'below' : 'on';
  const direction = slope > 0 ? 'rising' : slope < 0 ? 'falling' : 'flat';
  return {
    input: 'trend',
    vote,
    weight: p.trendWeight,
    reason:
      `Trend: EMA(${p.emaFast}) ${fmt(r.emaFast)} is ${side} EMA(${p.emaSlow}) ${fmt(r.emaSlow)}, ` +
      `and EMA(${p.emaSlow}) is ${direction} over ${p.slopeBars} bars (${slopeValue >= 0 ? '+' : '−'}${fmt(Math.abs(slopeValue))}) ` +
      `→ ${leaning(vote)} ${signed(vote)} × weight ${p.trendWeight}.`,
  };
}

/** Momentum: RSI above 50 leans long, below leans short; `rsiSpan` points from 50 is a full vote. */
export function momentumVote(r: MentorReadings, p: MentorParams): Vote | Missing {
  if (r.rsi === null)
    return { input: 'momentum', reason: `Momentum: RSI(${p.rsiPeriod}) needs ${p.rsiPeriod + 1} bars` };
  const vote = clamp((r.rsi - 50) / p.rsiSpan);
  const where = r.rsi > 50 ? 'above' : r.rsi < 50 ? 'below' : 'at';
  const extreme =
    Math.abs(r.rsi - 50) >= p.rsiSpan ? ` (${r.rsi > 50 ? 'overbought' : 'oversold'} zone: full vote)` : '';
  return {
    input: 'momentum',
    vote,
    weight: p.momentumWeight,
    reason:
      `Momentum: RSI(${p.rsiPeriod}) ${r.rsi.toFixed(1)} is ${where} 50${extreme} ` +
      `→ ${leaning(vote)} ${signed(vote)} × weight ${p.momentumWeight}.`,
  };
}

export const isVote = (v: Vote | Missing): v is Vote => 'vote' in v;

/** Weighted mean of the votes, −1 … 1. */
export function score(votes: readonly Vote[]): number {
  const total = votes.reduce((sum, v) => sum + v.weight, 0);
  if (total === 0) return 0;
  return votes.reduce((sum, v) => sum + v.weight * v.vote, 0) / total;
}
