import {
  type Decimal,
  decimal,
  fromSteps,
  type Instrument,
  type Order,
  type OrderChanges,
  toSteps,
} from '@qmo/sdk';
import { REJECT_CODES, type RejectCode } from './codes.js';
import type { EngineOrder, EngineReplace } from './matching-engine.js';

export type Converted<T> = { ok: true; value: T } | { ok: false; code: RejectCode; text: string };

/** A decimal as whole steps of `step`, or null when it is malformed, off the grid or not a safe integer. */
export function stepsOf(value: Decimal | string | undefined | null, step: Decimal): number | null {
  if (typeof value !== 'string') return null;
  try {
    const steps = toSteps(value as Decimal, step);
    const n = Number(steps);
    return Number.isSafeInteger(n) ? n : null;
  } catch {
    return null;
  }
}

export const ticksOf = (instrument: Instrument, price: Decimal | string | undefined | null) =>
  stepsOf(price, instrument.tickSize);
export const lotsOf = (instrument: Instrument, quantity: Decimal | string | undefined | null) =>
  stepsOf(quantity, instrument.lotSize);
export const priceOf = (instrument: Instrument, ticks: number): Decimal =>
  fromSteps(ticks, instrument.tickSize);
export const quantityOf = (instrument: Instrument, lots: number): Decimal =>
  fromSteps(lots, instrument.lotSize);

const fail = (code: RejectCode, text: string): Converted<never> => ({ ok: false, code, text });

function quantityLots(
  instrument: Instrument,
  quantity: Decimal | undefined,
  field: string,
): Converted<number> {
  const lots = lotsOf(instrument, quantity);
  if (lots === null || lots <= 0) {
    return fail(
      REJECT_CODES.INVALID_QUANTITY,
      `${field} ${quantity} is not a positive multiple of the lot size ${instrument.lotSize}`,
    );
  }
  return { ok: true, value: lots };
}

function priceTicks(instrument: Instrument, price: Decimal | undefined, field: string): Converted<number> {
  const ticks = ticksOf(instrument, price);
  if (ticks === null || ticks <= 0) {
    return fail(
      REJECT_CODES.INVALID_PRICE,
      `${field} ${price ?? '(missing)'} is not a positive multiple of the tick size ${instrument.tickSize}`,
    );
  }
  return { ok: true, value: ticks };
}

/** An SDK order as the engine takes it, on the instrument's grid; the first problem otherwise. */
export function toEngineOrder(
  order: Order,
  instrument: Instrument,
  engineId: string,
  options: { checkMinimum?: boolean } = {},
): Converted<EngineOrder> {
  const quantity = quantityLots(instrument, order.quantity, 'quantity');
  if (!quantity.ok) return quantity;
  const min = instrument.minQuantity;
  if (options.checkMinimum !== false && min !== undefined && decimal.cmp(order.quantity, min) < 0) {
    return fail(REJECT_CODES.INVALID_QUANTITY, `quantity ${order.quantity} is below the minimum ${min}`);
  }
  const out: EngineOrder = {
    orderId: engineId,
    account: order.account,
    side: order.side,
    type: order.type,
    quantity: quantity.value,
    timeInForce: order.timeInForce,
  };
  if (order.type === 'limit' || order.type === 'stop-limit') {
    const price = priceTicks(instrument, order.limitPrice, 'limit price');
    if (!price.ok) return price;
    out.price = price.value;
  }
  if (order.type === 'stop' || order.type === 'stop-limit') {
    const stop = priceTicks(instrument, order.stopPrice, 'stop price');
    if (!stop.ok) return stop;
    out.stopPrice = stop.value;
  }
  if (order.displayQuantity !== undefined) {
    const display = quantityLots(instrument, order.displayQuantity, 'display quantity');
    if (!display.ok) return display;
    out.displayQuantity = display.value;
  }
  if (order.postOnly) out.postOnly = true;
  if (order.timeInForce === 'GTD' && order.expireAt !== undefined) out.expireAt = order.expireAt;
  return { ok: true, value: out };
}

/** Replace changes on the instrument's grid. */
export function toEngineReplace(changes: OrderChanges, instrument: Instrument): Converted<EngineReplace> {
  const out: EngineReplace = {};
  if (changes.quantity !== undefined) {
    const quantity = quantityLots(instrument, changes.quantity, 'quantity');
    if (!quantity.ok) return quantity;
    out.quantity = quantity.value;
  }
  if (changes.limitPrice !== undefined) {
    const price = priceTicks(instrument, changes.limitPrice, 'limit price');
    if (!price.ok) return price;
    out.price = price.value;
  }
  if (changes.stopPrice !== undefined) {
    const stop = priceTicks(instrument, changes.stopPrice, 'stop price');
    if (!stop.ok) return stop;
    out.stopPrice = stop.value;
  }
  return { ok: true, value: out };
}

/**
 * `lots × factor`, rounded down to whole lots, exactly (integer arithmetic on the factor's digits).
 */
export function scaleLots(lots: number, factor: Decimal): number {
  const dot = factor.indexOf('.');
  const digits = BigInt(dot < 0 ? factor : factor.slice(0, dot) + factor.slice(dot + 1));
  const scale = 10n ** BigInt(dot < 0 ? 0 : factor.length - dot - 1);
  return Number((BigInt(lots) * digits) / scale);
}
