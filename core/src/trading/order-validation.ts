import {
  type Decimal,
  dec,
  decimal,
  type Instrument,
  InvalidArgumentError,
  isDecimal,
  ORDER_TYPES,
  type OrderRequest,
  TIME_IN_FORCE,
  toSteps,
} from '@qmo/sdk';

const SIDES = ['buy', 'sell'] as const;

function invalid(field: keyof OrderRequest, message: string, value?: unknown): InvalidArgumentError {
  return new InvalidArgumentError(`${field}: ${message}`, value === undefined ? { field } : { field, value });
}

/**
 * Checks an order request against its instrument and returns it normalised: only the fields of
 * OrderRequest, decimals in canonical form. Throws InvalidArgumentError with `details.field` naming
 * the first field at fault. `instrument` undefined means the instrument is unknown.
 */
export function validateOrderRequest(
  request: OrderRequest,
  instrument: Instrument | undefined,
  now: number,
): OrderRequest {
  const r = request as Partial<Record<keyof OrderRequest, unknown>>;
  if (typeof r.clientOrderId !== 'string' || r.clientOrderId.trim() === '') {
    throw invalid('clientOrderId', 'required', r.clientOrderId);
  }
  if (typeof r.account !== 'string' || r.account === '') throw invalid('account', 'required', r.account);
  if (typeof r.instrument !== 'string' || r.instrument === '')
    throw invalid('instrument', 'required', r.instrument);
  if (!instrument || instrument.id !== r.instrument)
    throw invalid('instrument', `unknown instrument "${r.instrument}"`, r.instrument);
  if (!SIDES.includes(r.side as never)) throw invalid('side', 'must be "buy" or "sell"', r.side);
  if (!ORDER_TYPES.includes(r.type as never))
    throw invalid('type', `must be one of ${ORDER_TYPES.join(', ')}`, r.type);
  if (!TIME_IN_FORCE.includes(r.timeInForce as never)) {
    throw invalid('timeInForce', `must be one of ${TIME_IN_FORCE.join(', ')}`, r.timeInForce);
  }
  const type = request.type;
  const tif = request.timeInForce;

  const quantity = onGrid('quantity', r.quantity, instrument.lotSize, 'lot size');
  if (decimal.cmp(quantity, '0' as Decimal) <= 0)
    throw invalid('quantity', 'must be greater than 0', r.quantity);
  const minQuantity = instrument.minQuantity ?? instrument.lotSize;
  if (decimal.cmp(quantity, minQuantity) < 0)
    throw invalid('quantity', `must be at least ${minQuantity}`, r.quantity);

  const needsLimit = type === 'limit' || type === 'stop-limit';
  const needsStop = type === 'stop' || type === 'stop-limit';
  let limitPrice: Decimal | undefined;
  if (r.limitPrice !== undefined && r.limitPrice !== null) {
    if (!needsLimit) throw invalid('limitPrice', `a ${type} order has no limit price`, r.limitPrice);
    limitPrice = onGrid('limitPrice', r.limitPrice, instrument.tickSize, 'tick size');
  } else if (needsLimit) throw invalid('limitPrice', `required for a ${type} order`);
  let stopPrice: Decimal | undefined;
  if (r.stopPrice !== undefined && r.stopPrice !== null) {
    if (!needsStop) throw invalid('stopPrice', `a ${type} order has no stop price`, r.stopPrice);
    stopPrice = onGrid('stopPrice', r.stopPrice, instrument.tickSize, 'tick size');
  } else if (needsStop) throw invalid('stopPrice', `required for a ${type} order`);

  let expireAt: number | undefined;
  if (tif === 'GTD') {
    if (typeof r.expireAt !== 'number' || !Number.isSafeInteger(r.expireAt)) {
      throw invalid('expireAt', 'required for a GTD order (epoch milliseconds)', r.expireAt);
    }
    if (r.expireAt <= now) throw invalid('expireAt', 'must be in the future', r.expireAt);
    expireAt = r.expireAt;
  } else if (r.expireAt !== undefined && r.expireAt !== null) {
    throw invalid('expireAt', 'only a GTD order has an expiry time', r.expireAt);
  }

  let displayQuantity: Decimal | undefined;
  if (r.displayQuantity !== undefined && r.displayQuantity !== null) {
    displayQuantity = onGrid('displayQuantity', r.displayQuantity, instrument.lotSize, 'lot size');
    if (decimal.cmp(displayQuantity, '0' as Decimal) <= 0) {
      throw invalid('displayQuantity', 'must be greater than 0', r.displayQuantity);
    }
    if (decimal.cmp(displayQuantity, quantity) > 0) {
      throw invalid('displayQuantity', `must not exceed the quantity ${quantity}`, r.displayQuantity);
    }
  }

  const postOnly = optionalBoolean('postOnly', r.postOnly);
  if (postOnly) {
    if (type !== 'limit') throw invalid('postOnly', 'only a limit order can be post-only', r.postOnly);
    if (tif === 'IOC' || tif === 'FOK')
      throw invalid('postOnly', `a ${tif} order cannot be post-only`, r.postOnly);
  }
  const reduceOnly = optionalBoolean('reduceOnly', r.reduceOnly);
  if (
    r.strategy !== undefined &&
    r.strategy !== null &&
    (typeof r.strategy !== 'string' || r.strategy === '')
  ) {
    throw invalid('strategy', 'must be a non-empty string', r.strategy);
  }

  const normalised: OrderRequest = {
    clientOrderId: request.clientOrderId,
    account: request.account,
    instrument: request.instrument,
    side: request.side,
    type,
    quantity,
    timeInForce: tif,
  };
  if (limitPrice !== undefined) normalised.limitPrice = limitPrice;
  if (stopPrice !== undefined) normalised.stopPrice = stopPrice;
  if (expireAt !== undefined) normalised.expireAt = expireAt;
  if (displayQuantity !== undefined) normalised.displayQuantity = displayQuantity;
  if (postOnly !== undefined) normalised.postOnly = postOnly;
  if (reduceOnly !== undefined) normalised.reduceOnly = reduceOnly;
  if (typeof r.strategy === 'string') normalised.strategy = r.strategy;
  return normalised;
}

function onGrid(field: keyof OrderRequest, value: unknown, step: Decimal, stepName: string): Decimal {
  if (!isDecimal(value)) throw invalid(field, 'must be an exact decimal string, e.g. "1.25"', value);
  const canonical = dec(value);
  try {
    toSteps(canonical, step);
  } catch {
    throw invalid(field, `${value} is not a multiple of the ${stepName} ${step}`, value);
  }
  return canonical;
}

function optionalBoolean(field: keyof OrderRequest, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(field, 'must be true or false', value);
  return value;
}
