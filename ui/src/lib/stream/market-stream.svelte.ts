import type { Bar } from '@qmo/sdk';
import { io, type Socket } from 'socket.io-client';
import { errors } from '../state/errors.svelte.js';
import { market } from '../state/market.svelte.js';
import type { ClientToServerEvents, ConnectionState, ServerToClientEvents } from './events.js';

type BarListener = (bar: Bar) => void;

const ACK_TIMEOUT_MS = 10_000;

/**
 * The one socket.io connection of the app: keeps the selected instrument subscribed (again after
 * every reconnect), feeds quotes, books, trades and source changes to `market`, and bars to listeners.
 */
class MarketStream {
  state = $state<ConnectionState>('connecting');
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private instrument: string | null = null;
  private readonly barListeners = new Set<BarListener>();
  private lastError: { text: string; at: number } | null = null;

  connect(): void {
    if (this.socket) return;
    // Same origin, default namespace; polling first, then the upgrade to WebSocket (works behind any proxy).
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io();
    this.socket = socket;

    socket.on('connect', () => {
      this.state = 'connected';
      if (this.instrument) this.subscribe(this.instrument);
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
