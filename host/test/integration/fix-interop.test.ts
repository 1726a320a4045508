import { createRequire } from 'node:module';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import type { Order } from '@qmo/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { type Frame, parseFrame } from './fix-client.js';
import { startTestHost, tempDataDir, twoDeskTradingConfig } from './test-host.js';
import { ApiClient, eventually } from './trading-client.js';

/*
 * Interoperability with an independent FIX engine: a jspurefix initiator (its own session layer and
 * its own copy of the FIX 4.4 dictionary) logs on to the host's acceptor through a TCP relay the test
 * can cut, enters orders, cancels and replaces, exchanges heartbeats (HeartBtInt 1), loses its
 * connection, reconnects by itself, and gets what it missed by its own ResendRequest.
 */

const TIMEOUT = 180_000;
const ADMIN = { email: 'admin@interop.test', password: 'admin-password-123' };
const TRADER = { email: 'trader@interop.test', password: 'trader-password-123' };

const jspurefixMain = createRequire(import.meta.url).resolve('jspurefix');
const jspRequire = createRequire(jspurefixMain);
jspRequire('reflect-metadata'); // tsyringe's polyfill, a dependency of jspurefix
const jsp = jspRequire('jspurefix') as typeof import('jspurefix');
const JSPUREFIX_DICTIONARY = join(dirname(jspurefixMain), '..', 'data', 'FIX44.xml');

/** A jspurefix session that keeps every message it decodes and lets the test send. */
class InteropClient extends jsp.AsciiSession {
  readonly decoded: Frame[] = [];
  readonly sent: Frame[] = [];
  ready = 0;

  constructor(config: import('jspurefix').IJsFixConfig) {
    super(config);
  }
  sendMessage(msgType: string, body: Record<string, unknown>): void {
    this.send(msgType, body);
  }
  protected onApplicationMsg(): void {}
  protected onDecoded(_msgType: string, txt: string): void {
    this.decoded.push(parseFrame(Buffer.from(txt.replaceAll('|', '\u0001'), 'latin1')));
  }
  protected onEncoded(_msgType: string, txt: string): void {
    this.sent.push(parseFrame(Buffer.from(txt.replaceAll('|', '\u0001'), 'latin1')));
  }
  protected onLogon(): boolean {
    return true;
  }
  protected onReady(): void {
    this.ready++;
  }
  protected onStopped(): void {}
}

class Launcher extends jsp.SessionLauncher {
  client: InteropClient | undefined;
  constructor(port: number) {
    super(
      {
        application: {
          type: 'initiator',
          name: 'interop',
          protocol: 'ascii',
          dictionary: JSPUREFIX_DICTIONARY,
          tcp: { host: '127.0.0.1', port },
          resilient: true,
          reconnectSeconds: 1,
          recoveryAttemptSeconds: 1,
          backoffFailConnectSeconds: 1,
        },
        EncryptMethod: 0,
        ResetSeqNumFlag: false,
        HeartBtInt: 1,
        SenderCompId: 'JSPF',
        TargetCompID: 'QMO',
        BeginString: 'FIX.4.4',
      } as unknown as import('jspurefix').ISessionDescription,
      null,
      new jsp.EmptyLogFactory(),
    );
  }
  protected override makeFactory(): import('jspurefix').EngineFactory {
    return {
      makeSession: (config: import('jspurefix').IJsFixConfig) => {
        this.client = new InteropClient(config);
        return this.client;
      },
    } as import('jspurefix').EngineFactory;
  }
}

/** A TCP relay to the acceptor whose connections the test can cut (and keep cut until `resume`). */
async function relay(
  target: number,
): Promise<{ port: number; cut(): void; resume(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((inbound) => {
    if (refusing) {
      inbound.destroy();
      return;
    }
    const outbound = netConnect(target, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cut: () => {
      refusing = true;
      for (const s of sockets) s.destroy();
    },
    resume: () => {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const isER = (clOrdId: string, execType: string) => (f: Frame) =>
  f.get(35) === '8' && f.get(11) === clOrdId && f.get(150) === execType;

describe('FIX acceptor ⇄ jspurefix initiator', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  const env = { QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password };
  let host: RunningHost;
  let admin: ApiClient;
  let trader: ApiClient;
  let link: Awaited<ReturnType<typeof relay>>;
  let launcher: Launcher;
  let running: Promise<unknown>;

  beforeAll(async () => {
    host = await startTestHost({
      dataDir: data.dir,
      uiDir: null,
      env,
      config: {
        ...twoDeskTradingConfig({ '*': { 'max-order-qty': { maxQuantity: '1000000' } } }, 19),
        fix: {
          acceptor: {
            port: 0,
            sessions: [{ senderCompId: 'QMO', targetCompId: 'JSPF', user: TRADER.email }],
          },
        },
      },
    });
    await host.ready;
    admin = await ApiClient.signIn(host, ADMIN.email, ADMIN.password);
    const created = await admin.post('/api/v1/users', { ...TRADER, role: 'trader', name: 'trader' });
    await admin.put(`/api/v1/users/${created.body.id}/grants`, { accountIds: ['A1'], deskIds: [] });
    trader = await ApiClient.signIn(host, TRADER.email, TRADER.password);
    link = await relay(host.fixPort!);
    launcher = new Launcher(link.port);
    running = launcher.run().catch(() => {});
  }, TIMEOUT);

  afterAll(async () => {
    launcher?.stop();
    await link?.close();
    await running;
    await host?.close();
    data.remove();
  }, TIMEOUT);

  const client = () => {
    if (!launcher.client) throw new Error('no jspurefix session yet');
    return launcher.client;
  };
  const waitFor = (match: (f: Frame) => boolean, what: string) =>
    eventually(async () => launcher.client?.decoded.find(match), what, 30_000);
  const order = (id: string, fields: Record<string, unknown>) => ({
    ClOrdID: id,
    HandlInst: '1',
    Instrument: { Symbol: 'AAPL' },
    Side: '1',
    TransactTime: new Date(),
    OrderQtyData: { OrderQty: 10 },
    OrdType: '2',
    Price: 1,
    TimeInForce: '1',
    ...fields,
  });

  it('logs on, enters orders, cancels, replaces and exchanges heartbeats', async () => {
    await eventually(
      async () => (launcher.client && launcher.client.ready > 0 ? true : undefined),
      'logon',
      30_000,
    );
    client().sendMessage('D', order('j-1', {}));
    client().sendMessage('D', order('j-2', { OrderQtyData: { OrderQty: 20 } }));
    const new1 = await waitFor(isER('j-1', '0'), 'New of j-1');
    expect(new1.get(39)).toBe('0');
    await waitFor(isER('j-2', '0'), 'New of j-2');

    client().sendMessage('F', {
      ClOrdID: 'j-1c',
      OrigClOrdID: 'j-1',
      Instrument: { Symbol: 'AAPL' },
      Side: '1',
      TransactTime: new Date(),
      OrderQtyData: { OrderQty: 10 },
    });
    const canceled = await waitFor(isER('j-1c', '4'), 'Canceled of j-1');
    expect(canceled.get(41)).toBe('j-1');

    client().sendMessage('G', {
      ...order('j-2r', { OrderQtyData: { OrderQty: 25 }, Price: 1.01 }),
      OrigClOrdID: 'j-2',
    });
    const replaced = await waitFor(isER('j-2r', '5'), 'Replaced of j-2');
    expect([replaced.get(41), replaced.get(38), replaced.get(44)]).toEqual(['j-2', '25', '1.01']);

    // Heartbeats both ways at HeartBtInt 1.
    await eventually(
      async () =>
        client().decoded.filter((f) => f.get(35) === '0').length >= 2 &&
        client().sent.filter((f) => f.get(35) === '0').length >= 2
          ? true
          : undefined,
      'heartbeats both ways',
      30_000,
    );
    expect(client().decoded.some((f) => f.get(35) === '3' || f.get(35) === 'j')).toBe(false);
  });

  it('after its connection is dropped it reconnects and its ResendRequest brings back what it missed', async () => {
    client().sendMessage('D', order('j-3', {}));
    const acked = await waitFor(isER('j-3', '0'), 'New of j-3');
    const readyBefore = client().ready;
    link.cut();
    await eventually(async () => {
      const sessions = (await admin.get('/api/v1/fix/sessions')).body as { state: string }[];
      return sessions[0]?.state === 'disconnected' ? true : undefined;
    }, 'the session disconnected');
    // Canceled over HTTP while the connection is down (the relay refuses it): reports stored for the session.
    const answer = await trader.delete<Order>(`/api/v1/orders/${acked.get(37)}`);
    expect(answer.status).toBe(202);
    await eventually(async () => {
      const o = (await trader.get<Order>(`/api/v1/orders/${acked.get(37)}`)).body;
      return o.state === 'Canceled' ? true : undefined;
    }, 'the cancel');

    link.resume();
    await eventually(async () => (client().ready > readyBefore ? true : undefined), 'the new logon', 60_000);
    const resent = await waitFor(
      (f) => isER('j-3', '4')(f) && f.get(43) === 'Y',
      'the Canceled report, resent',
    );
    expect(resent.get(122)).toBeDefined();
    expect(client().sent.some((f) => f.get(35) === '2')).toBe(true);
    expect(client().decoded.some((f) => f.get(35) === '3')).toBe(false);
  });
});
