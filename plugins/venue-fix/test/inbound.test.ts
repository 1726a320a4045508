import { silentLogger } from '@qmo/sdk';
import { RecordingVenueEvents, StaticInstrumentDirectory } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import { type ExecReport, InboundHandler, OrderRegistry, type TrackedOrder } from '../src/index.js';
import { INSTRUMENTS, makeOrder, START } from './helpers.js';

function setup() {
  const registry = new OrderRegistry(START);
  const events = new RecordingVenueEvents();
  const statusRequests: TrackedOrder[] = [];
  const handler = new InboundHandler(
    {
      venue: 'fix',
      registry,
      instruments: new StaticInstrumentDirectory(INSTRUMENTS),
      logger: silentLogger,
      now: () => START,
      requestStatus: (t) => void statusRequests.push(t),
    },
    events,
  );
  const order = makeOrder({ side: 'buy', quantity: '100', limitPrice: '230', instrument: 'ESZ6' });
  const tracked = registry.track(order);
  return { registry, events, handler, order, tracked, statusRequests };
}

const er = (fields: Partial<ExecReport> & Pick<ExecReport, 'execType' | 'ordStatus'>): ExecReport => ({
  execId: 'E0',
  venueOrderId: 'V1',
  possDup: false,
  ...fields,
});

describe('InboundHandler', () => {
  it('maps an ack, fills (fees by CommType) and the end of the order, each once', () => {
    const { handler, events, order } = setup();
    handler.executionReport(er({ execType: '0', ordStatus: '0', clOrdId: order.orderId }));
    handler.executionReport(er({ execType: '0', ordStatus: '0', clOrdId: order.orderId, possDup: true }));
    const fill = er({
      execType: 'F',
      ordStatus: '1',
      execId: 'E1',
      clOrdId: order.orderId,
      lastQty: '40',
      lastPx: '230.25',
      commission: '0.5',
      commType: '1',
      lastLiquidityInd: 1,
      transactTime: START + 7,
    });
    handler.executionReport(fill);
    handler.executionReport({ ...fill, possDup: true });
    handler.executionReport(
      er({
        execType: 'F',
        ordStatus: '1',
        execId: 'E2',
        clOrdId: order.orderId,
        lastQty: '10',
        lastPx: '230',
        commission: '0.01',
        commType: '2',
      }),
    );
    handler.executionReport(
      er({ execType: '4', ordStatus: '4', clOrdId: `${order.orderId}:c1`, origClOrdId: order.orderId }),
    );
    handler.executionReport(
      er({ execType: '4', ordStatus: '4', clOrdId: `${order.orderId}:c1`, possDup: true }),
    );
    handler.executionReport(er({ execType: 'C', ordStatus: 'C', clOrdId: order.orderId }));
    expect(events.calls.map((c) => c[0])).toEqual(['accepted', 'executed', 'executed', 'canceled']);
    expect(
      events.executions.map((e) => [e.executionId, e.quantity, e.price, e.fee, e.liquidity, e.ts]),
    ).toEqual([
      ['E1', '40', '230.25', '20', 'maker', START + 7], // 0.5 per unit × 40
      ['E2', '10', '230', '11.5', 'unknown', START], // 0.01 % of 230 × 10 × 50
    ]);
  });

  it('confirms a replace once, with the changes asked for as the venue reports them', () => {
    const { handler, events, order, registry, tracked } = setup();
    tracked.accepted = true;
    const clOrdId = registry.request(tracked, 'replace', { limitPrice: '231' as never });
    const replaced = er({
      execType: '5',
      ordStatus: '0',
      clOrdId,
      origClOrdId: order.orderId,
      orderQty: '100',
      price: '231',
    });
    handler.executionReport(replaced);
    handler.executionReport({ ...replaced, possDup: true });
    expect(events.calls).toEqual([['replaced', order.orderId, { limitPrice: '231' }]]);
    expect(tracked.clOrdId).toBe(clOrdId);
  });

  it('rejects, and reports cancel rejects and business rejects of requests once', () => {
    const { handler, events, order, registry, tracked } = setup();
    handler.executionReport(
      er({ execType: '8', ordStatus: '8', clOrdId: order.orderId, ordRejReason: 3, text: 'limit' }),
    );
    handler.executionReport(
      er({ execType: '8', ordStatus: '8', clOrdId: order.orderId, ordRejReason: 3, possDup: true }),
    );
    expect(events.calls).toEqual([
      ['rejected', order.orderId, { code: 'ORDER_EXCEEDS_LIMIT', text: 'limit' }],
    ]);

    const cancel = registry.request(tracked, 'cancel');
    handler.cancelReject({ clOrdId: cancel, origClOrdId: order.orderId, cxlRejReason: 0, possDup: false });
    handler.cancelReject({ clOrdId: cancel, origClOrdId: order.orderId, cxlRejReason: 0, possDup: true });
    const replace = registry.request(tracked, 'replace', {});
    handler.businessReject({ refMsgType: 'G', refId: replace, reason: 5, text: 'no price', possDup: false });
    expect(events.calls.slice(1)).toEqual([
      ['cancelRejected', order.orderId, { code: 'TOO_LATE_TO_CANCEL', text: '' }],
      ['cancelRejected', order.orderId, { code: 'CONDITIONALLY_REQUIRED_FIELD_MISSING', text: 'no price' }],
    ]);
  });

  it('asks for the status of a re-sent order the venue calls a duplicate instead of rejecting it', () => {
    const { handler, events, order, statusRequests, tracked } = setup();
    handler.executionReport(er({ execType: '8', ordStatus: '8', clOrdId: order.orderId, ordRejReason: 6 }));
    expect(events.calls).toEqual([]);
    expect(statusRequests).toEqual([tracked]);
    handler.executionReport(er({ execType: 'I', ordStatus: '1', clOrdId: order.orderId }));
    expect(events.calls).toEqual([['accepted', order.orderId, 'V1']]);
  });

  it('ignores reports about orders it did not send (a drop copy): the engine would count them as faults', () => {
    const { handler, events } = setup();
    handler.executionReport(
      er({ execType: 'F', ordStatus: '2', clOrdId: 'someone-else', lastQty: '1', lastPx: '1' }),
    );
    handler.cancelReject({ clOrdId: 'x', origClOrdId: 'y', possDup: false });
    expect(events.calls).toEqual([]);
  });
});
