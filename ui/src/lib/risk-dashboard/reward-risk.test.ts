import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromScaled } from '../format/decimal.js';
import { formatRatio, rewardRisk } from './reward-risk.js';

describe('rewardRisk', () => {
  it('divides the distance to the target by the distance to the stop', () => {
    expect(rewardRisk({ stop: '4990', target: '5020' }, '5000')).toBe('2.00');
    expect(rewardRisk({ stop: '1.0900', target: '1.0800' }, '1.0870')).toBe('2.33');
    expect(formatRatio(rewardRisk({ stop: '90', target: '120' }, '100'))).toBe('1 : 2.00');
  });

  it('follows the price: better as it nears the stop, worse as it nears the target', () => {
    const levels = { stop: '90', target: '120' };
    expect(rewardRisk(levels, '95')).toBe('5.00');
    expect(rewardRisk(levels, '110')).toBe('0.50');
  });

  it('has no ratio at or beyond the stop or the target', () => {
    const levels = { stop: '90', target: '120' };
    for (const p of ['90', '80', '120', '130']) expect(rewardRisk(levels, p)).toBeNull();
    expect(formatRatio(null)).toBe('—');
  });

  it('is positive whenever the price is between the stop and the target (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.boolean(),
        (p, down, up, short) => {
          const price = fromScaled(p + 10n ** 6n, 3);
          const stop = fromScaled(short ? p + 10n ** 6n + down : p + 10n ** 6n - down, 3);
          const target = fromScaled(short ? p + 10n ** 6n - up : p + 10n ** 6n + up, 3);
          const r = rewardRisk({ stop, target }, price, 4);
          expect(r).not.toBeNull();
          expect(Number(r)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
