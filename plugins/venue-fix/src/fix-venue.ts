import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import {
  type Clock,
  type Disposable,
  errorMessage,
  type InstrumentDirectory,
  type Logger,
  type Order,
  type OrderChanges,
  type PluginTimers,
  toDisposable,
  type VenueAdapter,
  type VenueEvents,
} from '@qmo/sdk';
import {
  FileMessageStore,
  type FixFieldList,
  FixInitiator,
  type FixMessageView,
  FixParser,
  fixSessionId,
  loadFix44Dictionary,
} from '@qmo/sdk/fix';
import { ClOrdIdFile } from './clordid-file.js';
import type { VenueFixConfig, VenueFixTls } from './config.js';
import { InboundHandler } from './inbound.js';
import { readBusinessReject, readCancelReject, readExecReport } from './inbound-messages.js';
import {
  type MessageContext,
  newOrderSingle,
  orderCancelReplaceRequest,
  orderCancelRequest,
  orderStatusRequest,
} from './order-messages.js';
import { OrderRegistry, type TrackedOrder } from './order-registry.js';
import { rejectedOrderMessage } from './session-rejects.js';
import { VenueSymbols } from './symbols.js';
import { Throttle } from './throttle.js';

export interface FixVenueOptions {
  config: VenueFixConfig;
  clock: Clock;
  timers: PluginTimers;
  instruments: InstrumentDirectory;
  logger: Logger;
  /** Folder of the message store (the config's `storeDir` wins). */
  storeDir: string;
}

/** What a connection holds: the session to the venue, its store, the answers' handler. */
interface Link {
  initiator: FixInitiator;
  store: FileMessageStore;
  handler: InboundHandler;
  events: VenueEvents;
  reported: 'connected' | 'disconnected' | undefined;
}

/**
 * The FIX 4.4 initiator venue: orders, cancels, replaces and status requests out (through a FIFO
 * throttle), ExecutionReports, cancel rejects and business rejects in, as VenueEvents.
 *
 * Messages sent while the session is down are kept in the message store under their sequence
 * numbers, as QuickFIX does: at the next Logon the venue sees the gap, asks for them and gets them
 * with PossDupFlag. With `resetOnLogon` the store is emptied at each Logon, so they wait in the
 * throttle queue until the session is logged on instead.
 */
export class FixVenue implements Disposable {
  readonly adapter: VenueAdapter;
  private readonly config: VenueFixConfig;
  private readonly logger: Logger;
  private readonly symbols: VenueSymbols;
  private readonly registry: OrderRegistry;
  private readonly throttle: Throttle;
  private link: Link | undefined;

  constructor(private readonly options: FixVenueOptions) {
    const { config, clock } = options;
    this.config = config;
    this.logger = options.logger;
    this.symbols = new VenueSymbols(config.venue, options.instruments, config.symbols, config.instruments);
    // The ClOrdIDs of confirmed replaces live next to the message store: a restore asks by them.
    this.registry = new OrderRegistry(clock.now(), undefined, new ClOrdIdFile(options.storeDir));
    this.throttle = new Throttle({
      limit: config.maxOrdersPerSecond,
      clock,
      setTimeout: (cb, ms) => options.timers.setTimeout(cb, ms),
    });
    if (config.resetOnLogon) this.throttle.pause();
    this.adapter = {
      venue: config.venue,
      instruments: () => this.symbols.traded(),
      connect: (events) => this.connect(events),
      submit: async (order) => this.submit(order),
      cancel: async (order) => this.cancel(order),
      replace: async (order, changes) => this.replace(order, changes),
      restore: async (orders) => {
        for (const order of orders) this.requestStatus(this.registry.track({ ...order }), true);
      },
    };
  }

  /** Messages waiting for the throttle (or for the Logon, with `resetOnLogon`). */
  get queued(): number {
    return this.throttle.waiting;
  }

  async dispose(): Promise<void> {
    this.throttle.close();
    await this.disconnect();
  }

  // ---- orders out --------------------------------------------------------------------------------

  private submit(order: Order): void {
    const tracked = this.registry.track({ ...order });
    tracked.accepted = false; // a re-sent order is acknowledged again
    this.send('D', tracked, () => newOrderSingle(tracked.order, this.context(tracked.order)));
  }

  private cancel(order: Order): void {
    const tracked = this.registry.track({ ...order });
    const clOrdId = this.registry.request(tracked, 'cancel');
    this.send('F', tracked, () =>
      orderCancelRequest(
        tracked.order,
        { clOrdId, origClOrdId: tracked.clOrdId, venueOrderId: tracked.venueOrderId },
        this.context(tracked.order),
      ),
    );
  }

  private replace(order: Order, changes: OrderChanges): void {
    const tracked = this.registry.track({ ...order });
    const clOrdId = this.registry.request(tracked, 'replace', changes);
    this.send('G', tracked, () =>
      orderCancelReplaceRequest(
        tracked.order,
        changes,
        { clOrdId, origClOrdId: tracked.clOrdId, venueOrderId: tracked.venueOrderId },
        this.context(tracked.order),
      ),
    );
  }

  /** OrderStatusRequest; after a restore the answer may report `accepted` again. */
  private requestStatus(tracked: TrackedOrder, restore = false): void {
    if (restore) tracked.accepted = false;
    const ordStatusReqId = this.registry.request(tracked, 'status');
    this.send('H', tracked, () =>
      orderStatusRequest(
        tracked.order,
        { clOrdId: tracked.clOrdId, venueOrderId: tracked.venueOrderId, ordStatusReqId },
        this.context(tracked.order),
      ),
    );
  }

  private context(order: Order): MessageContext {
    return {
      symbol: this.symbols.symbolOfId(order.instrument),
      account: this.config.account,
      now: this.options.clock.now(),
    };
  }

  /** Queues a message behind the throttle; built when it goes, so it names the order as it is then. */
  private send(msgType: 'D' | 'F' | 'G' | 'H', tracked: TrackedOrder, build: () => FixFieldList): void {
    const link = this.link;
    if (!link) throw new Error(`venue ${this.config.venue} is not connected`);
    this.throttle.push(() => {
      if (this.link !== link) return;
      const orderId = tracked.order.orderId;
      try {
        const sent = link.initiator.session.sendApplication(msgType, build());
        if (!sent)
          this.logger.info('session down: message stored for the venue to ask for after the next logon', {
            msgType,
            orderId,
          });
      } catch (error) {
        this.logger.error('message not sent', { msgType, orderId, error: errorMessage(error) });
        const reason = { code: 'VENUE_ERROR', text: errorMessage(error) };
        if (msgType === 'D') link.events.rejected(orderId, reason);
        else if (msgType !== 'H') link.events.cancelRejected(orderId, reason);
      }
    });
  }

  // ---- the session -------------------------------------------------------------------------------

  private connect(events: VenueEvents): Disposable {
    if (this.link) throw new Error(`venue ${this.config.venue} is already connected`);
    const { config, clock } = this.options;
    const settings = {
      senderCompId: config.senderCompId,
      targetCompId: config.targetCompId,
      heartBtInt: config.heartBtInt,
      resetOnLogon: config.resetOnLogon,
    };
    const store = FileMessageStore.open(this.options.storeDir, fixSessionId(settings));
    const handler = new InboundHandler(
      {
        venue: config.venue,
        registry: this.registry,
        instruments: this.options.instruments,
        logger: this.logger,
        now: () => clock.now(),
        requestStatus: (tracked) => this.requestStatus(tracked),
      },
      events,
    );
    const parser = new FixParser();
    const tls = config.tls === false ? undefined : tlsOptions(config.tls);
    const initiator = new FixInitiator({
      dictionary: loadFix44Dictionary(),
      session: {
        settings,
        store,
        application: {
          onLogon: () => {
            this.logger.info('logged on', { session: initiator.session.sessionId });
            if (config.resetOnLogon) this.throttle.resume();
          },
          onLogout: () => {
            if (config.resetOnLogon) this.throttle.pause();
          },
          onMessage: (view) => this.onMessage(view, handler),
          onSessionReject: (view) => {
            const rejected = rejectedOrderMessage(view, store, parser);
            if (rejected) handler.sessionReject(rejected.ref, rejected.reject);
            else
              this.logger.warn('the venue rejected a message at the session level', {
                message: view.toString(),
              });
          },
        },
      },
      host: config.host,
      port: config.port,
      clock,
      ...(tls ? { tls } : {}),
      reconnect: config.reconnect,
      onState: (state, detail) => this.onState(link, state, detail),
    });
    const link: Link = { initiator, store, handler, events, reported: undefined };
    this.link = link;
    initiator.start();
    return toDisposable(() => this.disconnect());
  }

  private async disconnect(): Promise<void> {
    const link = this.link;
    if (!link) return;
    this.link = undefined;
    try {
      await link.initiator.stop();
    } finally {
      link.store.close();
    }
    this.report(link, 'disconnected', 'stopped');
  }

  private onState(link: Link, state: 'connecting' | 'loggedOn' | 'disconnected', detail?: string): void {
    if (this.link !== link) return;
    if (state === 'loggedOn') this.report(link, 'connected', `${this.config.host}:${this.config.port}`);
    else if (state === 'disconnected') {
      if (this.config.resetOnLogon) this.throttle.pause();
      this.report(link, 'disconnected', detail);
    }
  }

  private report(link: Link, state: 'connected' | 'disconnected', detail?: string): void {
    if (link.reported === state) return;
    link.reported = state;
    link.events.connection(state, detail);
  }

  private onMessage(view: FixMessageView, handler: InboundHandler): void {
    try {
      switch (view.msgType) {
        case '8':
          handler.executionReport(readExecReport(view));
          break;
        case '9':
          handler.cancelReject(readCancelReject(view));
          break;
        case 'j':
          handler.businessReject(readBusinessReject(view));
          break;
        default:
          this.logger.debug('application message ignored', { msgType: view.msgType });
      }
    } catch (error) {
      this.logger.error('venue message not understood', {
        msgType: view.msgType,
        message: view.toString(),
        error: errorMessage(error),
      });
    }
  }
}

function tlsOptions(tls: Exclude<VenueFixTls, false>): ConnectionOptions {
  if (tls === true) return {};
  const options: ConnectionOptions = {};
  if (tls.caFile) options.ca = readFileSync(tls.caFile);
  if (tls.certFile) options.cert = readFileSync(tls.certFile);
  if (tls.keyFile) options.key = readFileSync(tls.keyFile);
  return options;
}
