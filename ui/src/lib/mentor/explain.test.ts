import { describe, expect, it } from 'vitest';
import { formatConfidence, formatPrice, formatRewardRisk, inputLabel, inputRows } from './explain.js';

describe('Mentor explanation', () => {
  it('lists the inputs with readable values, votes in words and long level lists left out', () => {
    const rows = inputRows({
      close: 1.085,
      rsi: 61.23456789,
      barTime: Date.UTC(2026, 0, 2, 10, 30),
      votes: { trend: { vote: 1, weight: 1 }, momentum: { vote: -0.5, weight: 2 } },
      equity: '1000000',
      gannSupport: null,
      gannLevels: Array.from({ length: 17 }, (_, i) => i),
    });
    expect(rows).toEqual([
      { key: 'close', value: '1.085' },
      { key: 'rsi', value: '61.2346' },
      { key: 'barTime', value: '2026-01-02 10:30' },
      { key: 'votes', value: 'trend +1 × 1, momentum -0.5 × 2' },
      { key: 'equity', value: '1000000' },
      { key: 'gannSupport', value: '—' },
    ]);
    expect(inputLabel('atr')).toBe('ATR');
    expect(inputLabel('custom')).toBe('custom');
  });

  it('formats prices, reward:risk and confidence', () => {
    expect(formatPrice(1.083, 5)).toBe('1.08300');
    expect(formatPrice(null, 5)).toBe('—');
    expect(formatRewardRisk(2)).toBe('1 : 2.00');
    expect(formatConfidence(0.875)).toBe('88%');
  });
});
