import {
  dec,
  type Execution,
  errorMessage,
  isDecimal,
  type Logger,
  type Order,
  type OrderChanges,
  type VenueEvents,
} from '@qmo/sdk';
import type { Marks } from './marks.js';
import { actorOf, type OrderFlow } from './order-flow.js';
import { confirmReplacement } from './order-state-machine.js';
import type { Portfolio } from './portfolio.js';
import type { VenueContribution, VenueRouter } from './venue-router.js';

export interface VenueEventDeps {
  flow: OrderFlow;
  router: VenueRouter;
  portfolio: Portfolio;
  marks: Marks;
  logger: Logger;
  /** After a fill: run the account's monitors. */
  filled(account: string): void;
}

/**
 * What a venue reports through: each event is queued on its order (so events of one order never
 * interleave), turned into a transition, written with its audit record, then published.
 */
export function venueEvents(venue: VenueContribution, deps: VenueEventDeps): VenueEvents {
  const { flow, logger } = deps;
  const actor = actorOf(venue);
  const venueId = venue.value.venue;

  const on = (event: string, orderId: string, handle: (order: Order) => Promise<void>): void => {
    if (!deps.router.isCurrent(venue)) {
      logger.warn('event from a disconnected venue ignored', { venue: venueId, event, orderId });
      return;
    }
    if (typeof orderId !== 'string') {
      venue.fault(new TypeError(`venue ${venueId} reported ${event} without an order id`));
      return;
    }
    flow
      .enqueue(orderId, async () => {
        const order = flow.working.get(flow.working.resolve(orderId));
        if (!order) {
          const stored = await flow.options.store.order(orderId);
          if (!stored)
            venue.fault(new Error(`venue ${venueId} reported ${event} for unknown order ${orderId}`));
          else
            logger.warn('venue event for an order already final', {
              venue: venueId,
              event,
              orderId,
              state: stored.state,
            });
          return;
        }
        if (order.venue !== venueId) {
          venue.fault(
            new Error(`venue ${venueId} reported ${event} for order ${orderId} of venue ${order.venue}`),
          );
          return;
        }
        await handle(order);
      })
      .catch((error) =>
        logger.error('venue event failed', { venue: venueId, event, orderId, error: errorMessage(error) }),
      );
  };

  return {
    accepted(orderId, venueOrderId) {
      on('accepted', orderId, async (order) => {
        const next = flow.transition(order, { type: 'accepted', venueOrderId });
        if (!next || (next.state === order.state && next.venueOrderId === order.venueOrderId)) return;
        await flow.commit({
          updates: [next],
          audits: [flow.audit(actor, 'order.accepted', next, { order: next })],
        });
        flow.publish(next);
      });
    },

    rejected(orderId, reason) {
      on('rejected', orderId, async (order) => {
        const rejectReason = {
          source: 'venue' as const,
          code: reason?.code ?? 'VENUE_REJECT',
          text: reason?.text ?? '',
        };
        const next = flow.transition(order, { type: 'rejected', reason: rejectReason });
        if (!next) return;
        const dropped = flow.abandonReplacement(order, rejectReason);
        await flow.commit({
          updates: [next, ...dropped],
          audits: [flow.audit(actor, 'order.rejected', next, { order: next })],
        });
        flow.publish(next, ...dropped);
      });
    },

    executed(execution) {
      on('fill', execution?.orderId, async (order) => {
        const currency = flow.options.instruments.get(order.instrument)?.currency ?? 'USD';
        const fill = normalise(execution, order, currency, flow.now());
        if (typeof fill === 'string') {
          venue.fault(new TypeError(`venue ${venueId}: malformed execution for ${order.orderId}: ${fill}`));
          return;
        }
        if (deps.portfolio.hasApplied(fill.executionId)) return;
        const next = flow.transition(order, { type: 'fill', quantity: fill.quantity, price: fill.price });
        if (!next) {
          venue.fault(
            new Error(
              `venue ${venueId}: fill ${fill.executionId} does not fit order ${order.orderId} (${order.state})`,
            ),
          );
          return;
        }
        const dropped =
          next.state === 'Filled'
            ? flow.abandonReplacement(order, {
                source: 'oms',
                code: 'ORDER_FILLED',
                text: `order ${order.orderId} was filled before the replace was confirmed`,
              })
            : [];
        const written = await flow.commit({
          execution: fill,
          updates: [next, ...dropped],
          audits: [flow.audit(actor, 'order.fill', next, { order: next, execution: fill })],
        });
        if (!written) return;
        deps.portfolio.apply(fill, order.strategy);
        const bus = flow.options.kernel.bus;
        bus.emit('execution.created', fill);
        flow.publish(next, ...dropped);
        const position = deps.portfolio.position(fill.account, fill.instrument, order.strategy, (id) =>
          deps.marks.mark(id),
        );
        if (position) bus.emit('position.updated', position);
        deps.filled(fill.account);
      });
    },

    canceled(orderId, reason) {
      on('canceled', orderId, (order) => flow.ended(order, actor, reason ? { reason } : {}));
    },

    expired(orderId) {
      on('expired', orderId, (order) => flow.ended(order, actor, {}, true));
    },

    replaced(orderId, changes) {
      on('replaced', orderId, async (order) => {
        const replacement = flow.working.pendingReplacement(order.orderId);
        if (!replacement) {
          venue.fault(
            new Error(`venue ${venueId} confirmed a replace of ${order.orderId} that was not requested`),
          );
          return;
        }
        const old = flow.transition(order, { type: 'replaced', replacedBy: replacement.orderId });
        if (!old) return;
        const confirmed = confirmReplacement({ ...replacement, ...validChanges(changes) }, old, flow.now());
        await flow.commit({
          updates: [old, confirmed],
          audits: [
            flow.audit(actor, 'order.replaced', old, {
              order: old,
              replacement: confirmed,
              changes: changes ?? {},
            }),
          ],
        });
        flow.working.confirmReplacement(old, confirmed);
        flow.publish(old, confirmed);
      });
    },

    cancelRejected(orderId, reason) {
      on('cancelRejected', orderId, (order) =>
        flow.refused(order.orderId, actor, {
          code: reason?.code ?? 'CANCEL_REJECTED',
          text: reason?.text ?? '',
        }),
      );
    },

    connection(state, detail) {
      if (state === 'connected') logger.info('venue connection up', { venue: venueId, detail });
      else logger.warn('venue connection down', { venue: venueId, detail });
    },
  };
}

/** The fill as stored: the order's own identity (never the venue's word for it), checked numbers. */
function normalise(e: Execution, order: Order, currency: string, now: number): Execution | string {
  if (typeof e?.executionId !== 'string' || e.executionId === '') return 'executionId missing';
  if (!isDecimal(e.quantity)) return `quantity ${JSON.stringify(e.quantity)} is not a decimal`;
  if (!isDecimal(e.price)) return `price ${JSON.stringify(e.price)} is not a decimal`;
  if (e.fee !== undefined && !isDecimal(e.fee)) return `fee ${JSON.stringify(e.fee)} is not a decimal`;
  return {
    executionId: e.executionId,
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    account: order.account,
    instrument: order.instrument,
    side: order.side,
    price: dec(e.price),
    quantity: dec(e.quantity),
    fee: dec(e.fee ?? '0'),
    feeCurrency: typeof e.feeCurrency === 'string' && e.feeCurrency !== '' ? e.feeCurrency : currency,
    liquidity: e.liquidity === 'maker' || e.liquidity === 'taker' ? e.liquidity : 'unknown',
    venue: order.venue,
    ts: Number.isSafeInteger(e.ts) ? e.ts : now,
  };
}

function validChanges(changes: OrderChanges | undefined): OrderChanges {
  const out: OrderChanges = {};
  if (isDecimal(changes?.quantity)) out.quantity = dec(changes.quantity);
  if (isDecimal(changes?.limitPrice)) out.limitPrice = dec(changes.limitPrice);
  if (isDecimal(changes?.stopPrice)) out.stopPrice = dec(changes.stopPrice);
  return out;
}
