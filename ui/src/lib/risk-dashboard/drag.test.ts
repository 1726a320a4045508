import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOnGrid } from '../format/decimal.js';
import { dragLevel, hitLevel } from './drag.js';
import { isConsistent, type LevelKey, type Levels, sideOf } from './levels.js';

const long: Levels = { entry: '100', stop: '95', target: '110' };
const short: Levels = { entry: '100', stop: '105', target: '90' };

describe('hitLevel', () => {
  it('finds the nearest line within the tolerance', () => {
    const ys = { entry: 100, stop: 140, target: 40 };
    expect(hitLevel(103, ys)).toBe('entry');
    expect(hitLevel(137, ys)).toBe('stop');
    expect(hitLevel(70, ys)).toBeNull();
    expect(hitLevel(40, { entry: null, stop: null, target: 40 })).toBe('target');
    expect(hitLevel(104, { entry: 100, stop: 106, target: 0 })).toBe('stop');
  });
});

describe('dragLevel', () => {
  it('moves the dragged level to the price on the tick grid', () => {
    expect(dragLevel(long, 'stop', 93.13, '0.25')).toEqual({ ...long, stop: '93.25' });
    expect(dragLevel(long, 'target', 120.9, '0.5')).toEqual({ ...long, target: '121' });
    expect(dragLevel(long, 'entry', 101.01, '0.01')).toEqual({ ...long, entry: '101.01' });
    expect(dragLevel(short, 'stop', 107.2, '0.1')).toEqual({ ...short, stop: '107.2' });
  });

  it('keeps the stop and the target on their sides and the entry between them', () => {
    expect(dragLevel(long, 'stop', 130, '0.25')).toEqual({ ...long, stop: '99.75' });
    expect(dragLevel(long, 'target', 50, '0.25')).toEqual({ ...long, target: '100.25' });
    expect(dragLevel(long, 'entry', 200, '0.25')).toEqual({ ...long, entry: '109.75' });
    expect(dragLevel(short, 'stop', 50, '1')).toEqual({ ...short, stop: '101' });
    expect(dragLevel(short, 'entry', 0, '1')).toEqual({ ...short, entry: '91' });
    expect(dragLevel(long, 'stop', Number.NaN, '0.25')).toBeNull();
  });

  it('always yields consistent levels on the grid, on the same side (property)', () => {
    const key = fc.constantFrom<LevelKey>('entry', 'stop', 'target');
    fc.assert(
      fc.property(fc.boolean(), key, fc.double({ min: 0, max: 300, noNaN: true }), (isShort, k, price) => {
        const levels = isShort ? short : long;
        const next = dragLevel(levels, k, price, '0.25');
        expect(next).not.toBeNull();
        if (!next) return;
        expect(isConsistent(next)).toBe(true);
        expect(sideOf(next)).toBe(sideOf(levels));
        for (const v of [next.entry, next.stop, next.target]) expect(isOnGrid(v, '0.25')).toBe(true);
      }),
    );
  });
});
