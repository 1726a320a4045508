import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FileMessageStore,
  FixAcceptor,
  type FixApplication,
  FixInitiator,
  FixSchedule,
  type FixSessionDefinition,
  fixSessionId,
  MemoryMessageStore,
  type MessageStore,
} from '../../../src/fix/index.js';
import { FakeClock } from '../../../src/testing/index.js';
import { text } from '../helpers.js';
import { dictionary } from '../session/harness.js';

/** Waits (a bounded number of event-loop turns) until `done()`; false if it never got there. */
async function until(done: () => boolean): Promise<boolean> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  return done();
}

interface Recorder extends FixApplication {
  readonly received: string[];
  logons: number;
}
function recorder(): Recorder {
  const r: Recorder = {
    received: [],
    logons: 0,
    onLogon: () => {
      r.logons++;
    },
    onMessage: (view) => {
      r.received.push(view.toString());
    },
  };
  return r;
}

const definition = (
  sender: string,
  target: string,
  application: FixApplication,
  store: MessageStore = new MemoryMessageStore(),
  extra: Partial<FixSessionDefinition['settings']> = {},
): FixSessionDefinition => ({
  settings: { senderCompId: sender, targetCompId: target, heartBtInt: 5, ...extra },
  store,
  application,
});

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function acceptorFor(clock: FakeClock, sessions: FixSessionDefinition[], log?: string[]) {
  const acceptor = new FixAcceptor({
    dictionary,
    clock,
    sessions,
    ...(log
      ? { log: (id: string, d: 'in' | 'out', b: Uint8Array) => log.push(`${id} ${d} ${text(b)}`) }
      : {}),
  });
  const { port } = await acceptor.listen(0, '127.0.0.1');
  closers.push(() => acceptor.close());
  return { acceptor, port };
}

function initiatorFor(clock: FakeClock, port: number, session: FixSessionDefinition, states: string[] = []) {
  const initiator = new FixInitiator({
    dictionary,
    clock,
    session,
    host: '127.0.0.1',
    port,
    reconnect: { initialDelayMs: 1000, maxDelayMs: 4000 },
    onState: (s) => states.push(s),
  });
  closers.push(() => initiator.stop());
  return initiator;
}

describe('FixAcceptor and FixInitiator over loopback', () => {
  it('log on, exchange heartbeats, send an application message, log out', async () => {
    const clock = new FakeClock();
    const server = recorder();
    const log: string[] = [];
    const { acceptor, port } = await acceptorFor(clock, [definition('ISLD', 'TW', server)], log);
    const client = recorder();
    const states: string[] = [];
    const initiator = initiatorFor(clock, port, definition('TW', 'ISLD', client), states);
    initiator.start();
    expect(await until(() => initiator.session.isLoggedOn && server.logons === 1)).toBe(true);
    expect(states).toEqual(['connecting', 'loggedOn']);
    expect(acceptor.sessions.get('FIX.4.4:ISLD->TW')?.isLoggedOn).toBe(true);
    clock.advance(6000);
    expect(await until(() => log.filter((l) => l.includes('|35=0|')).length >= 4)).toBe(true);
    expect(
      initiator.session.sendApplication('D', [
        [11, 'A1'],
        [21, '1'],
        [55, 'X'],
        [54, '1'],
        [60, '20260105-09:00:00'],
        [40, '1'],
      ]),
    ).toBe(true);
    expect(await until(() => server.received.length === 1)).toBe(true);
    expect(server.received[0]).toContain('|11=A1|');
    await initiator.stop();
    expect(initiator.session.state).toBe('disconnected');
    expect(await until(() => acceptor.sessions.get('FIX.4.4:ISLD->TW')?.state === 'disconnected')).toBe(true);
    expect(log.some((l) => l.startsWith('FIX.4.4:ISLD->TW out') && l.includes('|35=5|'))).toBe(true);
  });

  it("passes the counterparty's session-level Reject to the application, not to onMessage", async () => {
    const clock = new FakeClock();
    const server = recorder();
    const { port } = await acceptorFor(clock, [definition('ISLD', 'TW', server)]);
    const client = recorder();
    const rejected: string[] = [];
    client.onSessionReject = (view, session) => {
      rejected.push(`${session.sessionId} 45=${view.getString(45)} 373=${view.getString(373)}`);
    };
    const initiator = initiatorFor(clock, port, definition('TW', 'ISLD', client));
    initiator.start();
    expect(await until(() => initiator.session.isLoggedOn && server.logons === 1)).toBe(true);
    // 40=w is no OrdType: the acceptor's session refuses the order with a Reject (373=5).
    initiator.session.sendApplication('D', [
      [11, 'A1'],
      [21, '1'],
      [55, 'X'],
      [54, '1'],
      [60, '20260105-09:00:00'],
      [40, 'w'],
    ]);
    expect(await until(() => rejected.length === 1)).toBe(true);
    expect(rejected).toEqual(['FIX.4.4:TW->ISLD 45=2 373=5']);
    expect(client.received).toEqual([]);
    expect(server.received).toEqual([]);
  });

  it('reconnects with exponential backoff while nobody listens', async () => {
    const free = createServer();
    const port = await new Promise<number>((resolve) =>
      free.listen(0, '127.0.0.1', () => {
        const a = free.address();
        resolve(typeof a === 'object' && a ? a.port : 0);
      }),
    );
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const clock = new FakeClock();
    const states: string[] = [];
    const initiator = initiatorFor(clock, port, definition('TW', 'ISLD', recorder()), states);
    initiator.start();
    const attempts = () => states.filter((s) => s === 'connecting').length;
    const failures = () => states.filter((s) => s === 'disconnected').length;
    for (const [n, delay] of [
      [1, 1000],
      [2, 2000],
      [3, 4000],
      [4, 4000],
    ] as const) {
      expect(await until(() => failures() === n)).toBe(true);
      clock.advance(delay - 1);
      expect(attempts()).toBe(n);
      clock.advance(1);
      expect(attempts()).toBe(n + 1);
    }
  });

  it('resends after a restart what was stored while disconnected (FileMessageStore, no reset)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fix-transport-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const clock = new FakeClock();
    const id = fixSessionId({ senderCompId: 'ISLD', targetCompId: 'TW' });
    const open = () => {
      const store = FileMessageStore.open(dir, id);
      closers.push(() => store.close());
      return store;
    };
    const first = await acceptorFor(clock, [definition('ISLD', 'TW', recorder(), open())]);
    const client = recorder();
    const initiator = initiatorFor(clock, first.port, definition('TW', 'ISLD', client));
    initiator.start();
    expect(await until(() => initiator.session.isLoggedOn)).toBe(true);
    await first.acceptor.close();
    expect(await until(() => !initiator.session.isLoggedOn)).toBe(true);

    // The acceptor is down; its session stores what the application sends meanwhile.
    const store = open();
    const restarted = new FixAcceptor({
      dictionary,
      clock,
      sessions: [definition('ISLD', 'TW', recorder(), store)],
    });
    const sent = restarted.sessions.get(id)!.sendApplication('B', [
      [148, 'while you were away'],
      [33, '1'],
      [58, 'text'],
    ]);
    expect(sent).toBe(false);
    await restarted.listen(first.port, '127.0.0.1');
    closers.push(() => restarted.close());
    clock.advance(1000);
    expect(await until(() => client.received.length === 1)).toBe(true);
    expect(client.received[0]).toMatch(/\|35=B\|.*\|43=Y\|.*\|148=while you were away\|/);
    expect(initiator.session.isLoggedOn).toBe(true);
  });

  it('refuses a second connection for a logged-on session and one that never logs on', async () => {
    const clock = new FakeClock();
    const { acceptor, port } = await acceptorFor(clock, [definition('ISLD', 'TW', recorder())]);
    const initiator = initiatorFor(clock, port, definition('TW', 'ISLD', recorder()));
    initiator.start();
    expect(await until(() => initiator.session.isLoggedOn)).toBe(true);
    const states: string[] = [];
    const silent = netConnect({ port, host: '127.0.0.1' });
    let silentClosed = false;
    silent.on('close', () => {
      silentClosed = true;
    });
    silent.on('error', () => {});
    const watched = new FixInitiator({
      dictionary,
      clock,
      session: definition('TW', 'ISLD', recorder()),
      host: '127.0.0.1',
      port,
      onState: (s) => states.push(s),
    });
    watched.start();
    expect(await until(() => states.includes('disconnected'))).toBe(true);
    await watched.stop();
    clock.advance(10_000);
    expect(await until(() => silentClosed)).toBe(true);
    expect(initiator.session.isLoggedOn).toBe(true);
    expect(acceptor.sessions.get('FIX.4.4:ISLD->TW')?.isLoggedOn).toBe(true);
  });

  it('refuses a logon outside the schedule', async () => {
    const clock = new FakeClock(Date.parse('2026-01-05T20:00:00Z'));
    const log: string[] = [];
    const server = recorder();
    const { port } = await acceptorFor(
      clock,
      [
        {
          ...definition('ISLD', 'TW', server),
          schedule: new FixSchedule({ startTime: '08:00', endTime: '17:00' }),
        },
      ],
      log,
    );
    const states: string[] = [];
    const initiator = initiatorFor(clock, port, definition('TW', 'ISLD', recorder()), states);
    initiator.start();
    expect(await until(() => states.includes('disconnected'))).toBe(true);
    expect(server.logons).toBe(0);
    expect(log.filter((l) => l.includes(' out '))).toEqual([]);
  });

  it('logs out a session at the end of its schedule', async () => {
    const clock = new FakeClock(Date.parse('2026-01-05T16:59:50Z'));
    const { acceptor, port } = await acceptorFor(clock, [
      {
        ...definition('ISLD', 'TW', recorder()),
        schedule: new FixSchedule({ startTime: '08:00', endTime: '17:00' }),
      },
    ]);
    const initiator = initiatorFor(clock, port, definition('TW', 'ISLD', recorder()));
    initiator.start();
    expect(await until(() => initiator.session.isLoggedOn)).toBe(true);
    clock.advance(11_000);
    expect(await until(() => acceptor.sessions.get('FIX.4.4:ISLD->TW')?.state === 'disconnected')).toBe(true);
  });

  it('runs over TLS', async (context) => {
    let hasOpenssl = true;
    try {
      execFileSync('which', ['openssl'], { stdio: 'ignore' });
    } catch {
      hasOpenssl = false;
    }
    if (!hasOpenssl) {
      context.skip('openssl is not on PATH: no certificate for the TLS test');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'fix-tls-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    const key = readFileSync(join(dir, 'key.pem'));
    const cert = readFileSync(join(dir, 'cert.pem'));
    const clock = new FakeClock();
    const server = recorder();
    const acceptor = new FixAcceptor({
      dictionary,
      clock,
      sessions: [definition('ISLD', 'TW', server)],
      tls: { key, cert },
    });
    const { port } = await acceptor.listen(0, '127.0.0.1');
    closers.push(() => acceptor.close());
    const initiator = new FixInitiator({
      dictionary,
      clock,
      session: definition('TW', 'ISLD', recorder()),
      host: '127.0.0.1',
      port,
      tls: { ca: cert, servername: 'localhost' },
    });
    closers.push(() => initiator.stop());
    initiator.start();
    expect(await until(() => initiator.session.isLoggedOn && server.logons === 1)).toBe(true);
  });
});
