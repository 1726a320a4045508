import 'reflect-metadata';
import { createRequire } from 'node:module';
import { createServer, type Server, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import {
  AsciiSession,
  type EngineFactory,
  FixMsgAsciiStoreResend,
  FixMsgStoreRecord,
  type IFixMsgStore,
  type IFixSessionStore,
  type IFixSessionStoreFactory,
  type IJsFixConfig,
  type ILooseObject,
  type ISessionDescription,
  JsFixWinstonLogFactory,
  MemorySessionStore,
  type MsgView,
  type SessionId,
  SessionLauncher,
  WinstonLogger,
} from 'jspurefix';

const jspurefixDir = dirname(createRequire(import.meta.url).resolve('jspurefix/package.json'));

const ADMIN = new Set(['0', '1', '2', '3', '4', '5', 'A']);

/** A message the venue received: its type, PossDupFlag and fields by tag. */
export interface Received {
  msgType: string;
  possDup: boolean;
  fields: Map<number, string>;
}

interface VenueOrder {
  orderId: string;
  /** ClOrdID the order goes by now (changes with each replace). */
  clOrdId: string;
  side: string;
  symbol: string;
  quantity: number;
  price?: number;
  cum: number;
  status: string;
}

/**
 * The venue's side, on the independent FIX engine jspurefix: acknowledges every NewOrderSingle
 * (symbol REJECT: rejected), cancels, replaces and answers status requests; the test fills orders.
 */
export class FakeVenue {
  readonly received: Received[] = [];
  /** Sent application messages, for resends (kept across connections). */
  messageStore: IFixMsgStore | undefined;
  readonly orders = new Map<string, VenueOrder>();
  session: VenueSession | undefined;
  logons = 0;
  /** Heartbeats received from the counterparty. */
  heartbeats = 0;
  /**
   * Sequence numbers, one store per session for the acceptor's life. jspurefix makes a session
   * object for each connection, which reads its sequence numbers from this store; its file store
   * persists them with unordered asynchronous writes, so a new connection could start from stale
   * numbers (a Logon with a MsgSeqNum already used, a gap never asked for again).
   */
  readonly sessionStores: IFixSessionStoreFactory = new SharedSessionStores();
  private seq = 0;

  onMessage(session: VenueSession, msgType: string, view: MsgView): void {
    const fields = new Map<number, string>();
    for (const tag of [11, 37, 38, 40, 41, 44, 54, 55, 59, 99, 790]) {
      const value = view.getString(tag);
      if (value !== undefined && value !== null) fields.set(tag, value);
    }
    const possDup = view.getString(43) === 'Y';
    this.received.push({ msgType, possDup, fields });
    const get = (tag: number) => fields.get(tag) ?? '';
    switch (msgType) {
      case 'D': {
        const order: VenueOrder = {
          orderId: `V${++this.seq}`,
          clOrdId: get(11),
          side: get(54),
          symbol: get(55),
          quantity: Number(get(38)),
          cum: 0,
          status: '0',
        };
        if (fields.has(44)) order.price = Number(get(44));
        if (order.symbol === 'REJECT') {
          this.report(session, order, {
            ExecType: '8',
            OrdStatus: '8',
            OrdRejReason: 1,
            Text: 'unknown symbol',
          });
          return;
        }
        this.orders.set(order.clOrdId, order);
        this.report(session, order, { ExecType: '0', OrdStatus: '0' });
        return;
      }
      case 'F': {
        const order = this.byClOrdId(get(41));
        if (!order || order.status === '4' || order.status === '2') {
          session.sendMessage('9', {
            OrderID: order?.orderId ?? 'NONE',
            ClOrdID: get(11),
            OrigClOrdID: get(41),
            OrdStatus: order?.status ?? '8',
            CxlRejResponseTo: '1',
            CxlRejReason: order ? 0 : 1,
            Text: order ? 'too late to cancel' : 'unknown order',
          });
          return;
        }
        order.status = '4';
        this.report(session, order, {
          ExecType: '4',
          OrdStatus: '4',
          ClOrdID: get(11),
          OrigClOrdID: get(41),
        });
        return;
      }
      case 'G': {
        const order = this.byClOrdId(get(41));
        if (!order || order.status === '4' || order.status === '2') {
          session.sendMessage('9', {
            OrderID: order?.orderId ?? 'NONE',
            ClOrdID: get(11),
            OrigClOrdID: get(41),
            OrdStatus: order?.status ?? '8',
            CxlRejResponseTo: '2',
            CxlRejReason: order ? 0 : 1,
            Text: 'cannot replace',
          });
          return;
        }
        const orig = order.clOrdId;
        order.clOrdId = get(11);
        order.quantity = Number(get(38));
        if (fields.has(44)) order.price = Number(get(44));
        this.report(session, order, {
          ExecType: '5',
          OrdStatus: order.cum > 0 ? '1' : '0',
          OrigClOrdID: orig,
        });
        return;
      }
      case 'H': {
        const order = this.byClOrdId(get(11));
        if (!order) {
          session.sendMessage('8', {
            OrderID: 'NONE',
            ClOrdID: get(11),
            ExecID: `E${++this.seq}`,
            ExecType: 'I',
            OrdStatus: '8',
            OrdRejReason: 5,
            Side: get(54),
            Instrument: { Symbol: get(55) },
            LeavesQty: 0,
            CumQty: 0,
            AvgPx: 0,
            OrdStatusReqID: get(790),
          });
          return;
        }
        this.report(session, order, { ExecType: 'I', OrdStatus: order.status, OrdStatusReqID: get(790) });
        return;
      }
    }
  }

  /** Fills `quantity` of the order known by `clOrdId` at `price`, with a commission; returns the ExecID. */
  fill(clOrdId: string, quantity: number, price: number, commission?: number): string {
    const order = this.byClOrdId(clOrdId);
    if (!order || !this.session) throw new Error(`no order ${clOrdId} or no session`);
    order.cum += quantity;
    order.status = order.cum >= order.quantity ? '2' : '1';
    const execId = `E${++this.seq}`;
    this.report(this.session, order, {
      ExecType: 'F',
      OrdStatus: order.status,
      ExecID: execId,
      LastQty: quantity,
      LastPx: price,
      LastLiquidityInd: 2,
      ...(commission !== undefined ? { CommissionData: { Commission: commission, CommType: '3' } } : {}),
    });
    return execId;
  }

  /** Sends a fill report again, as a venue repeating itself would (same ExecID, PossDup). */
  repeatFill(clOrdId: string, execId: string, quantity: number, price: number): void {
    const order = this.byClOrdId(clOrdId);
    if (!order || !this.session) throw new Error(`no order ${clOrdId} or no session`);
    this.report(this.session, order, {
      ExecType: 'F',
      OrdStatus: order.status,
      ExecID: execId,
      LastQty: quantity,
      LastPx: price,
    });
  }

  messages(msgType: string): Received[] {
    return this.received.filter((r) => r.msgType === msgType);
  }

  private byClOrdId(clOrdId: string): VenueOrder | undefined {
    for (const order of this.orders.values()) if (order.clOrdId === clOrdId) return order;
    return this.orders.get(clOrdId);
  }

  private report(session: VenueSession, order: VenueOrder, extra: Record<string, unknown>): void {
    session.sendMessage('8', {
      OrderID: order.orderId,
      ClOrdID: order.clOrdId,
      ExecID: `E${++this.seq}`,
      Side: order.side,
      Instrument: { Symbol: order.symbol },
      OrderQtyData: { OrderQty: order.quantity },
      ...(order.price !== undefined ? { Price: order.price } : {}),
      LeavesQty: order.status === '4' || order.status === '8' ? 0 : order.quantity - order.cum,
      CumQty: order.cum,
      AvgPx: 0,
      TransactTime: new Date(),
      ...extra,
    });
  }
}

/** One connection's session at the venue. */
export class VenueSession extends AsciiSession {
  constructor(
    config: IJsFixConfig,
    private readonly venue: FakeVenue,
  ) {
    super(config);
    // jspurefix answers a ResendRequest from the session object's message store, which is new with
    // each connection; the venue keeps one store across connections, as a real venue would.
    if (venue.messageStore) {
      this.store = venue.messageStore;
      this.resender = new FixMsgAsciiStoreResend(venue.messageStore, config);
    } else venue.messageStore = this.store ?? undefined;
  }

  protected override txOnEncoded(msgType: string, data: string, hdr: ILooseObject): void {
    super.txOnEncoded(msgType, data, hdr);
    const seqNum = hdr?.MsgSeqNum as number | undefined;
    if (seqNum === undefined || ADMIN.has(msgType)) return;
    // Stored as the body object: jspurefix resends a record stored only as text with an empty body.
    const body = this.unencoded.shift();
    this.store?.put(new FixMsgStoreRecord(msgType, new Date(), seqNum, body, data)).catch(() => {});
  }

  /** Bodies sent and not yet encoded, in order (to store them with their MsgSeqNum). */
  private readonly unencoded: Record<string, unknown>[] = [];

  sendMessage(msgType: string, body: Record<string, unknown>): void {
    this.unencoded.push({ ...body });
    this.send(msgType, body);
  }

  /** Drops the connection without a Logout. */
  drop(): void {
    this.requestStop('the venue drops the connection');
  }

  protected onApplicationMsg(msgType: string, view: MsgView): void {
    this.venue.onMessage(this, msgType, view);
  }
  protected onReady(): void {
    this.venue.session = this;
    this.venue.logons++;
  }
  protected onLogon(): boolean {
    return true;
  }
  protected onStopped(): void {
    if (this.venue.session === this) this.venue.session = undefined;
  }
  protected onDecoded(msgType: string): void {
    if (msgType === '0') this.venue.heartbeats++;
  }
  protected onEncoded(): void {}
}

class VenueLauncher extends SessionLauncher {
  constructor(
    description: ISessionDescription,
    private readonly venue: FakeVenue,
  ) {
    super(
      null,
      description,
      new JsFixWinstonLogFactory({ ...WinstonLogger.consoleOptions('error'), silent: true }),
    );
  }
  protected override makeFactory(): EngineFactory {
    return {
      makeSession: (config: IJsFixConfig) => {
        config.sessionStoreFactory = this.venue.sessionStores;
        return new VenueSession(config, this.venue);
      },
    } as EngineFactory;
  }
}

export interface VenueAcceptor {
  venue: FakeVenue;
  port: number;
  stop(): Promise<void>;
}

/** Each session's store, the same one for every connection of that session. */
class SharedSessionStores implements IFixSessionStoreFactory {
  private readonly stores = new Map<string, IFixSessionStore>();
  create(sessionId: SessionId): IFixSessionStore {
    const key = sessionId.toString();
    let store = this.stores.get(key);
    if (!store) {
      store = new MemorySessionStore(sessionId);
      this.stores.set(key, store);
    }
    return store;
  }
}

/** The jspurefix acceptor on a free port; its sessions' state lasts as long as the acceptor. */
export async function startVenueAcceptor(options: {
  senderCompId: string;
  targetCompId: string;
  heartBtInt?: number;
}): Promise<VenueAcceptor> {
  const port = await freePort();
  const venue = new FakeVenue();
  const description = {
    application: {
      type: 'acceptor',
      name: 'venue',
      tcp: { host: '127.0.0.1', port },
      protocol: 'ascii',
      dictionary: join(jspurefixDir, 'data', 'FIX44.xml'),
    },
    EncryptMethod: 0,
    ResetSeqNumFlag: false,
    HeartBtInt: options.heartBtInt ?? 30,
    SenderCompId: options.senderCompId,
    TargetCompID: options.targetCompId,
    BeginString: 'FIX.4.4',
  } as unknown as ISessionDescription;
  const launcher = new VenueLauncher(description, venue);
  const running = launcher.run().catch(() => false);
  await waitForListener(port);
  return {
    venue,
    port,
    async stop() {
      launcher.stop();
      await running;
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForListener(port: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const probe = new Socket();
      probe.once('connect', () => {
        probe.destroy();
        resolve(true);
      });
      probe.once('error', () => resolve(false));
      probe.connect(port, '127.0.0.1');
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A TCP relay between the plugin and the venue that the test can cut: `cut()` closes both sides
 * and refuses new connections until `restore()`; `blackhole()` silently drops what the venue sends.
 */
export class Relay {
  private server: Server | undefined;
  private readonly pairs = new Set<[Socket, Socket]>();
  private refusing = false;
  private dropping = false;
  /** Bytes from the venue dropped while blackholed. */
  dropped = '';
  connections = 0;

  constructor(private readonly target: number) {}

  async listen(): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  }

  blackhole(): void {
    this.dropping = true;
  }

  cut(): void {
    this.refusing = true;
    this.dropping = false;
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  restore(): void {
    this.refusing = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private accept(client: Socket): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    this.connections++;
    const upstream = new Socket();
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    upstream.connect(this.target, '127.0.0.1');
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (this.dropping) this.dropped += d.toString('latin1');
      else client.write(d);
    });
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  }
}
