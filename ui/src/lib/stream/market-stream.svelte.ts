import type { Bar } from '@qmo/sdk';
import { io, type Socket } from 'socket.io-client';
import { errors } from '../state/errors.svelte.js';
import { market } from '../state/market.svelte.js';
import {
  type ClientToServerEvents,
  type ConnectionState,
  type ServerToClientEvents,
  TRADING_EVENTS,
  type TradingEvents,
} from './events.js';

type BarListener = (bar: Bar) => void;
type ConnectListener = (first: boolean) => void;
type TradingListeners = { [K in keyof TradingEvents]: Set<(payload: TradingEvents[K]) => void> };

const ACK_TIMEOUT_MS = 10_000;

/**
 * The one socket.io connection of the app: keeps the selected instrument subscribed (again after
 * every reconnect), feeds quotes, books, trades and source changes to `market`, bars and the trading
 * events (orders, fills, positions, account states of the signed-in user) to listeners.
 */
class MarketStream {
  state = $state<ConnectionState>('connecting');
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private instrument: string | null = null;
  private readonly barListeners = new Set<BarListener>();
  private readonly connectListeners = new Set<ConnectListener>();
  private readonly trading: TradingListeners = {
    order: new Set(),
    execution: new Set(),
    position: new Set(),
    account_state: new Set(),
  };
  private connects = 0;
  private lastError: { text: string; at: number } | null = null;

  connect(): void {
    if (this.socket) return;
    // Same origin, default namespace; polling first, then the upgrade to WebSocket (works behind any proxy).
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io();
    this.socket = socket;

    socket.on('connect', () => {
      this.state = 'connected';
      if (this.instrument) this.subscribe(this.instrument);
      const first = this.connects++ === 0;
      for (const listener of this.connectListeners) listener(first);
    });
    socket.on('disconnect', (reason) => {
      // A server-side disconnect is final unless we reconnect ourselves.
      if (reason === 'io server disconnect') socket.connect();
      this.state = 'reconnecting';
    });
    socket.on('connect_error', () => {
      if (this.state !== 'connected') this.state = socket.active ? 'reconnecting' : 'disconnected';
    });
    socket.io.on('reconnect_attempt', () => {
      this.state = 'reconnecting';
    });
    socket.io.on('reconnect_failed', () => {
      this.state = 'disconnected';
    });

    socket.on('quote', (q) => market.onQuote(q));
    socket.on('book', (b) => {
      if (b.type === 'l2.snapshot') market.onBook(b);
    });
    socket.on('trade', (t) => market.onTrade(t));
    socket.on('source', (c) => market.onSource(c));
    socket.on('bar', (bar) => {
      for (const listener of this.barListeners) listener(bar);
    });
    for (const event of TRADING_EVENTS) this.relay(socket, event);
    socket.on('subscription_error', (e) => {
      this.reportOnce(`${e.instrument ?? 'subscription'}: ${e.message} (${e.code})`);
    });
  }

  /** Follows the selected instrument: unsubscribes the previous one, subscribes the new one. */
  setInstrument(id: string | null): void {
    if (id === this.instrument) return;
    const previous = this.instrument;
    this.instrument = id;
    if (!this.socket?.connected) return; // the 'connect' handler subscribes
    if (previous) this.socket.emit('unsubscribe', { instrument: previous });
    if (id) this.subscribe(id);
  }

  /**
   * A new handshake, so that the server reads the session cookie again (after sign-in or sign-out):
   * the socket joins (or leaves) the rooms of the user's accounts.
   */
  reconnect(): void {
    const socket = this.socket;
    if (!socket) return;
    socket.disconnect();
    // After the 'disconnect' handler (it reports 'reconnecting'): this is a fresh start, not a drop.
    this.state = 'connecting';
    socket.connect();
  }

  /** Called on every connect; `first` is false after a reconnect (events may have been missed). */
  onConnect(listener: ConnectListener): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  on<K extends keyof TradingEvents>(event: K, listener: (payload: TradingEvents[K]) => void): () => void {
    const set = this.trading[event] as Set<(payload: TradingEvents[K]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }

  private relay<K extends keyof TradingEvents>(
    socket: Socket<ServerToClientEvents, ClientToServerEvents>,
    event: K,
  ): void {
    const listeners = this.trading[event] as Set<(payload: TradingEvents[K]) => void>;
    const relay = (payload: TradingEvents[K]) => {
      for (const listener of listeners) listener(payload);
    };
    // socket.io's typed `on` takes one literal event name at a time.
    socket.on(event as 'order', relay as unknown as ServerToClientEvents['order']);
  }

  /** The socket, for features with subscriptions of their own (the Mentor panel); null before `connect()`. */
  connection(): Socket<ServerToClientEvents, ClientToServerEvents> | null {
    return this.socket;
  }

  onBar(listener: BarListener): () => void {
    this.barListeners.add(listener);
    return () => this.barListeners.delete(listener);
  }

  private subscribe(id: string): void {
    this.socket?.timeout(ACK_TIMEOUT_MS).emit('subscribe', { instrument: id }, (err, res) => {
      if (id !== this.instrument) return;
      if (err) this.reportOnce(`${id}: the server did not confirm the subscription`);
      else if (!res.ok) this.reportOnce(`${id}: ${res.error.message} (${res.error.code})`);
    });
  }

  /** A refusal arrives twice (ack and `subscription_error`): show it once. */
  private reportOnce(text: string): void {
    const now = Date.now();
    if (this.lastError?.text === text && now - this.lastError.at < 2000) return;
    this.lastError = { text, at: now };
    errors.push(text);
  }
}

export const stream = new MarketStream();
