import {
  FixInitiator,
  type FixMessageView,
  loadFix44Dictionary,
  MemoryMessageStore,
  type MessageStore,
} from '@qmo/sdk/fix';
import { eventually } from './trading-client.js';

/** A received frame as tag → value (the first of each tag; order messages have no groups we read). */
export type Frame = Map<number, string>;

export function parseFrame(bytes: Uint8Array): Frame {
  const out: Frame = new Map();
  for (const field of Buffer.from(bytes).toString('latin1').split('\u0001')) {
    const eq = field.indexOf('=');
    if (eq <= 0) continue;
    const tag = Number(field.slice(0, eq));
    if (!out.has(tag)) out.set(tag, field.slice(eq + 1));
  }
  return out;
}

export const fields = (frame: Frame, ...tags: number[]) => tags.map((t) => frame.get(t));

const dictionary = loadFix44Dictionary();

/**
 * A buy-side FIX client for the tests: the SDK's FixInitiator with an in-memory store (kept across
 * reconnects by passing it again), every frame it receives kept in order.
 */
export class FixTestClient {
  readonly initiator: FixInitiator;
  /** Every frame received, admin messages included. */
  readonly received: Frame[] = [];
  private loggedOn = false;

  constructor(
    readonly options: {
      port: number;
      /** Our CompID (the host's targetCompId). */
      senderCompId: string;
      /** The host's CompID. */
      targetCompId: string;
      heartBtInt?: number;
      store?: MessageStore;
    },
  ) {
    this.initiator = new FixInitiator({
      dictionary,
      host: '127.0.0.1',
      port: options.port,
      reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
      session: {
        settings: {
          senderCompId: options.senderCompId,
          targetCompId: options.targetCompId,
          heartBtInt: options.heartBtInt ?? 30,
        },
        store: options.store ?? new MemoryMessageStore(),
        application: {
          onLogon: () => {
            this.loggedOn = true;
          },
          onLogout: () => {
            this.loggedOn = false;
          },
          onMessage: (_view: FixMessageView) => {},
        },
      },
      log: (_id, direction, bytes) => {
        if (direction === 'in') this.received.push(parseFrame(bytes));
      },
    });
  }

  get session() {
    return this.initiator.session;
  }

  async logon(): Promise<void> {
    this.initiator.start();
    await eventually(async () => (this.loggedOn ? true : undefined), 'the FIX logon');
  }

  async stop(): Promise<void> {
    await this.initiator.stop();
  }

  /** Sends an application message: fields in the order given (TransactTime added to D, F and G when missing). */
  send(msgType: string, body: [number, string][]): void {
    const needsTime = ['D', 'F', 'G'].includes(msgType) && !body.some(([t]) => t === 60);
    const list = needsTime ? [...body, [60, utcNow()] as [number, string]] : body;
    if (!this.session.sendApplication(msgType, list))
      throw new Error(`not logged on (${this.session.state}); received: ${this.describe()}`);
  }

  /** Waits for the first frame after `from` (an index into `received`) that matches. */
  async waitFor(match: (f: Frame) => boolean, what: string, from = 0, timeoutMs = 20_000): Promise<Frame> {
    try {
      return await eventually(async () => this.received.slice(from).find(match), what, timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}; received: ${this.describe(from)}`);
    }
  }

  /** Application frames (not admin) received since `from`. */
  appFrames(from = 0): Frame[] {
    return this.received
      .slice(from)
      .filter((f) => !['0', '1', '2', '4', '5', 'A', '3'].includes(f.get(35) ?? ''));
  }

  describe(from = 0): string {
    return this.received
      .slice(from)
      .map(
        (f) =>
          `34=${f.get(34)} 35=${f.get(35)} 11=${f.get(11)} 150=${f.get(150)} 39=${f.get(39)} 58=${f.get(58)}`,
      )
      .join('; ');
  }
}

export function utcNow(ms = Date.now()): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
}

export const isMsg = (msgType: string, clOrdId?: string) => (f: Frame) =>
  f.get(35) === msgType && (clOrdId === undefined || f.get(11) === clOrdId);
export const isER = (clOrdId: string, execType: string) => (f: Frame) =>
  f.get(35) === '8' && f.get(11) === clOrdId && f.get(150) === execType;
