import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dec, extensionPoints, services, systemClock, type VenueAdapter } from '@qmo/sdk';
import {
  RecordingVenueEvents,
  StaticInstrumentDirectory,
  startTestPlugin,
  type TestHost,
} from '@qmo/sdk/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import plugin from '../src/index.js';
import { INSTRUMENTS, makeOrder, manifest } from './helpers.js';
import { SdkVenue } from './sdk-venue.js';

/** Waits for a condition the counterparty brings about over the network (no timing asserted). */
const until = (check: () => void) => vi.waitFor(check, { timeout: 15_000, interval: 10 });

let dir: string;
let venue: SdkVenue;
const hosts: TestHost<unknown>[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qmo-venue-fix-reject-'));
  venue = await SdkVenue.start();
});

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  await venue.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function startPlugin() {
  const m = manifest();
  const host = (await startTestPlugin({
    plugin,
    id: m.id,
    version: m.version,
    capabilities: m.capabilities,
    clock: systemClock,
    dataDir: join(dir, 'plugin'),
    config: {
      host: '127.0.0.1',
      port: venue.port,
      senderCompId: 'QMO',
      targetCompId: 'VENUE',
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    },
    services: [[services.instruments, new StaticInstrumentDirectory(INSTRUMENTS)]],
  })) as TestHost<unknown>;
  hosts.push(host);
  const [adapter] = host.contributions(extensionPoints.venues) as VenueAdapter[];
  if (!adapter) throw new Error('no venue registered');
  const events = new RecordingVenueEvents();
  await adapter.connect(events);
  await until(() => expect(events.of('connection').at(-1)?.[0]).toBe('connected'));
  return { adapter, events };
}

describe('venue-fix: a session-level Reject from the venue', { timeout: 60_000 }, () => {
  it('rejects the order it names (RefSeqNum looked up in the message store)', async () => {
    venue.script = (m, reply) => {
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
    venue.script = (m, reply) => {
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
