import { describe, expect, it } from 'vitest';
import { emptyForm } from './order-form.js';
import { applyTicketFill } from './ticket-fill.js';

describe('applyTicketFill', () => {
  const fill = {
    instrument: 'ESZ6',
    account: 'A2',
    side: 'sell' as const,
    limitPrice: '5000.250',
    quantity: '3.0',
  };

  it('makes a limit order at the price, with the side and quantity', () => {
    const form = { ...emptyForm('A1', '1'), type: 'stop-limit' as const, stopPrice: '4990' };
    expect(applyTicketFill(form, fill, ['A1', 'A2'])).toMatchObject({
      account: 'A2',
      side: 'sell',
      type: 'limit',
      limitPrice: '5000.25',
      stopPrice: '',
      quantity: '3',
    });
  });

  it('keeps the account when the requested one is not granted', () => {
    expect(applyTicketFill(emptyForm('A1'), fill, ['A1']).account).toBe('A1');
    expect(applyTicketFill(emptyForm('A1'), { ...fill, account: null }, ['A1', 'A2']).account).toBe('A1');
  });
});
