import type { RunnerBar } from '@qmo/sdk';
import { packBars } from './columns.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

type Pending = (reply: WorkerReply) => void;
type Loaded = Omit<Extract<WorkerRequest, { kind: 'load' }>, 'kind' | 'id' | 'bars'> & {
  /** Version of the candles (changes whenever they do) and the candles themselves. */
  version: number;
  bars(): RunnerBar[];
};

/** The main thread's side of the indicator worker: one request, one reply. */
export class BrowserIndicators {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The candles version the worker holds: several loads over the same candles send them once. */
  private sentVersion: number | null = null;

  /** Loads (or reloads) a layer and computes it over the candles of `version`. */
  load({ version, bars, ...request }: Loaded): Promise<WorkerReply> {
    if (this.sentVersion !== version || !this.worker) {
      const columns = packBars(bars());
      this.ensureWorker().postMessage({ kind: 'bars', version, columns } satisfies WorkerRequest, [
        columns.buffer,
      ]);
      this.sentVersion = version;
    }
    return this.send({ kind: 'load', id: 0, ...request, bars: version });
  }

  /** Feeds a loaded layer the bars after its last closed one; the reply holds their points only. */
  update(layer: string, bars: RunnerBar[]): Promise<WorkerReply> {
    return this.send({ kind: 'update', id: 0, layer, bars });
  }

  drop(layer: string): void {
    this.worker?.postMessage({ kind: 'drop', layer } satisfies WorkerRequest);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const resolve of this.pending.values()) {
      resolve({ id: 0, ok: false, reason: 'failed', message: 'indicator worker stopped' });
    }
    this.pending.clear();
  }

  private send(request: Extract<WorkerRequest, { id: number }>): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ensureWorker().postMessage({ ...request, id });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./indicator-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const resolve = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      resolve?.(event.data);
    };
    this.sentVersion = null;
    worker.onerror = (event) => {
      // The worker itself failed (it could not start): every open request falls back to the host.
      event.preventDefault();
      const message = event.message || 'indicator worker failed';
      for (const [id, resolve] of this.pending) resolve({ id, ok: false, reason: 'unavailable', message });
      this.pending.clear();
      this.worker?.terminate();
      this.worker = null;
    };
    this.worker = worker;
    return worker;
  }
}
