import type { Clock, Disposable, PluginTimers } from '@qmo/sdk';

/**
 * Runs jobs `latencyMs` after they were queued, in the order queued. One timer at a time (for the
 * oldest job), so a burst of orders costs one timer, and disposing leaves none behind.
 */
export class LatencyQueue implements Disposable {
  private readonly jobs: { due: number; run: () => void }[] = [];
  private timer: Disposable | null = null;
  private disposed = false;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly timers: PluginTimers,
    private readonly latencyMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  get pending(): number {
    return this.jobs.length;
  }

  push(run: () => void): void {
    if (this.disposed) return;
    this.jobs.push({ due: this.clock.now() + this.latencyMs, run });
    this.arm();
  }

  dispose(): void {
    this.disposed = true;
    this.jobs.length = 0;
    this.timer?.dispose();
    this.timer = null;
  }

  private arm(): void {
    const first = this.jobs[0];
    if (this.timer || !first || this.disposed) return;
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = null;
        this.drain();
      },
      Math.max(0, first.due - this.clock.now()),
    );
  }

  private drain(): void {
    const now = this.clock.now();
    while (!this.disposed && this.jobs.length > 0 && this.jobs[0]!.due <= now) {
      const job = this.jobs.shift()!;
      try {
        job.run();
      } catch (error) {
        this.onError(error);
      }
    }
    this.arm();
  }
}
