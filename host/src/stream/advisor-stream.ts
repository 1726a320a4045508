import type { Kernel } from '@qmo/core';
import { type Disposable, ERROR_CODES, type InstrumentId, type Logger, QmoError, TIMEFRAMES } from '@qmo/sdk';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { AdvisorService } from '../advisors/advisor-service.js';
import { windowOf } from '../advisors/advisor-window.js';
import type { AssessmentTracker } from '../advisors/assessment-tracker.js';
import type { AccessControl } from '../auth/access-control.js';
import type { AuthSocketData } from '../auth/socket-auth.js';
import { advisorBarEnd } from './advisor-bar-end.js';

const INTERNAL = 'QMO_INTERNAL';

type Ack = (
  response:
    | { ok: true; subscription: string }
    | { ok: true }
    | { ok: false; error: { code: string; message: string } },
) => void;

const subscribeSchema = z
  .object({
    advisor: z.string().min(1),
    instrument: z.string().min(1),
    tf: z.enum(TIMEFRAMES).default('1m'),
    account: z.string().min(1).nullable().default(null),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

interface Subscription {
  id: string;
  socket: Socket;
  tracker: AssessmentTracker;
  /** Assessments of one subscription run one after the other. */
  queue: Promise<void>;
}

/**
 * `advisor_subscribe` { advisor, instrument, tf, account, params } → `risk_assessment` now and on every
 * closed bar of (instrument, tf). Signed-in sockets only; the account must be granted to the socket's
 * user (checked again before each publication, so a revoked grant stops the stream).
 */
export function startAdvisorStream(options: {
  io: Server;
  kernel: Kernel;
  advisors: AdvisorService;
  access: AccessControl;
  logger: Logger;
}): Disposable {
  const { io, kernel, advisors, access, logger } = options;
  const byInstrument = new Map<InstrumentId, Set<Subscription>>();
  let counter = 0;

  const remove = (s: Subscription) => {
    const set = byInstrument.get(s.tracker.prepared.instrument.id);
    set?.delete(s);
    if (set?.size === 0) byInstrument.delete(s.tracker.prepared.instrument.id);
  };

  /** Publishes the assessment at `asOf`; unless `always`, only when bars closed since the last one. */
  const publish = (s: Subscription, asOf: number, always: boolean) => {
    s.queue = s.queue.then(async () => {
      const { instrument, tf } = s.tracker.prepared;
      const at = advisors.settled(instrument.id, asOf);
      if (!always && windowOf(at, tf).to <= s.tracker.fedUntil) return;
      const principal = (s.socket.data as AuthSocketData).principal;
      const account = s.tracker.prepared.account;
      try {
        if (!principal) throw new QmoError(ERROR_CODES.UNAUTHENTICATED, 'signed out');
        if (account !== null) await access.assertAccount(principal, account);
        const assessment = await s.tracker.assess(at);
        s.socket.emit('risk_assessment', { subscription: s.id, account, assessment });
      } catch (error) {
        const code = error instanceof QmoError ? error.code : INTERNAL;
        const message = error instanceof Error ? error.message : String(error);
        s.socket.emit('subscription_error', { subscription: s.id, code, message });
        if (code === ERROR_CODES.FORBIDDEN || code === ERROR_CODES.UNAUTHENTICATED) remove(s);
        else logger.warn('risk assessment failed', { subscription: s.id, error: message });
      }
    });
  };

  const onBar = kernel.bus.on('marketdata.bar', (bar) => {
    if (!bar.closed || bar.tf !== '1m') return;
    for (const s of byInstrument.get(bar.instrument) ?? []) {
      const end = advisorBarEnd(bar.ts, s.tracker.prepared.tf);
      if (end > s.tracker.fedUntil) publish(s, end, false);
    }
  });

  const refuse = (socket: Socket, code: string, message: string, ack?: Ack) => {
    socket.emit('subscription_error', { subscription: null, code, message });
    ack?.({ ok: false, error: { code, message } });
  };

  const onConnection = (socket: Socket) => {
    const mine = new Map<string, Subscription>();
    socket.on('advisor_subscribe', async (payload: unknown, ack?: Ack) => {
      const callback = typeof ack === 'function' ? ack : undefined;
      const principal = (socket.data as AuthSocketData).principal;
      if (!principal)
        return refuse(socket, ERROR_CODES.UNAUTHENTICATED, 'sign in to follow an advisor', callback);
      const parsed = subscribeSchema.safeParse(payload);
      if (!parsed.success) {
        const detail = parsed.error.issues
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ');
        return refuse(socket, ERROR_CODES.INVALID_ARGUMENT, `advisor_subscribe: ${detail}`, callback);
      }
      try {
        if (parsed.data.account !== null) await access.assertAccount(principal, parsed.data.account);
        const tracker = advisors.track(parsed.data);
        counter += 1;
        const s: Subscription = { id: `a${counter}`, socket, tracker, queue: Promise.resolve() };
        mine.set(s.id, s);
        const set = byInstrument.get(parsed.data.instrument) ?? new Set();
        set.add(s);
        byInstrument.set(parsed.data.instrument, set);
        callback?.({ ok: true, subscription: s.id });
        publish(s, kernel.clock.now(), true);
      } catch (error) {
        const code = error instanceof QmoError ? error.code : INTERNAL;
        refuse(socket, code, error instanceof Error ? error.message : String(error), callback);
      }
    });
    socket.on('advisor_unsubscribe', (payload: unknown, ack?: Ack) => {
      const id = (payload as { subscription?: unknown } | null)?.subscription;
      const s = typeof id === 'string' ? mine.get(id) : undefined;
      if (s) {
        remove(s);
        mine.delete(s.id);
      }
      if (typeof ack === 'function') ack({ ok: true });
    });
    socket.on('disconnect', () => {
      for (const s of mine.values()) remove(s);
      mine.clear();
    });
  };
  io.on('connection', onConnection);

  return {
    dispose() {
      io.off('connection', onConnection);
      onBar.dispose();
      byInstrument.clear();
    },
  };
}
