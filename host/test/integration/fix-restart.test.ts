import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryMessageStore } from '@qmo/sdk/fix';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildHost, childEnv, killChildHosts, startChildHost } from './child-host.js';
import { FixTestClient, type Frame, isER } from './fix-client.js';
import { REPO_ROOT, tempDataDir } from './test-host.js';
import { eventually } from './trading-client.js';

/*
 * The host runs as a child process with a FIX acceptor; a client logs on and enters orders; the host
 * is SIGKILLed mid-session and started again on the same data folder. The client logs on with its
 * next sequence number and asks for everything from 1: what comes back (PossDupFlag Y) is what the
 * host sent before the crash, from the persistent message store.
 */

const TIMEOUT = 240_000;
const ADMIN = { email: 'admin@fix-restart.test', password: 'restart-password-123' };

function configSource(dataDir: string): string {
  const plugin = (id: string) => join(REPO_ROOT, 'plugins', id);
  const config = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    logLevel: 'info',
    plugins: {
      search: [],
      load: [plugin('feed-demo'), plugin('venue-sim'), plugin('risk-limits')],
      config: { 'feed-demo': { seed: 23, historyDays: 1, tickIntervalMs: 100 } },
    },
    marketData: { sources: { '*': ['demo'] }, backfillDays: 1 },
    trading: {
      defaultVenue: 'sim',
      desks: [{ id: 'alpha', name: 'Alpha desk' }],
      accounts: [{ id: 'A1', name: 'Alpha one', desk: 'alpha', currency: 'USD', startingEquity: '1000000' }],
      limits: { '*': { 'max-order-qty': { maxQuantity: '1000000' } } },
    },
    fix: {
      acceptor: {
        port: 0,
        sessions: [{ senderCompId: 'QMO', targetCompId: 'BUYSIDE', user: ADMIN.email, accounts: ['A1'] }],
      },
    },
  };
  return `// Written by host/test/integration/fix-restart.test.ts\nexport default ${JSON.stringify(config, null, 2)};\n`;
}

/** The FIX port the child logged ("FIX acceptor listening", fixPort). */
async function fixPortOf(host: ChildHost): Promise<number> {
  return eventually(async () => {
    const match = /"fixPort":(\d+)/.exec(host.output());
    return match ? Number(match[1]) : undefined;
  }, 'the FIX port in the log');
}

const key = (f: Frame) =>
  [f.get(34), f.get(35), f.get(11), f.get(150), f.get(39), f.get(17), f.get(37)].join(' ');

describe('FIX acceptor across a crash (SIGKILL) and restart', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  const configFile = join(data.dir, 'qmo.config.ts');
  const env = childEnv({ QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password });
  const children: ChildHost[] = [];
  const clients: FixTestClient[] = [];

  afterAll(async () => {
    for (const c of clients) await c.stop().catch(() => {});
    await killChildHosts(children);
    data.remove();
  }, TIMEOUT);

  it('resends, after the restart, exactly the application messages sent before the crash', async () => {
    writeFileSync(configFile, configSource(data.dir));
    const start = async () => {
      const host = await startChildHost({ configFile, cwd: data.dir, env });
      children.push(host);
      return host;
    };
    const store = new MemoryMessageStore();
    const connect = async (port: number) => {
      const client = new FixTestClient({ port, senderCompId: 'BUYSIDE', targetCompId: 'QMO', store });
      clients.push(client);
      await client.logon();
      return client;
    };

    // ── First life ────────────────────────────────────────────────────────────────────────────
    let host = await start();
    let client = await connect(await fixPortOf(host));
    for (let i = 1; i <= 4; i++) {
      client.send('D', [
        [11, `r-${i}`],
        [21, '1'],
        [55, 'AAPL'],
        [54, '1'],
        [38, String(i)],
        [40, '2'],
        [44, '1.00'],
        [59, '1'],
      ]);
      await client.waitFor(isER(`r-${i}`, '0'), `New of r-${i}`);
    }
    client.send('F', [
      [11, 'c-1'],
      [41, 'r-1'],
      [55, 'AAPL'],
      [54, '1'],
      [38, '1'],
    ]);
    await client.waitFor(isER('c-1', '4'), 'Canceled of r-1');
    const beforeCrash = client.appFrames().filter((f) => f.get(35) === '8');
    expect(beforeCrash.length).toBe(10); // 4 × (PendingNew, New) + PendingCancel + Canceled
    const nextSender = store.nextSenderSeqNum();

    host.child.kill('SIGKILL');
    await host.exited;
    await client.stop();

    // ── Second life on the same folder ───────────────────────────────────────────────────────────
    host = await start();
    client = await connect(await fixPortOf(host));
    expect(store.nextSenderSeqNum()).toBe(nextSender + 1); // the Logon took the next number
    client.send('2', [
      [7, '1'],
      [16, '0'],
    ]);
    const lastBefore = Number(beforeCrash.at(-1)!.get(34));
    await eventually(
      async () =>
        client.received.some((f) => f.get(43) === 'Y' && Number(f.get(34)) === lastBefore) ? true : undefined,
      'the resent messages',
    );
    const resent = client.received.filter((f) => f.get(43) === 'Y' && f.get(35) === '8');
    expect(resent.map(key)).toEqual(beforeCrash.map(key));
    expect(resent.every((f) => f.get(122) !== undefined)).toBe(true);
    // The admin messages in between are gap-filled.
    expect(client.received.some((f) => f.get(35) === '4' && f.get(123) === 'Y')).toBe(true);

    // The working orders still report to the session after the restart.
    client.send('F', [
      [11, 'c-2'],
      [41, 'r-2'],
      [55, 'AAPL'],
      [54, '1'],
      [38, '2'],
    ]);
    const canceled = await client.waitFor(isER('c-2', '4'), 'Canceled of r-2 after the restart');
    expect(canceled.get(41)).toBe('r-2');
  });
});
