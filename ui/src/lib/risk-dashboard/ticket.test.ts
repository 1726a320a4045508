import { describe, expect, it } from 'vitest';
import { planFill } from './ticket.js';

describe('planFill', () => {
  it('buys below a stop under the entry and sells above one over it, at the entry', () => {
    expect(planFill({ entry: '100', stop: '95', target: '110' }, '4', 'ESZ6', 'A1')).toEqual({
      instrument: 'ESZ6',
      account: 'A1',
      side: 'buy',
      limitPrice: '100',
      quantity: '4',
    });
    expect(planFill({ entry: '100', stop: '105', target: '90' }, '4', 'ESZ6', null)?.side).toBe('sell');
    expect(planFill({ entry: '100', stop: '100', target: '90' }, '4', 'ESZ6', null)).toBeNull();
  });
});
