import type { Decimal, RiskAssessment } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { isConsistent, levelsAround, levelsFromAssessment, priceOnGrid, sideOf } from './levels.js';

const assessment = (over: Partial<RiskAssessment>): RiskAssessment => ({
  advisor: 'mentor',
  instrument: 'ESZ6',
  tf: '1m',
  ts: 0,
  bias: 'long',
  entry: 5000.1,
  stop: 4990.13,
  target: 5020.4,
  rewardRisk: 2,
  confidence: 0.5,
  quantity: '1' as Decimal,
  rationale: [],
  inputs: {},
  ...over,
});

describe('levels', () => {
  it('puts chart floats on the tick grid', () => {
    expect(priceOnGrid(5000.13, '0.25')).toBe('5000.25');
    expect(priceOnGrid(1.085004, '0.00001')).toBe('1.085');
    expect(priceOnGrid(0.1 + 0.2, '0.1')).toBe('0.3');
    expect(priceOnGrid(Number.NaN, '0.25')).toBeNull();
  });

  it("takes Mentor's levels on the grid, none when flat", () => {
    expect(levelsFromAssessment(assessment({}), '0.25')).toEqual({
      entry: '5000',
      stop: '4990.25',
      target: '5020.5',
    });
    expect(levelsFromAssessment(assessment({ bias: 'flat' }), '0.25')).toBeNull();
    expect(levelsFromAssessment(assessment({ stop: null }), '0.25')).toBeNull();
    expect(levelsFromAssessment(assessment({ stop: 5000.1 }), '0.25')).toBeNull();
  });

  it('knows the side from the stop and places levels around a price', () => {
    expect(sideOf({ entry: '10', stop: '9', target: '12' })).toBe('buy');
    expect(sideOf({ entry: '10', stop: '11', target: '8' })).toBe('sell');
    expect(sideOf({ entry: '10', stop: '10', target: '8' })).toBeNull();
    const placed = levelsAround('5000.3', '0.25', 20);
    expect(placed).toEqual({ entry: '5000.25', stop: '4995.25', target: '5010.25' });
    expect(isConsistent(placed)).toBe(true);
    expect(isConsistent({ entry: '10', stop: '9', target: '9.5' })).toBe(false);
  });
});
