import {
  type Decimal,
  decimal,
  FINAL_ORDER_STATES,
  type Instrument,
  type InstrumentId,
  type RiskCheckInput,
  type RiskVerdict,
} from '@qmo/sdk';
import { orderPrice, referenceFor, signedQuantity, ZERO } from './orders.js';
import { reject } from './verdict.js';

/** One instrument of the account, valued in its quote currency (quantity × price × multiplier, signed). */
export interface ValuedInstrument {
  instrument: Instrument;
  /** The position (all strategies) at its mark. */
  position: Decimal;
  /** The order being checked at its price; zero for other instruments. */
  order: Decimal;
  /** Leaves of working buy orders at their price (≥ 0); only when asked for. */
  workingBuys: Decimal;
  /** Leaves of working sell orders at their price (≤ 0); only when asked for. */
  workingSells: Decimal;
}

export type Valuation = { ok: true; instruments: ValuedInstrument[] } | { ok: false; verdict: RiskVerdict };

export interface ValuationOptions {
  /** Value working orders too (margin). */
  includeWorking?: boolean;
  /** Instruments to value; others are skipped and need no mark. */
  include?: (instrument: Instrument) => boolean;
}

/**
 * Values every instrument the account holds, the order's instrument and (optionally) the instruments
 * of working orders. Fails closed: a position without a mark is `NO_MARK`, an order without any
 * price `NO_REFERENCE_PRICE`, an instrument the input does not describe `UNKNOWN_INSTRUMENT`.
 */
export function valueAccount(input: RiskCheckInput<unknown>, options: ValuationOptions = {}): Valuation {
  const quantities = new Map<InstrumentId, Decimal>();
  for (const p of input.positions)
    quantities.set(p.instrument, decimal.add(quantities.get(p.instrument) ?? ZERO, p.quantity));

  const ids = new Set<InstrumentId>();
  for (const [id, quantity] of quantities) if (!decimal.isZero(quantity)) ids.add(id);
  ids.add(input.instrument.id);
  const working = options.includeWorking
    ? input.workingOrders.filter((o) => !FINAL_ORDER_STATES.has(o.state))
    : [];
  for (const o of working) ids.add(o.instrument);

  const instruments: ValuedInstrument[] = [];
  for (const id of [...ids].sort()) {
    const instrument = id === input.instrument.id ? input.instrument : input.instruments[id];
    if (instrument === undefined) {
      return {
        ok: false,
        verdict: reject('UNKNOWN_INSTRUMENT', `instrument ${id} held or worked by the account is not known`, {
          instrument: id,
        }),
      };
    }
    if (options.include && !options.include(instrument)) continue;
    const multiplier = instrument.multiplier;
    const reference = referenceFor(input, id);

    let position = ZERO;
    const quantity = quantities.get(id) ?? ZERO;
    if (!decimal.isZero(quantity)) {
      if (reference === null) {
        return {
          ok: false,
          verdict: reject('NO_MARK', `no mark for ${id}: the position of ${quantity} cannot be valued`, {
            instrument: id,
            position: quantity,
          }),
        };
      }
      position = decimal.mul(decimal.mul(quantity, reference), multiplier);
    }

    let order = ZERO;
    if (id === input.instrument.id) {
      const priced = orderPrice(input.request, reference);
      if (priced === null) {
        return {
          ok: false,
          verdict: reject(
            'NO_REFERENCE_PRICE',
            `no price to value the ${input.request.type} order in ${id}`,
            {
              instrument: id,
              orderType: input.request.type,
            },
          ),
        };
      }
      order = decimal.mul(
        decimal.mul(signedQuantity(input.request.side, input.request.quantity), priced.price),
        multiplier,
      );
    }

    let workingBuys = ZERO;
    let workingSells = ZERO;
    for (const o of working) {
      if (o.instrument !== id) continue;
      const priced = orderPrice(o, reference);
      if (priced === null) {
        return {
          ok: false,
          verdict: reject(
            'NO_MARK',
            `no mark for ${id}: working ${o.type} order ${o.orderId} cannot be valued`,
            {
              instrument: id,
              orderId: o.orderId,
            },
          ),
        };
      }
      const value = decimal.mul(
        decimal.mul(signedQuantity(o.side, o.leavesQuantity), priced.price),
        multiplier,
      );
      if (o.side === 'buy') workingBuys = decimal.add(workingBuys, value);
      else workingSells = decimal.add(workingSells, value);
    }

    instruments.push({ instrument, position, order, workingBuys, workingSells });
  }
  return { ok: true, instruments };
}
