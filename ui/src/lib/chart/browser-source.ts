import type { IndicatorPoint, OutputSpec, OutputValue } from '@qmo/sdk';
import type { BrowserIndicators } from '../indicators/compute/browser-indicators.js';
import { unpackSeries } from '../indicators/compute/columns.js';
import type { WorkerReply } from '../indicators/compute/protocol.js';
import { paramErrorsOf } from '../indicators/instances.js';
import type { LayerSource, LayerSourceOwner, LayerView } from './layer-source.js';
import { mergeTail } from './runner-bars.js';

/**
 * An instance computed in the indicator worker from its plugin's browser module: the whole view on
 * `refresh`, then only the bars after the last closed one it has taken in. One request at a time;
 * candles that arrive meanwhile are sent with the next.
 */
export class BrowserSource implements LayerSource {
  readonly where = 'browser';
  private outputs: readonly OutputSpec[];
  private points: IndicatorPoint[] = [];
  private drawings: Record<string, OutputValue> = {};
  private drawingsTime: number | null = null;
  private lastClosed: number | null = null;
  /** The current load: a reply to an older one is dropped. */
  private seq = 0;
  private loading = false;
  private updating = false;
  /** Candles came while a request was under way. */
  private dirty: LayerView | null = null;
  private disposed = false;
  /** The last computation failed: live updates wait until the next refresh computes it again. */
  private broken = false;

  constructor(
    private readonly worker: BrowserIndicators,
    private readonly owner: LayerSourceOwner,
  ) {
    this.outputs = owner.outputs;
  }

  get extendable(): boolean {
    return !this.broken && (this.loading || this.lastClosed !== null);
  }

  /** A failed layer is computed again when a bar closes (a fault in one bar need not last). */
  get refreshesOnClose(): boolean {
    return this.broken;
  }

  refresh(view: LayerView): void {
    const seq = ++this.seq;
    this.broken = false;
    this.loading = false;
    this.updating = false;
    this.dirty = null;
    this.lastClosed = null;
    const module = this.owner.module;
    if (!view.ready || !module) return;
    this.loading = true;
    const url = new URL(module.replace(/^\//, ''), document.baseURI).href;
    const { uid, indicator } = this.owner;
    const request = { layer: uid, url, indicator, params: this.owner.params(), version: view.version };
    this.worker.load({ ...request, bars: view.bars }).then((reply) => {
      if (this.disposed || seq !== this.seq) return;
      this.loading = false;
      if (!reply.ok) return this.failed(reply);
      this.outputs = reply.outputs;
      const values = unpackSeries(reply.outputs, reply.values);
      this.points = values.points;
      this.drawings = values.drawings;
      this.drawingsTime = values.drawingsTime;
      this.lastClosed = reply.lastClosed;
      this.draw();
      // Live, or candles that came while it loaded.
      const pending = this.dirty ?? (view.replay ? null : view);
      if (pending) this.extend(pending);
    });
  }

  extend(view: LayerView): void {
    if (this.broken) return;
    if (this.loading || this.updating) {
      this.dirty = view;
      return;
    }
    this.dirty = null;
    const lastClosed = this.lastClosed;
    const bars = view.ready ? view.bars().filter((b) => lastClosed === null || b.time > lastClosed) : [];
    if (!bars.length) return;
    const seq = this.seq;
    this.updating = true;
    this.worker.update(this.owner.uid, bars).then((reply) => {
      if (this.disposed || seq !== this.seq) return;
      this.updating = false;
      if (!reply.ok) return this.failed(reply);
      const values = unpackSeries(reply.outputs, reply.values);
      mergeTail(this.points, values.points);
      if (values.drawingsTime !== null) {
        this.drawings = values.drawings;
        this.drawingsTime = values.drawingsTime;
      }
      this.lastClosed = reply.lastClosed;
      this.draw(values.points);
      if (this.dirty) this.extend(this.dirty);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.worker.drop(this.owner.uid);
  }

  private draw(tail?: IndicatorPoint[]): void {
    this.owner.report({
      ok: true,
      outputs: this.outputs,
      values: { points: this.points, drawings: this.drawings, drawingsTime: this.drawingsTime },
      ...(tail ? { tail } : {}),
    });
  }

  private failed(reply: Extract<WorkerReply, { ok: false }>): void {
    this.points = [];
    this.lastClosed = null;
    this.broken = true;
    if (reply.reason === 'unavailable') {
      this.owner.report({ ok: false, fallback: true, message: reply.message });
      return;
    }
    const params = reply.reason === 'params';
    this.owner.report({
      ok: false,
      message: reply.message,
      fieldErrors: params ? paramErrorsOf({ errors: reply.errors }) : {},
      quiet: params,
    });
  }
}
