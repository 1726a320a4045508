/**
 * The order ticket's pure logic: what the trader typed (strings) → a checked `OrderRequest`, the
 * estimated notional and the one-line summary for the confirmation. Exact decimal strings throughout.
 */
import type { Decimal, OrderRequest, OrderType, Side, TimeInForce } from '@qmo/sdk';
import {
  compareDecimal,
  groupThousands,
  isDecimal,
  isOnGrid,
  isZeroDecimal,
  multiplyDecimal,
  normalizeDecimal,
  padDecimal,
  placesOf,
} from '../format/decimal.js';

export const TICKET_ORDER_TYPES = [
  'market',
  'limit',
  'stop',
  'stop-limit',
] as const satisfies readonly OrderType[];
export const TICKET_TIFS = ['DAY', 'GTC', 'IOC', 'FOK', 'GTD'] as const satisfies readonly TimeInForce[];

/** The ticket's fields as typed; every number is a decimal string. */
export interface OrderForm {
  account: string;
  side: Side;
  quantity: string;
  type: OrderType;
  limitPrice: string;
  stopPrice: string;
  timeInForce: TimeInForce;
  /** GTD expiry as `YYYY-MM-DDTHH:mm[:ss]` in UTC (what a datetime-local input gives). */
  expireAt: string;
  displayQuantity: string;
  postOnly: boolean;
  reduceOnly: boolean;
  strategy: string;
}

/** The fields errors can be shown beside (the OrderRequest's names). */
export type OrderField = keyof OrderForm | 'instrument' | 'clientOrderId';
export type FieldErrors = Partial<Record<OrderField, string>>;

/** What the ticket needs to know about the instrument. */
export interface TicketInstrument {
  id: string;
  symbol?: string;
  tickSize: string;
  lotSize: string;
  minQuantity?: string;
  multiplier: string;
  currency: string;
  pricePrecision: number;
}

export type TicketRequest = Omit<OrderRequest, 'clientOrderId'>;

export interface Validation {
  errors: FieldErrors;
  /** The request to send, when there are no errors. */
  request: TicketRequest | null;
}

export const needsLimitPrice = (type: OrderType): boolean => type === 'limit' || type === 'stop-limit';
export const needsStopPrice = (type: OrderType): boolean => type === 'stop' || type === 'stop-limit';
/** Iceberg and post-only only make sense for orders that rest at a limit price. */
export const restsAtLimit = (type: OrderType): boolean => needsLimitPrice(type);

export const STRATEGY_MAX = 64;

export function emptyForm(account = '', quantity = ''): OrderForm {
  return {
    account,
    side: 'buy',
    quantity,
    type: 'limit',
    limitPrice: '',
    stopPrice: '',
    timeInForce: 'DAY',
    expireAt: '',
    displayQuantity: '',
    postOnly: false,
    reduceOnly: false,
    strategy: '',
  };
}

/** The default quantity: the minimum quantity, else one lot. */
export function defaultQuantity(instrument: TicketInstrument): string {
  return normalizeDecimal(instrument.minQuantity ?? instrument.lotSize);
}

const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** A datetime-local value read as UTC → epoch ms, or null when it is not one. */
export function parseUtcInput(value: string): number | null {
  const m = UTC_INPUT.exec(value.trim());
  if (!m) return null;
  const ms = Date.parse(`${value.trim()}${m[6] === undefined ? ':00' : ''}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/** Epoch ms → the `YYYY-MM-DDTHH:mm` a datetime-local input shows, in UTC. */
export function toUtcInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

function checkQuantity(value: string, instrument: TicketInstrument, what: string): string | null {
  const v = value.trim();
  if (v === '') return `${what} is required`;
  if (!isDecimal(v)) return `${what} must be a number`;
  if (compareDecimal(v, '0') <= 0) return `${what} must be greater than 0`;
  if (!isOnGrid(v, instrument.lotSize))
    return `must be a multiple of the lot size ${normalizeDecimal(instrument.lotSize)}`;
  return null;
}

function checkPrice(value: string, instrument: TicketInstrument, what: string): string | null {
  const v = value.trim();
  if (v === '') return `${what} is required`;
  if (!isDecimal(v)) return `${what} must be a number`;
  if (compareDecimal(v, '0') <= 0) return `${what} must be greater than 0`;
  if (!isOnGrid(v, instrument.tickSize))
    return `must be a multiple of the tick size ${normalizeDecimal(instrument.tickSize)}`;
  return null;
}

/**
 * Checks the form against the instrument's grid and the order type's needs; on success builds the
 * request with only the fields that apply (no limit price on a market order, no expiry unless GTD, …).
 */
export function validateOrder(
  form: OrderForm,
  instrument: TicketInstrument,
  context: { accounts: readonly string[]; now: number },
): Validation {
  const errors: FieldErrors = {};
  const set = (field: OrderField, message: string | null) => {
    if (message) errors[field] = message;
  };

  if (!form.account) set('account', 'choose an account');
  else if (!context.accounts.includes(form.account))
    set('account', `account ${form.account} is not granted to you`);

  const quantity = form.quantity.trim();
  set('quantity', checkQuantity(quantity, instrument, 'quantity'));
  if (!errors.quantity && instrument.minQuantity && compareDecimal(quantity, instrument.minQuantity) < 0)
    set('quantity', `at least ${normalizeDecimal(instrument.minQuantity)}`);

  if (needsLimitPrice(form.type)) set('limitPrice', checkPrice(form.limitPrice, instrument, 'limit price'));
  if (needsStopPrice(form.type)) set('stopPrice', checkPrice(form.stopPrice, instrument, 'stop price'));

  let expireAt: number | undefined;
  if (form.timeInForce === 'GTD') {
    const ms = form.expireAt.trim() ? parseUtcInput(form.expireAt) : null;
    if (!form.expireAt.trim()) set('expireAt', 'GTD needs an expiry');
    else if (ms === null) set('expireAt', 'not a date and time');
    else if (ms <= context.now) set('expireAt', 'the expiry is in the past');
    else expireAt = ms;
  }

  const display = form.displayQuantity.trim();
  if (display !== '') {
    if (!restsAtLimit(form.type))
      set('displayQuantity', 'only limit orders can show less than their quantity');
    else {
      set('displayQuantity', checkQuantity(display, instrument, 'display quantity'));
      if (!errors.displayQuantity && !errors.quantity && compareDecimal(display, quantity) > 0)
        set('displayQuantity', 'cannot exceed the quantity');
    }
  }

  if (form.postOnly) {
    if (!restsAtLimit(form.type)) set('postOnly', 'post-only needs a limit price');
    else if (form.timeInForce === 'IOC' || form.timeInForce === 'FOK')
      set('postOnly', `post-only cannot be ${form.timeInForce}`);
  }

  const strategy = form.strategy.trim();
  if (strategy.length > STRATEGY_MAX) set('strategy', `at most ${STRATEGY_MAX} characters`);

  if (Object.keys(errors).length) return { errors, request: null };

  const request: TicketRequest = {
    account: form.account,
    instrument: instrument.id,
    side: form.side,
    type: form.type,
    quantity: normalizeDecimal(quantity) as Decimal,
    timeInForce: form.timeInForce,
  };
  if (needsLimitPrice(form.type)) request.limitPrice = normalizeDecimal(form.limitPrice.trim()) as Decimal;
  if (needsStopPrice(form.type)) request.stopPrice = normalizeDecimal(form.stopPrice.trim()) as Decimal;
  if (expireAt !== undefined) request.expireAt = expireAt;
  if (display !== '') request.displayQuantity = normalizeDecimal(display) as Decimal;
  if (form.postOnly) request.postOnly = true;
  if (form.reduceOnly) request.reduceOnly = true;
  if (strategy) request.strategy = strategy;
  return { errors, request };
}

/** Best prices the ticket may prefill from and value a market order at. */
export interface Touch {
  bid: string | null;
  ask: string | null;
  last: string | null;
}

/** The price a side trades at now: buyers pay the ask, sellers hit the bid; else the other side, else last. */
export function touchPrice(side: Side, touch: Touch): string | null {
  return side === 'buy' ? (touch.ask ?? touch.bid ?? touch.last) : (touch.bid ?? touch.ask ?? touch.last);
}

export interface Notional {
  /** quantity × price × multiplier, exact. */
  value: string;
  /** The price used and where it came from. */
  price: string;
  basis: 'limit' | 'stop' | 'market';
}

/** Estimated notional: at the limit price, else the stop price, else (market) at the touch. Null while incomplete. */
export function estimateNotional(
  form: OrderForm,
  instrument: TicketInstrument,
  touch: Touch,
): Notional | null {
  const quantity = form.quantity.trim();
  if (!isDecimal(quantity) || compareDecimal(quantity, '0') <= 0) return null;
  let price: string | null;
  let basis: Notional['basis'];
  if (needsLimitPrice(form.type)) {
    price = form.limitPrice.trim();
    basis = 'limit';
  } else if (needsStopPrice(form.type)) {
    price = form.stopPrice.trim();
    basis = 'stop';
  } else {
    price = touchPrice(form.side, touch);
    basis = 'market';
  }
  if (!price || !isDecimal(price)) return null;
  const value = multiplyDecimal(multiplyDecimal(quantity, price), instrument.multiplier);
  return { value: normalizeDecimal(value), price, basis };
}

const TYPE_LABELS: Record<OrderType, string> = {
  market: 'MKT',
  limit: 'LMT',
  stop: 'STP',
  'stop-limit': 'STP LMT',
};

export const orderTypeLabel = (type: OrderType): string => TYPE_LABELS[type];

/** "BUY 100,000 EUR/USD LMT 1.08500 DAY" — the confirmation's headline. */
export function summarizeOrder(request: TicketRequest, instrument: TicketInstrument): string {
  const px = (v: string) => padDecimal(v, instrument.pricePrecision);
  const parts = [
    request.side.toUpperCase(),
    groupThousands(padDecimal(request.quantity, placesOf(instrument.lotSize))),
    instrument.symbol ?? instrument.id,
    TYPE_LABELS[request.type],
  ];
  if (request.stopPrice) parts.push(`stop ${px(request.stopPrice)}`);
  if (request.limitPrice) parts.push(`${request.stopPrice ? 'limit ' : ''}${px(request.limitPrice)}`);
  parts.push(request.timeInForce);
  return parts.join(' ');
}

/** Flags for the confirmation: iceberg, post-only, reduce-only, GTD expiry, strategy. */
export function orderFlags(request: TicketRequest): string[] {
  const flags: string[] = [];
  if (request.displayQuantity && !isZeroDecimal(request.displayQuantity))
    flags.push(`iceberg ${request.displayQuantity}`);
  if (request.postOnly) flags.push('post-only');
  if (request.reduceOnly) flags.push('reduce-only');
  if (request.expireAt !== undefined)
    flags.push(`expires ${new Date(request.expireAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  if (request.strategy) flags.push(`strategy ${request.strategy}`);
  return flags;
}
