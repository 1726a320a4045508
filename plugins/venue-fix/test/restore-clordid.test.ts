import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
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
import { ClOrdIdFile } from '../src/clordid-file.js';
import plugin from '../src/index.js';
import { INSTRUMENTS, makeOrder, manifest } from './helpers.js';
import { SdkVenue, type VenueMessage } from './sdk-venue.js';

/** Waits for a condition the counterparty brings about over the network (no timing asserted). */
const until = (check: () => void) => vi.waitFor(check, { timeout: 15_000, interval: 10 });

let dir: string;
let venue: SdkVenue;
const hosts: TestHost<unknown>[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qmo-venue-fix-restore-'));
  venue = await SdkVenue.start();
});

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  await venue.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The plugin on `<dir>/plugin` (the same folder each time: a restart). */
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
  return { host, adapter, events };
}

/** An ExecutionReport of the venue about the order a message names. */
const report = (m: VenueMessage, execType: string, ordStatus: string): [number, string][] => [
  [37, 'V1'],
  [11, m.fields.get(11) ?? ''],
  ...(m.fields.has(41) ? ([[41, m.fields.get(41) ?? '']] as [number, string][]) : []),
  [17, `E${m.seq}`],
  [150, execType],
  [39, ordStatus],
  [55, m.fields.get(55) ?? ''],
  [54, m.fields.get(54) ?? '1'],
  [38, m.fields.get(38) ?? '0'],
  ...(m.fields.has(44) ? ([[44, m.fields.get(44) ?? '']] as [number, string][]) : []),
  [151, m.fields.get(38) ?? '0'],
  [14, '0'],
  [6, '0'],
];

describe('venue-fix: the ClOrdID of a confirmed replace survives a restart', { timeout: 60_000 }, () => {
  it('a restore after a restart asks the venue for the order by the replace’s ClOrdID', async () => {
    venue.script = (m, reply) => {
      if (m.msgType === 'D') reply('8', report(m, '0', '0'));
      if (m.msgType === 'G') reply('8', report(m, '5', '0'));
    };
    const first = await startPlugin();
    const order = makeOrder({ side: 'buy', quantity: '10', limitPrice: '20' });
    await first.adapter.submit(order);
    await until(() => expect(first.events.of('accepted')).toEqual([[order.orderId, 'V1']]));
    await first.adapter.replace({ ...order, state: 'New', venueOrderId: 'V1' }, { limitPrice: dec('21') });
    await until(() => expect(first.events.of('replaced')).toHaveLength(1));
    const replaceClOrdId = venue.messages('G')[0]!.fields.get(11);
    expect(replaceClOrdId).toMatch(new RegExp(`^${order.orderId}:`));
    await first.host.stop();

    const second = await startPlugin();
    await second.adapter.restore?.([{ ...order, state: 'New', venueOrderId: 'V1', limitPrice: dec('21') }]);
    await until(() => expect(venue.messages('H')).toHaveLength(1));
    const status = venue.messages('H')[0]!;
    expect(status.fields.get(11)).toBe(replaceClOrdId);
    expect(status.fields.get(37)).toBe('V1');
  });

  it('forgets an order’s ClOrdID once it ended; a line cut short by a crash is skipped', () => {
    const folder = join(dir, 'memory');
    const memory = new ClOrdIdFile(folder);
    memory.set('o1', 'o1:a');
    memory.set('o2', 'o2:a');
    memory.set('o2', 'o2:b');
    memory.delete('o1');
    appendFileSync(join(folder, 'clordids.jsonl'), '{"o":"o3","c":"o3');
    const reopened = new ClOrdIdFile(folder);
    expect([reopened.get('o1'), reopened.get('o2'), reopened.get('o3')]).toEqual([
      undefined,
      'o2:b',
      undefined,
    ]);
  });
});
