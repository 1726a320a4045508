import type { IndicatorPoint, OutputSpec } from '@qmo/sdk';
import type { IndicatorInfo } from '../api/types.js';
import type { BrowserIndicators } from '../indicators/compute/browser-indicators.js';
import { reportError } from '../state/errors.svelte.js';
import { BrowserSource } from './browser-source.js';
import type { ChartController } from './chart-controller.js';
import { HostSource } from './host-source.js';
import { IndicatorLayer, type LayerEnv } from './indicator-layer.js';
import type { LayerOutcome, LayerSource, LayerSourceOwner, LayerView } from './layer-source.js';

export interface InstanceDeps {
  controller: ChartController;
  env: LayerEnv;
  worker: BrowserIndicators;
  /** What the chart shows now, or null before an instrument is chosen. */
  view(): LayerView | null;
  /** Points drawn (null while loading or failed), the last error and the field errors. */
  onIndicator(
    uid: string,
    points: number | null,
    error: string | null,
    fieldErrors: Record<string, string>,
  ): void;
  /** Something was drawn or cleared: the future horizon may have moved. */
  onDrawn(): void;
}

const PARAMS_DEBOUNCE_MS = 300;

/**
 * One indicator instance on the chart: its drawings, its parameters, and where its values come from
 * (the browser when its plugin has a module, else — or when that fails to load — the host).
 */
export class IndicatorInstance implements LayerSourceOwner {
  readonly layer: IndicatorLayer;
  private source: LayerSource;
  private currentParams: Record<string, unknown>;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The failure last shown, so a refresh that fails the same way does not show it again. */
  private lastError: string | null = null;
  /** The series values drawn last (the chart's test hook reads them). */
  points: IndicatorPoint[] = [];

  constructor(
    readonly uid: string,
    private info: IndicatorInfo,
    params: Record<string, unknown>,
    public paramsKey: string,
    private readonly deps: InstanceDeps,
  ) {
    this.currentParams = params;
    this.layer = new IndicatorLayer(deps.controller, deps.env, uid);
    this.source = info.module ? new BrowserSource(deps.worker, this) : new HostSource(this);
  }

  get indicator(): string {
    return this.info.id;
  }
  get name(): string {
    return this.info.name;
  }
  get module(): string | null {
    return this.info.module;
  }
  get outputs(): readonly OutputSpec[] {
    return this.info.outputs;
  }
  get where(): 'browser' | 'host' {
    return this.source.where;
  }
  get extendable(): boolean {
    return this.source.extendable;
  }
  get refreshesOnClose(): boolean {
    return this.source.refreshesOnClose;
  }

  params(): Record<string, unknown> {
    return this.currentParams;
  }

  /** New parameters: computed again after a short pause (typing in the settings form). */
  setParams(info: IndicatorInfo, params: Record<string, unknown>, paramsKey: string): void {
    this.info = info;
    this.currentParams = params;
    this.paramsKey = paramsKey;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh();
    }, PARAMS_DEBOUNCE_MS);
  }

  refresh(): void {
    const view = this.deps.view();
    if (view) this.source.refresh(view);
  }

  extend(): void {
    const view = this.deps.view();
    if (view) this.source.extend(view);
  }

  /** Nothing drawn until the next values (another instrument or timeframe is loading). */
  clear(): void {
    this.layer.clear();
    this.deps.onIndicator(this.uid, null, null, {});
  }

  report(outcome: LayerOutcome): void {
    if (outcome.ok) {
      this.points = outcome.values.points;
      this.layer.render(outcome.outputs, outcome.values, outcome.tail);
      this.lastError = null;
      this.deps.onDrawn();
      this.deps.onIndicator(this.uid, outcome.values.points.length, null, {});
      return;
    }
    if ('fallback' in outcome) {
      // The module could not run here (an old browser, a plugin that needs Node): the host computes.
      console.warn(`${this.info.name}: computed by the host (${outcome.message})`);
      this.source.dispose();
      this.source = new HostSource(this);
      this.refresh();
      return;
    }
    if (outcome.message !== this.lastError && !outcome.quiet) {
      const view = this.deps.view();
      reportError(
        outcome.error ?? new Error(outcome.message),
        `${this.info.name} on ${view?.instrument.symbol ?? ''}`,
      );
    }
    this.lastError = outcome.message;
    this.points = [];
    this.layer.clear();
    this.deps.onDrawn();
    this.deps.onIndicator(this.uid, null, outcome.message, outcome.fieldErrors);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.source.dispose();
    this.layer.dispose();
  }
}
