import { describe, expect, it } from 'vitest';
import { type ChartIndicator, nextUid, paramErrorsOf, readSaved, toSaved } from './instances.js';

const item = (uid: string, id = uid.replace(/-\d+$/, '')): ChartIndicator => ({
  uid,
  id,
  params: {},
  visible: true,
});

describe('chart indicator instances', () => {
  it('gives the first instance the indicator id, then numbers the next free one', () => {
    expect(nextUid([], 'sma')).toBe('sma');
    expect(nextUid([item('sma')], 'sma')).toBe('sma-2');
    expect(nextUid([item('sma'), item('sma-2'), item('ema')], 'sma')).toBe('sma-3');
    expect(nextUid([item('sma-2')], 'sma')).toBe('sma');
  });

  it('reads the saved list, the older bare list, and drops broken entries', () => {
    const saved = toSaved([{ uid: 'sma-2', id: 'sma', params: { period: 5 }, visible: false }]);
    expect(readSaved(saved)).toEqual(saved.items);
    expect(readSaved([{ id: 'sma', params: { period: 3 } }, { id: 'sma', params: {} }, { id: 7 }])).toEqual([
      { uid: 'sma', id: 'sma', params: { period: 3 }, visible: true },
      { uid: 'sma-2', id: 'sma', params: {}, visible: true },
    ]);
    expect(
      readSaved({
        version: 1,
        items: [
          { uid: 'a', id: 'x', params: {} },
          { uid: 'a', id: 'x', params: {} },
        ],
      }),
    ).toEqual([
      { uid: 'a', id: 'x', params: {}, visible: true },
      { uid: 'x', id: 'x', params: {}, visible: true },
    ]);
    expect(readSaved(null)).toBeNull();
    expect(readSaved('nope')).toBeNull();
  });

  it("maps a problem's params.<key> errors to the fields", () => {
    expect(
      paramErrorsOf({
        errors: [
          { path: 'params.period', message: 'Too small: expected number to be >0' },
          { path: 'query.tf', message: 'bad' },
          { path: 'params.source.kind', message: 'nested' },
        ],
      }),
    ).toEqual({ period: 'Too small: expected number to be >0', source: 'nested' });
    expect(paramErrorsOf(null)).toEqual({});
  });
});
