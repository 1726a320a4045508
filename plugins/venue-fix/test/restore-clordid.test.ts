import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { dec } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { ClOrdIdFile } from '../src/clordid-file.js';
import { connected, until, useVenueFixHarness } from './harness.js';
import { makeOrder } from './helpers.js';
import { SdkVenue, type VenueMessage } from './sdk-venue.js';

const fix = useVenueFixHarness('qmo-venue-fix-restore-', () => SdkVenue.start());

/** The plugin on `<dir>/plugin` (the same folder each time: a restart), connected. */
async function startPlugin() {
  const started = await fix.startPlugin();
  await connected(started.events);
  return started;
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
    fix.counterparty.script = (m, reply) => {
      if (m.msgType === 'D') reply('8', report(m, '0', '0'));
      if (m.msgType === 'G') reply('8', report(m, '5', '0'));
    };
    const first = await startPlugin();
    const order = makeOrder({ side: 'buy', quantity: '10', limitPrice: '20' });
    await first.adapter.submit(order);
    await until(() => expect(first.events.of('accepted')).toEqual([[order.orderId, 'V1']]));
    await first.adapter.replace({ ...order, state: 'New', venueOrderId: 'V1' }, { limitPrice: dec('21') });
    await until(() => expect(first.events.of('replaced')).toHaveLength(1));
    const replaceClOrdId = fix.counterparty.messages('G')[0]!.fields.get(11);
    expect(replaceClOrdId).toMatch(new RegExp(`^${order.orderId}:`));
    await first.host.stop();

    const second = await startPlugin();
    await second.adapter.restore?.([{ ...order, state: 'New', venueOrderId: 'V1', limitPrice: dec('21') }]);
    await until(() => expect(fix.counterparty.messages('H')).toHaveLength(1));
    const status = fix.counterparty.messages('H')[0]!;
    expect(status.fields.get(11)).toBe(replaceClOrdId);
    expect(status.fields.get(37)).toBe('V1');
  });

  it('forgets an order’s ClOrdID once it ended; a line cut short by a crash is skipped', () => {
    const folder = join(fix.dir, 'memory');
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
