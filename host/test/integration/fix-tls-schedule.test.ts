import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixInitiator, loadFix44Dictionary, MemoryMessageStore } from '@qmo/sdk/fix';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { type Frame, isER, parseFrame, utcNow } from './fix-client.js';
import { startTestHost, tempDataDir, twoDeskTradingConfig } from './test-host.js';
import { eventually } from './trading-client.js';

/*
 * The host's acceptor over TLS (a key and a self-signed certificate made by `openssl req` at test
 * time): a FixInitiator trusting that certificate logs on and trades. A second session has a daily
 * schedule that excludes now: its Logon is refused.
 */

const TIMEOUT = 180_000;
const ADMIN = { email: 'admin@fix-tls.test', password: 'tls-password-12345' };
const dictionary = loadFix44Dictionary();

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** "HH:MM:00" UTC, `hours` from now. */
const hhmm = (hours: number) => `${new Date(Date.now() + hours * 3_600_000).toISOString().slice(11, 16)}:00`;

describe('FIX acceptor: TLS and session schedule', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  const env = { QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password };
  let host: RunningHost | undefined;
  const stops: (() => Promise<void>)[] = [];

  afterAll(async () => {
    for (const stop of stops) await stop().catch(() => {});
    await host?.close();
    data.remove();
  }, TIMEOUT);

  it('logs on over TLS and trades; refuses the Logon of a session outside its schedule', async (context) => {
    if (!hasOpenssl()) {
      context.skip('openssl is not on PATH: no certificate for the TLS test');
      return;
    }
    const keyFile = join(data.dir, 'fix.key');
    const certFile = join(data.dir, 'fix.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    host = await startTestHost({
      dataDir: data.dir,
      uiDir: null,
      env,
      config: {
        ...twoDeskTradingConfig({ '*': { 'max-order-qty': { maxQuantity: '1000000' } } }, 31),
        fix: {
          acceptor: {
            port: 0,
            tls: { keyFile, certFile },
            sessions: [
              { senderCompId: 'QMO', targetCompId: 'TLSCLIENT', user: ADMIN.email, accounts: ['A1'] },
              {
                senderCompId: 'QMO',
                targetCompId: 'NIGHT',
                user: ADMIN.email,
                accounts: ['A1'],
                // A window of one hour starting in six: now is outside it.
                schedule: { startTime: hhmm(6), endTime: hhmm(7), timeZone: 'UTC' },
              },
            ],
          },
        },
      },
    });
    await host.ready;
    const port = host.fixPort!;
    const cert = readFileSync(certFile);

    const initiator = (targetCompId: string, received: Frame[], states: string[]) => {
      const i = new FixInitiator({
        dictionary,
        host: '127.0.0.1',
        port,
        tls: { ca: cert, servername: 'localhost' },
        reconnect: { initialDelayMs: 100, maxDelayMs: 200 },
        session: {
          settings: { senderCompId: targetCompId, targetCompId: 'QMO', heartBtInt: 30 },
          store: new MemoryMessageStore(),
          application: { onMessage: () => {} },
        },
        log: (_id, direction, bytes) => {
          if (direction === 'in') received.push(parseFrame(bytes));
        },
        onState: (s) => states.push(s),
      });
      stops.push(() => i.stop());
      return i;
    };

    // ── TLS: log on and trade ─────────────────────────────────────────────────────────────────────
    const received: Frame[] = [];
    const tlsStates: string[] = [];
    const client = initiator('TLSCLIENT', received, tlsStates);
    client.start();
    await eventually(async () => (client.session.isLoggedOn ? true : undefined), 'the TLS logon');
    client.session.sendApplication('D', [
      [11, 'tls-1'],
      [21, '1'],
      [55, 'AAPL'],
      [54, '1'],
      [38, '1'],
      [40, '2'],
      [44, '1.00'],
      [59, '1'],
      [60, utcNow()],
    ]);
    const isNew = isER('tls-1', '0');
    const accepted = await eventually(async () => received.find(isNew), 'New of tls-1 over TLS');
    expect(accepted.get(39)).toBe('0');

    // ── Schedule: a Logon outside the window is refused ────────────────────────────────────────────
    const nightReceived: Frame[] = [];
    const nightStates: string[] = [];
    const night = initiator('NIGHT', nightReceived, nightStates);
    night.start();
    await eventually(
      async () => (nightStates.filter((s) => s === 'disconnected').length >= 2 ? true : undefined),
      'two refused connection attempts',
    );
    await night.stop();
    expect(nightStates).not.toContain('loggedOn');
    expect(nightReceived.some((f) => f.get(35) === 'A')).toBe(false);
    expect(client.session.isLoggedOn).toBe(true);
  });
});
