import { describe, expect, it } from 'vitest';
import { evaluateMentor, mentorParams } from '../src/index.js';
import { ESZ6, EURUSD, inputOf } from './fixtures.js';

const defaults = mentorParams.parse({});
const n = 30;
const flatList = (v: number) => Array.from({ length: n }, () => v);
/** EMA fast above slow, the slow EMA rising, RSI 65, ATR 0.0010, last close 1.085. */
const bullish = {
  closes: flatList(1.085),
  emaFast: flatList(1.0845),
  emaSlow: Array.from({ length: n }, (_, i) => 1.08 + i * 0.0001),
  rsi: flatList(65),
  atr: flatList(0.001),
};

describe('Mentor decisions, worked', () => {
  it('goes long on an up trend with positive momentum: stop 2 ATR below, target 2 R above, sized to 1 %', () => {
    const a = evaluateMentor(inputOf(EURUSD, bullish, { equity: '1000000', riskPercent: 1 }), defaults);
    expect(a).toMatchObject({
      advisor: 'mentor',
      instrument: 'EURUSD',
      bias: 'long',
      entry: 1.085,
      stop: 1.083,
      target: 1.089,
      rewardRisk: 2,
      confidence: 0.875,
      quantity: '5000000',
    });
    expect(a.inputs).toMatchObject({
      close: 1.085,
      emaFast: 1.0845,
      rsi: 65,
      atr: 0.001,
      score: 0.875,
      votes: { trend: { vote: 1, weight: 1 }, momentum: { vote: 0.75, weight: 1 } },
      riskBudget: '10000',
      riskPerLot: '2',
    });
    expect(a.rationale.join('\n')).toMatch(/Trend: EMA\(12\) 1\.08450 is above EMA\(26\)/);
    expect(a.rationale.join('\n')).toMatch(/Momentum: RSI\(14\) 65\.0 is above 50/);
    expect(a.rationale.join('\n')).toMatch(/Decision: long/);
    expect(a.rationale.at(-1)).toMatch(/5000 lots = 5000000/);
  });

  it('takes profit at a nearer Square of 9 resistance and tucks the stop beyond a support', () => {
    const gann = flatList(0).map(() => [1.0825, 1.0838, 1.085, 1.087, 1.1]);
    const a = evaluateMentor(
      inputOf(EURUSD, { ...bullish, gann }, { equity: '1000000', riskPercent: 1 }),
      defaults,
    );
    expect(a).toMatchObject({ bias: 'long', entry: 1.085, stop: 1.08379, target: 1.087 });
    expect(a.rewardRisk).toBe(Math.round((0.002 / 0.00121) * 100) / 100);
    expect(a.inputs).toMatchObject({ gannSupport: 1.0838, gannResistance: 1.087 });
    expect(a.rationale.filter((line) => line.startsWith('Gann:'))).toHaveLength(2);
  });

  it('goes short on the mirror image, and stays flat when the inputs disagree', () => {
    const bearish = {
      closes: flatList(5000),
      emaFast: flatList(5010),
      emaSlow: Array.from({ length: n }, (_, i) => 5100 - i),
      rsi: flatList(30),
      atr: flatList(4),
    };
    const short = evaluateMentor(inputOf(ESZ6, bearish, { equity: '250000', riskPercent: 1 }), defaults);
    expect(short).toMatchObject({ bias: 'short', entry: 5000, stop: 5008, target: 4984, quantity: '6' });
    const mixed = evaluateMentor(inputOf(ESZ6, { ...bearish, rsi: flatList(70) }), defaults);
    expect(mixed).toMatchObject({ bias: 'flat', entry: null, quantity: null, confidence: 0 });
    expect(mixed.rationale.at(-1)).toMatch(/Decision: flat/);
  });

  it('stays flat while an input warms up, and leaves out inputs weighted 0', () => {
    const warming = evaluateMentor(
      inputOf(EURUSD, { ...bullish, rsi: flatList(0).map(() => null) }),
      defaults,
    );
    expect(warming).toMatchObject({ bias: 'flat', confidence: 0 });
    expect(warming.rationale[0]).toMatch(/RSI\(14\) needs 15 bars/);
    const trendOnly = evaluateMentor(
      inputOf(EURUSD, { ...bullish, rsi: undefined }),
      mentorParams.parse({ momentumWeight: 0 }),
    );
    expect(trendOnly).toMatchObject({ bias: 'long', confidence: 1 });
  });
});
