import type { Side } from '@qmo/sdk';
import { normalizeDecimal } from '../format/decimal.js';
import type { OrderForm } from './order-form.js';

/** What another panel asks the order ticket to show: a limit order for one instrument. */
export interface TicketFill {
  instrument: string;
  account: string | null;
  side: Side;
  limitPrice: string;
  quantity: string;
}

/** The ticket's form with a fill applied: a limit order at the price (the account only when granted). */
export function applyTicketFill(form: OrderForm, fill: TicketFill, accounts: readonly string[]): OrderForm {
  return {
    ...form,
    account: fill.account && accounts.includes(fill.account) ? fill.account : form.account,
    side: fill.side,
    type: 'limit',
    limitPrice: normalizeDecimal(fill.limitPrice),
    stopPrice: '',
    quantity: normalizeDecimal(fill.quantity),
  };
}
