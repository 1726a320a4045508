import { ApiError } from '../api/http.js';
import { reportError } from '../state/errors.svelte.js';
import { session } from '../state/session.svelte.js';
import { type PaperOrderRequest, type PaperState, paperApi } from './paper-api.js';
import { nextPaperStep, type PaperTarget } from './paper-follow.js';

/**
 * The paper session of the replay on the chart: opened when replay starts, moved with the cursor
 * (forward: advance; back: reset, which forgets its orders), ended when replay ends. Cursor moves
 * that arrive while a request runs are folded into the latest one.
 */
export class PaperSession {
  state = $state.raw<PaperState | null>(null);
  /** Why paper trading is not available (not signed in as a trader, no venue), or null. */
  unavailable = $state<string | null>(null);
  busy = $state(false);
  private target: PaperTarget | null = null;
  private running: Promise<void> | null = null;
  private readonly unload = () => {
    if (this.state) paperApi.closeOnUnload(this.state.id);
  };

  constructor() {
    window.addEventListener('pagehide', this.unload);
  }

  /** Follows the chart's replay cursor (paper trading needs a trader or an admin signed in). */
  follow(target: PaperTarget): void {
    this.target = target;
    if (!session.canTrade) {
      this.unavailable = 'Sign in as a trader to paper trade in replay';
      return;
    }
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Leaves replay: the session ends on the host. */
  end(): void {
    this.target = null;
    const ended = this.state;
    this.state = null;
    this.unavailable = null;
    if (ended) {
      const close = () => paperApi.close(ended.id).catch(() => {});
      if (this.running) void this.running.then(close);
      else void close();
    }
  }

  async place(order: PaperOrderRequest): Promise<void> {
    const current = this.state;
    if (!current) return;
    await this.settled();
    const answer = await paperApi.place(current.id, order);
    if (this.state?.id === current.id) this.state = answer.session;
  }

  async cancel(orderId: string): Promise<void> {
    const current = this.state;
    if (!current) return;
    await this.settled();
    try {
      const answer = await paperApi.cancel(current.id, orderId);
      if (this.state?.id === current.id) this.state = answer.session;
    } catch (e) {
      reportError(e, 'Paper order');
    }
  }

  dispose(): void {
    window.removeEventListener('pagehide', this.unload);
    this.end();
  }

  private async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      for (;;) {
        const target = this.target;
        if (!target || this.unavailable) return;
        const current = this.state;
        const step = nextPaperStep(current, target);
        if (step.kind === 'none') return;
        try {
          if (step.kind === 'open') {
            if (current) await paperApi.close(current.id).catch(() => {});
            this.state = null;
            this.state = await paperApi.open(target.instrument, target.tf, step.start);
          } else if (current && step.kind === 'advance') {
            this.state = await paperApi.advance(current.id, step.to);
          } else if (current && step.kind === 'reset') {
            this.state = await paperApi.reset(current.id, step.start);
          }
        } catch (e) {
          this.fail(e);
          return;
        }
        if (this.target === null) {
          // Replay ended while the request ran: end what it opened.
          const left = this.state;
          this.state = null;
          if (left) await paperApi.close(left.id).catch(() => {});
          return;
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private fail(e: unknown): void {
    // The host ended the session (idle, restarted): the next cursor move opens a new one.
    if (e instanceof ApiError && e.status === 404) this.state = null;
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
      this.unavailable = 'Sign in as a trader to paper trade in replay';
    } else if (e instanceof ApiError && e.status === 503) {
      this.unavailable = e.message;
    } else {
      reportError(e, 'Paper trading');
    }
  }
}
