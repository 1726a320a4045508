import { ApiError } from '../api/http.js';
import { reportError } from '../state/errors.svelte.js';
import { session } from '../state/session.svelte.js';
import { type PaperOrderRequest, type PaperState, paperApi } from './paper-api.js';
import { nextPaperStep, type PaperTarget } from './paper-follow.js';

/**
 * The paper session of the replay on the chart: opened when replay starts, moved with the cursor
 * (forward: advance; back: reset, which forgets its orders), ended when replay ends. Cursor moves
 * that arrive while a request runs are folded into the latest one. Requests run one at a time
 * (orders too), so answers are applied in the order they were asked; an answer that comes after the
 * replay it belongs to has ended is dropped (and a session it opened is closed).
 */
export class PaperSession {
  state = $state.raw<PaperState | null>(null);
  /** Why paper trading is not available (not signed in as a trader, no venue), or null. */
  unavailable = $state<string | null>(null);
  busy = $state(false);
  private target: PaperTarget | null = null;
  private running: Promise<void> | null = null;
  /** One request at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Counts ends of replay: an answer from an earlier generation is stale. */
  private generation = 0;
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
    this.generation++;
    this.target = null;
    const ended = this.state;
    this.state = null;
    this.unavailable = null;
    if (ended) void this.exclusive(() => paperApi.close(ended.id).catch(() => {}));
  }

  async place(order: PaperOrderRequest): Promise<void> {
    const current = this.state;
    if (!current) return;
    const generation = this.generation;
    const answer = await this.exclusive(() => paperApi.place(current.id, order));
    if (generation === this.generation && this.state?.id === current.id) this.state = answer.session;
  }

  async cancel(orderId: string): Promise<void> {
    const current = this.state;
    if (!current) return;
    const generation = this.generation;
    try {
      const answer = await this.exclusive(() => paperApi.cancel(current.id, orderId));
      if (generation === this.generation && this.state?.id === current.id) this.state = answer.session;
    } catch (e) {
      reportError(e, 'Paper order');
    }
  }

  dispose(): void {
    window.removeEventListener('pagehide', this.unload);
    this.end();
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => {});
    return run;
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      for (;;) {
        const target = this.target;
        if (!target || this.unavailable) return;
        const generation = this.generation;
        let answer: PaperState | null;
        try {
          answer = await this.exclusive(() => this.step(target));
        } catch (e) {
          if (generation === this.generation) this.fail(e);
          return;
        }
        if (generation !== this.generation) {
          // Replay ended while the request ran: a session it opened is ended too; the loop goes on
          // with the target of a replay started since, if any.
          if (answer && answer.id !== this.state?.id)
            void this.exclusive(() => paperApi.close(answer.id).catch(() => {}));
          continue;
        }
        if (answer === null) return;
        this.state = answer;
      }
    } finally {
      this.busy = false;
    }
  }

  /** The request that brings the session towards `target`, and the session after it (null: none needed). */
  private async step(target: PaperTarget): Promise<PaperState | null> {
    const current = this.state;
    const step = nextPaperStep(current, target);
    switch (step.kind) {
      case 'none':
        return null;
      case 'open':
        if (current) await paperApi.close(current.id).catch(() => {});
        return paperApi.open(target.instrument, target.tf, step.start);
      case 'advance':
        return current ? paperApi.advance(current.id, step.to) : null;
      case 'reset':
        return current ? paperApi.reset(current.id, step.start) : null;
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
