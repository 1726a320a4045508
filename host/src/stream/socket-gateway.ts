import type { InstrumentRegistry, Kernel, MarketDataManager } from '@qmo/core';
import { type Disposable, ERROR_CODES, type InstrumentId, type Logger, type QmoEvents } from '@qmo/sdk';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { Metrics } from '../observability/metrics.js';

export interface SocketGatewayOptions {
  io: Server;
  kernel: Kernel;
  marketData: MarketDataManager;
  instruments: InstrumentRegistry;
  metrics: Metrics;
  logger: Logger;
  bookDepth: number;
  bookThrottleMs: number;
}

type Ack = (response: { ok: true } | { ok: false; error: { code: string; message: string } }) => void;

const subscriptionSchema = z.object({ instrument: z.string().min(1) }).strict();

const room = (instrument: InstrumentId) => `md:${instrument}`;

/**
 * Streams market data to socket.io clients per instrument room: quotes, trades, 1-minute bars,
 * source changes as they happen, and L2 books as throttled snapshots of the active source.
 */
export function startSocketGateway(options: SocketGatewayOptions): Disposable {
  const { io, kernel, marketData, instruments, metrics, logger } = options;
  const dirtyBooks = new Set<InstrumentId>();
  const hasSubscribers = (instrument: InstrumentId) =>
    (io.sockets.adapter.rooms.get(room(instrument))?.size ?? 0) > 0;

  const forward = <K extends keyof QmoEvents>(topic: K, event: string) =>
    kernel.bus.on(topic, (payload) => {
      const instrument = (payload as { instrument: InstrumentId }).instrument;
      if (hasSubscribers(instrument)) io.to(room(instrument)).emit(event, payload);
    });

  const subscriptions = [
    forward('marketdata.quote', 'quote'),
    forward('marketdata.trade', 'trade'),
    forward('marketdata.bar', 'bar'),
    forward('marketdata.source', 'source'),
    kernel.bus.on('marketdata.quote', (q) =>
      metrics.marketDataMessages.inc({ type: 'quote', source: q.source }),
    ),
    kernel.bus.on('marketdata.trade', (t) =>
      metrics.marketDataMessages.inc({ type: 'trade', source: t.source }),
    ),
    kernel.bus.on('marketdata.source', (s) =>
      metrics.sourceSwitches.inc({ instrument: s.instrument, reason: s.reason }),
    ),
    kernel.bus.on('marketdata.book', (b) => {
      metrics.marketDataMessages.inc({ type: 'book', source: b.source });
      if (hasSubscribers(b.instrument)) dirtyBooks.add(b.instrument);
    }),
  ];

  const flushBooks = () => {
    for (const instrument of dirtyBooks) {
      const book = marketData.book(instrument, options.bookDepth);
      if (book) io.to(room(instrument)).emit('book', book);
    }
    dirtyBooks.clear();
  };
  const timer = kernel.clock.setInterval(flushBooks, Math.max(options.bookThrottleMs, 10));

  const refuse = (socket: Socket, instrument: unknown, code: string, message: string, ack?: Ack) => {
    socket.emit('subscription_error', {
      instrument: typeof instrument === 'string' ? instrument : null,
      code,
      message,
    });
    ack?.({ ok: false, error: { code, message } });
  };

  io.on('connection', (socket) => {
    metrics.streamClients.inc();
    socket.on('disconnect', () => metrics.streamClients.dec());

    socket.on('subscribe', (payload: unknown, ack?: Ack) => {
      const parsed = subscriptionSchema.safeParse(payload);
      const callback = typeof ack === 'function' ? ack : undefined;
      if (!parsed.success) {
        refuse(
          socket,
          (payload as { instrument?: unknown })?.instrument,
          ERROR_CODES.INVALID_ARGUMENT,
          `subscribe expects { instrument: string }: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
          callback,
        );
        return;
      }
      const { instrument } = parsed.data;
      if (!instruments.get(instrument)) {
        refuse(
          socket,
          instrument,
          ERROR_CODES.UNKNOWN_INSTRUMENT,
          `unknown instrument "${instrument}"`,
          callback,
        );
        return;
      }
      void socket.join(room(instrument));
      callback?.({ ok: true });
      const quote = marketData.lastQuote(instrument);
      if (quote) socket.emit('quote', quote);
      const book = marketData.book(instrument, options.bookDepth);
      if (book) socket.emit('book', book);
      const bar = marketData.formingBar(instrument);
      if (bar) socket.emit('bar', bar);
    });

    socket.on('unsubscribe', (payload: unknown, ack?: Ack) => {
      const parsed = subscriptionSchema.safeParse(payload);
      if (parsed.success) void socket.leave(room(parsed.data.instrument));
      if (typeof ack === 'function') {
        ack(
          parsed.success
            ? { ok: true }
            : {
                ok: false,
                error: {
                  code: ERROR_CODES.INVALID_ARGUMENT,
                  message: 'unsubscribe expects { instrument: string }',
                },
              },
        );
      }
    });
  });

  logger.debug('socket gateway started');
  return {
    dispose() {
      timer.dispose();
      for (const s of subscriptions) s.dispose();
    },
  };
}
