/// <reference lib="webworker" />
import { type Indicator, IndicatorRunner, type RunnerBar } from '@qmo/sdk';
import { packSeries, seriesBuffers, unpackBars } from './columns.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

/**
 * Runs indicator plugins' browser modules off the main thread: the same code and the same runner
 * the host uses, fed with the bars the chart shows.
 */
interface Layer {
  indicator: Indicator<unknown>;
  runner: IndicatorRunner<unknown>;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
const modules = new Map<string, Promise<readonly Indicator<unknown>[]>>();
const layers = new Map<string, Layer>();
/** The newest load per layer: an older load that finishes later must not replace it. */
const newestLoad = new Map<string, number>();
/** The latest candles sent, unpacked once for every load of that version. */
let candles: { version: number; bars: RunnerBar[] } = { version: 0, bars: [] };

function moduleAt(url: string): Promise<readonly Indicator<unknown>[]> {
  let loading = modules.get(url);
  if (!loading) {
    loading = import(/* @vite-ignore */ url).then((m: { indicators?: unknown }) => {
      if (!Array.isArray(m.indicators)) throw new Error(`${url} does not export "indicators"`);
      return m.indicators as Indicator<unknown>[];
    });
    modules.set(url, loading);
    loading.catch(() => modules.delete(url));
  }
  return loading;
}

function compute(layer: Layer, id: number, bars: readonly RunnerBar[]): WorkerReply {
  const values = packSeries(
    layer.indicator.outputs,
    bars.map((bar) => layer.runner.push(bar)),
  );
  return { id, ok: true, outputs: [...layer.indicator.outputs], values, lastClosed: layer.runner.lastClosed };
}

async function load(request: Extract<WorkerRequest, { kind: 'load' }>): Promise<WorkerReply | null> {
  const { id, layer: key } = request;
  newestLoad.set(key, id);
  layers.delete(key);
  // Read now: a newer version may arrive while the module loads.
  const bars = candles.version === request.bars ? candles.bars : null;
  if (!bars) return { id, ok: false, reason: 'failed', message: `candles version ${request.bars} is gone` };
  let indicators: readonly Indicator<unknown>[];
  try {
    indicators = await moduleAt(request.url);
  } catch (error) {
    return { id, ok: false, reason: 'unavailable', message: (error as Error).message };
  }
  if (newestLoad.get(key) !== id)
    return { id, ok: false, reason: 'failed', message: 'superseded by a newer load' };
  const indicator = indicators.find((i) => i.id === request.indicator);
  if (!indicator) {
    return {
      id,
      ok: false,
      reason: 'unavailable',
      message: `no indicator "${request.indicator}" in ${request.url}`,
    };
  }
  const parsed = indicator.params.safeParse(request.params);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({
      path: ['params', ...i.path].join('.'),
      message: i.message,
    }));
    const message = `invalid parameters for indicator "${indicator.id}": ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`;
    return { id, ok: false, reason: 'params', message, errors };
  }
  const layer = { indicator, runner: new IndicatorRunner(indicator, parsed.data) };
  layers.set(key, layer);
  return compute(layer, id, bars);
}

async function handle(request: WorkerRequest): Promise<WorkerReply | null> {
  switch (request.kind) {
    case 'bars':
      candles = { version: request.version, bars: unpackBars(request.columns) };
      return null;
    case 'load':
      return load(request);
    case 'update': {
      const layer = layers.get(request.layer);
      if (!layer) return { id: request.id, ok: false, reason: 'failed', message: 'layer not loaded' };
      return compute(layer, request.id, request.bars);
    }
    case 'drop':
      layers.delete(request.layer);
      newestLoad.delete(request.layer);
      return null;
  }
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  handle(request)
    .catch((error: unknown): WorkerReply | null => {
      // A throwing indicator leaves its layer unusable until it is loaded again.
      if ('layer' in request) layers.delete(request.layer);
      return 'id' in request
        ? { id: request.id, ok: false, reason: 'failed', message: (error as Error).message ?? String(error) }
        : null;
    })
    .then((reply) => {
      if (reply) scope.postMessage(reply, reply.ok ? seriesBuffers(reply.values) : []);
    });
};
