import { dec } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { connected, until, useVenueFixHarness } from './harness.js';
import { makeOrder } from './helpers.js';
import { SdkVenue } from './sdk-venue.js';

const fix = useVenueFixHarness('qmo-venue-fix-reject-', () => SdkVenue.start());

/** The plugin, connected. */
async function startPlugin() {
  const { adapter, events } = await fix.startPlugin();
  await connected(events);
  return { adapter, events };
}

describe('venue-fix: a session-level Reject from the venue', { timeout: 60_000 }, () => {
  it('rejects the order it names (RefSeqNum looked up in the message store)', async () => {
    fix.counterparty.script = (m, reply) => {
      if (m.msgType === 'D')
        reply('3', [
          [45, String(m.seq)],
          [371, '55'],
          [372, 'D'],
          [373, '5'],
          [58, 'Value is incorrect (out of range) for this tag'],
        ]);
    };
    const { adapter, events } = await startPlugin();
    const order = makeOrder({ side: 'buy', quantity: '5', limitPrice: '10' });
    await adapter.submit(order);
    await until(() => expect(events.of('rejected')).toHaveLength(1));
    expect(events.of('rejected')[0]).toEqual([
      order.orderId,
      { code: 'SESSION_REJECT_5', text: 'Value is incorrect (out of range) for this tag' },
    ]);
    expect(events.orderCalls.map((c) => c[0])).toEqual(['rejected']);
  });

  it('answers a cancel it refuses with cancelRejected; a Reject of an admin message is no order event', async () => {
    fix.counterparty.script = (m, reply) => {
      if (m.msgType === 'D')
        reply('8', [
          [37, 'V1'],
          [11, m.fields.get(11) ?? ''],
          [17, 'E1'],
          [150, '0'],
          [39, '0'],
          [55, m.fields.get(55) ?? ''],
          [54, m.fields.get(54) ?? ''],
          [151, m.fields.get(38) ?? '0'],
          [14, '0'],
          [6, '0'],
        ]);
      if (m.msgType === 'F') {
        reply('3', [
          [45, '1'], // our Logon: not an order message
          [373, '99'],
          [58, 'other'],
        ]);
        reply('3', [
          [45, String(m.seq)],
          [372, 'F'],
          [373, '1'],
          [58, 'Required tag missing'],
        ]);
      }
    };
    const { adapter, events } = await startPlugin();
    const order = makeOrder({ side: 'sell', quantity: '3', limitPrice: '12' });
    await adapter.submit(order);
    await until(() => expect(events.of('accepted')).toEqual([[order.orderId, 'V1']]));
    await adapter.cancel({ ...order, state: 'New', venueOrderId: 'V1', leavesQuantity: dec('3') });
    await until(() => expect(events.of('cancelRejected')).toHaveLength(1));
    expect(events.of('cancelRejected')[0]).toEqual([
      order.orderId,
      { code: 'SESSION_REJECT_1', text: 'Required tag missing' },
    ]);
    expect(events.orderCalls.map((c) => c[0])).toEqual(['accepted', 'cancelRejected']);
  });
});
