import { z } from 'zod';
import type { DefinedPlugin } from '../plugin/define-plugin.js';
import { extensionPoints } from '../plugin/extension-points.js';
import {
  computeSeries,
  type Indicator,
  type IndicatorBar,
  type IndicatorOutput,
  OUTPUT_SHAPES,
  type OutputSpec,
} from '../plugin/kinds/indicator.js';
import type { Capability } from '../plugin/manifest.js';
import { firstDifference } from './equal.js';
import { FakeClock } from './fake-clock.js';
import { startTestPlugin } from './test-host.js';

/*
 * Contract checks for indicators: plain functions that throw an Error saying what is wrong, usable
 * from any test runner (and inside property-based tests, with random bars and parameters).
 */

export class IndicatorContractError extends Error {
  override readonly name = 'IndicatorContractError';
}

const fail = (indicator: { id: string }, message: string): never => {
  throw new IndicatorContractError(`indicator "${indicator.id}": ${message}`);
};

export interface IndicatorDescriptionOptions {
  /** The menu group it must name. */
  group?: string;
}

/**
 * The indicator describes itself for the UI: a name, a description, the expected group, at least
 * one output, output keys unique, every shape one of OUTPUT_SHAPES, every output labelled and
 * placed on the price chart or in a pane of its own.
 */
export function checkIndicatorDescription(
  indicator: Indicator<unknown>,
  options: IndicatorDescriptionOptions = {},
): void {
  if (options.group !== undefined && indicator.group !== options.group)
    fail(indicator, `group is "${indicator.group}", expected "${options.group}"`);
  if (!indicator.group) fail(indicator, 'has no group');
  if (!indicator.name) fail(indicator, 'has no name');
  if (!indicator.description) fail(indicator, 'has no description');
  if (indicator.outputs.length === 0) fail(indicator, 'declares no output');
  const keys = new Set<string>();
  for (const output of indicator.outputs) {
    if (!output.key) fail(indicator, 'has an output without a key');
    if (keys.has(output.key)) fail(indicator, `declares output "${output.key}" twice`);
    keys.add(output.key);
    if (!(OUTPUT_SHAPES as readonly string[]).includes(output.shape))
      fail(
        indicator,
        `output "${output.key}" has shape "${output.shape}", not one of ${OUTPUT_SHAPES.join(', ')}`,
      );
    if (!output.label) fail(indicator, `output "${output.key}" has no label`);
    if (output.pane !== 'price' && output.pane !== 'own')
      fail(indicator, `output "${output.key}" has pane "${String(output.pane)}", not "price" or "own"`);
  }
}

export interface IndicatorParamsOptions {
  /**
   * Bounds every numeric parameter must have for the form: `both` (default) a lower and an upper
   * one, `lower` a lower one only.
   */
  numericBounds?: 'both' | 'lower';
}

/** A parameter as the JSON Schema of the parameters (input side) describes it. */
export interface ParamField {
  type?: string;
  default?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  description?: string;
}

/**
 * The parameters can drive a form: `params.parse({})` gives the defaults (an object that parses
 * to itself), every parameter has a description and, in the JSON Schema, the default
 * `parse({})` gives; numeric ones have bounds; `create(defaults)` works.
 * Returns the defaults and the schema's fields, for checks of the plugin's own.
 */
export function checkIndicatorParams(
  indicator: Indicator<unknown>,
  options: IndicatorParamsOptions = {},
): { defaults: Record<string, unknown>; fields: Record<string, ParamField> } {
  const parsed = indicator.params.safeParse({});
  if (!parsed.success) return fail(indicator, `params.parse({}) fails: ${parsed.error.message}`);
  const defaults = parsed.data;
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults))
    return fail(indicator, `params.parse({}) gives ${JSON.stringify(defaults)}, not an object`);
  const again = indicator.params.safeParse(defaults);
  const changed = again.success ? firstDifference(again.data, defaults) : again.error.message;
  if (changed !== null) fail(indicator, `the defaults do not parse to themselves: ${changed}`);

  const schema = z.toJSONSchema(indicator.params, { io: 'input' }) as {
    properties?: Record<string, ParamField>;
  };
  const fields = schema.properties ?? {};
  const values = defaults as Record<string, unknown>;
  for (const [key, field] of Object.entries(fields)) {
    if (!field.description) fail(indicator, `parameter "${key}" has no description`);
    const d = firstDifference(field.default, values[key]);
    if (d !== null) fail(indicator, `parameter "${key}": the schema's default differs from parse({}) (${d})`);
    if (field.type === 'number' || field.type === 'integer') {
      if (typeof (field.minimum ?? field.exclusiveMinimum) !== 'number')
        fail(indicator, `numeric parameter "${key}" has no lower bound`);
      if (
        (options.numericBounds ?? 'both') === 'both' &&
        typeof (field.maximum ?? field.exclusiveMaximum) !== 'number'
      )
        fail(indicator, `numeric parameter "${key}" has no upper bound`);
    }
  }
  try {
    indicator.create(defaults);
  } catch (error) {
    fail(indicator, `create(defaults) throws: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { defaults: values, fields };
}

/** The parts of the indicator contract `checkIndicatorContract` can check, with what each means. */
export const INDICATOR_CONTRACT_CHECKS = [
  { check: 'batch', title: 'batch equals feeding next() bar by bar, and is pure' },
  { check: 'peek', title: 'peek equals what next returns and leaves the state as it was' },
  { check: 'lookAhead', title: 'does not look ahead: outputs for bars[0..t] do not depend on later bars' },
  { check: 'outputs', title: 'gives every output at every bar, well formed for its shape, never NaN' },
] as const;
export type IndicatorContractCheck = (typeof INDICATOR_CONTRACT_CHECKS)[number]['check'];

export interface IndicatorContractOptions {
  /** The checks to run (default: all of INDICATOR_CONTRACT_CHECKS). */
  checks?: readonly IndicatorContractCheck[];
  /**
   * Versions of bar `index` still forming, peeked at (each twice) before the bar is committed, as
   * a live chart does. Default: the close at the low, the middle and the high of the bar, then a
   * bar twice as wide.
   */
  forming?: (bar: IndicatorBar, index: number) => readonly IndicatorBar[];
  /**
   * Bar indexes t for the look-ahead check: the outputs of bars[0..t] computed alone must equal
   * the first t + 1 outputs of the whole series. Default: the first, the middle and the last but one.
   */
  cuts?: readonly number[];
}

/** Default forming versions of a bar. */
export function formingVersions(bar: IndicatorBar): IndicatorBar[] {
  const range = bar.high - bar.low;
  return [
    ...[0, 0.5, 1].map((f, k) => ({ ...bar, close: bar.low + range * f, volume: bar.volume / (k + 1) })),
    { ...bar, high: bar.high * 2, low: bar.low / 2, close: bar.high },
  ];
}

/**
 * Checks the indicator contract on one series of bars (oldest first) and parameters (default:
 * `params.parse({})`), and returns the outputs. The parameters must be accepted by `params`;
 * then, each unless `options.checks` leaves it out:
 * - `outputs`: every output has a value for each declared key, well formed for its shape: series values a
 *   finite number or null (bands: finite upper and lower, middle finite or null), drawings a list
 *   of items with their fields, every number finite, no null, no "NaN"/"null"/"undefined"/"Infinity"
 *   in texts;
 * - `peek`: `peek` of the same forming bar twice gives the same output, `peek(bar)` equals the `next(bar)`
 *   that follows, and peeking changes nothing: an instance that peeks gives what one that never
 *   peeks gives;
 * - `batch`: `batch` (when present) equals `create` fed bar by bar, and gives the same again (pure);
 * - `lookAhead`: the outputs for bars[0..t] are the same whether later bars follow or not.
 */
export function checkIndicatorContract<P>(
  indicator: Indicator<P>,
  bars: readonly IndicatorBar[],
  params?: P,
  options: IndicatorContractOptions = {},
): IndicatorOutput[] {
  const p = params === undefined ? indicator.params.parse({}) : params;
  const accepted = indicator.params.safeParse(p);
  if (!accepted.success)
    fail(
      indicator,
      `the parameters ${JSON.stringify(p)} are refused by its schema: ${accepted.error.message}`,
    );

  const checks = new Set<IndicatorContractCheck>(
    options.checks ?? INDICATOR_CONTRACT_CHECKS.map((c) => c.check),
  );

  const reference = indicator.create(p);
  const expected = bars.map((bar, i) => {
    const output = reference.next(bar);
    if (checks.has('outputs')) checkIndicatorOutput(indicator, output, `next() at bar ${i}`);
    return output;
  });

  if (checks.has('peek')) {
    const forming = options.forming ?? formingVersions;
    const peeking = indicator.create(p);
    bars.forEach((bar, i) => {
      for (const version of forming(bar, i)) {
        const first = peeking.peek(version);
        if (checks.has('outputs')) checkIndicatorOutput(indicator, first, `peek() at bar ${i}`);
        const d = firstDifference(peeking.peek(version), first);
        if (d !== null) fail(indicator, `peek() of the same forming bar ${i} gave different outputs: ${d}`);
      }
      const preview = peeking.peek(bar);
      const committed = peeking.next(bar);
      const d1 = firstDifference(committed, preview);
      if (d1 !== null) fail(indicator, `next() at bar ${i} differs from the peek() of the same bar: ${d1}`);
      const d2 = firstDifference(committed, expected[i]);
      if (d2 !== null)
        fail(indicator, `peek() changed the state: next() at bar ${i} differs after peeking: ${d2}`);
    });
  }

  if (checks.has('batch')) {
    const first = computeSeries(indicator, p, bars);
    const d = firstDifference(first, expected);
    if (d !== null) fail(indicator, `batch() differs from create() fed bar by bar: ${d}`);
    const again = computeSeries(indicator, p, bars);
    const d2 = firstDifference(again, first);
    if (d2 !== null) fail(indicator, `the same bars and parameters gave different outputs: ${d2}`);
  }

  if (checks.has('lookAhead')) {
    const n = bars.length;
    const cuts = options.cuts ?? (n === 0 ? [] : [0, Math.floor((n - 1) / 2), Math.max(0, n - 2)]);
    for (const t of new Set(cuts)) {
      if (!Number.isInteger(t) || t < 0 || t >= n)
        fail(indicator, `cut ${t} is not a bar index of ${n} bars`);
      const prefix = computeSeries(indicator, p, bars.slice(0, t + 1));
      const d = firstDifference(prefix, expected.slice(0, t + 1));
      if (d !== null)
        fail(indicator, `looks ahead: the outputs of bars[0..${t}] change when later bars follow: ${d}`);
    }
  }
  return expected;
}

const FORMATTING_SLIP = /NaN|null|undefined|Infinity/;

/**
 * One output is well formed: a value for every declared key, of its shape (see
 * `checkIndicatorContract`). `where` names the output in the error.
 */
export function checkIndicatorOutput(
  indicator: Indicator<unknown>,
  output: IndicatorOutput,
  where = 'output',
): void {
  if (typeof output !== 'object' || output === null) fail(indicator, `${where}: not an object`);
  for (const spec of indicator.outputs) {
    const problem = shapeProblem(spec, output[spec.key]);
    if (problem) fail(indicator, `${where}, "${spec.key}" (${spec.shape}): ${problem}`);
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPoint = (v: unknown) =>
  typeof v === 'object' &&
  v !== null &&
  finite((v as { time?: unknown }).time) &&
  finite((v as { price?: unknown }).price);

/** Required fields of one drawing item, by shape. */
const ITEM_CHECKS: Record<string, (item: Record<string, unknown>) => string | null> = {
  markers: (m) =>
    !finite(m.time)
      ? 'a marker without a time'
      : !['above', 'below', 'at'].includes(String(m.position))
        ? `a marker at position ${String(m.position)}`
        : !['circle', 'square', 'arrowUp', 'arrowDown'].includes(String(m.shape))
          ? `a marker of shape ${String(m.shape)}`
          : null,
  levels: (l) => (finite(l.price) ? null : 'a level without a price'),
  zones: (z) => (isPoint(z.from) && isPoint(z.to) ? null : 'a zone without its from and to points'),
  rays: (r) =>
    isPoint(r.anchor) && isPoint(r.through) ? null : 'a ray without its anchor and through points',
  timelines: (t) => (finite(t.time) ? null : 'a time line without a time'),
  labels: (l) => (isPoint(l.at) && typeof l.text === 'string' ? null : 'a label without its point and text'),
};

function shapeProblem(spec: OutputSpec, value: unknown): string | null {
  if (value === undefined) return 'missing';
  switch (spec.shape) {
    case 'line':
    case 'histogram':
      return value === null || finite(value) ? null : `${String(value)} is neither a finite number nor null`;
    case 'band': {
      if (value === null) return null;
      if (typeof value !== 'object') return `${String(value)} is not a band`;
      const b = value as Record<string, unknown>;
      if (!finite(b.upper) || !finite(b.lower))
        return `upper ${String(b.upper)}, lower ${String(b.lower)}: not finite`;
      if (b.middle !== null && !finite(b.middle))
        return `middle ${String(b.middle)}: neither finite nor null`;
      return null;
    }
    default: {
      if (!Array.isArray(value)) return `${JSON.stringify(value)} is not a list`;
      for (const [i, item] of value.entries()) {
        if (typeof item !== 'object' || item === null) return `item ${i} is ${String(item)}`;
        const missing = ITEM_CHECKS[spec.shape]?.(item as Record<string, unknown>);
        if (missing) return `item ${i}: ${missing}`;
        const bad = badLeaf(item, `[${i}]`);
        if (bad) return bad;
      }
      return null;
    }
  }
}

/** The first number that is not finite, null, or text with a formatting slip, anywhere in `value`. */
function badLeaf(value: unknown, path: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is ${value}`;
  if (value === null) return `${path} is null`;
  if (typeof value === 'string') return FORMATTING_SLIP.test(value) ? `${path} reads "${value}"` : null;
  if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value as object)) {
      const bad = badLeaf(v, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
      if (bad) return bad;
    }
  }
  return null;
}

export interface IndicatorPluginOptions {
  /** Plugin id for the test host (default `test-indicator`). */
  id?: string;
  /** Capabilities to grant (default none: an indicator needs none). */
  capabilities?: Capability[];
  /** Raw configuration. */
  config?: unknown;
}

/**
 * Starts an indicator plugin in the simulated host and checks it registers exactly the indicators
 * `ids` (in that order), each meeting `checkIndicatorDescription`, and that stopping it releases
 * every one of them and leaves no timer.
 */
export async function checkIndicatorPlugin<C>(
  plugin: DefinedPlugin<C>,
  ids: readonly string[],
  options: IndicatorPluginOptions = {},
): Promise<Indicator<unknown>[]> {
  if (plugin.kind !== 'indicator') throw new IndicatorContractError(`the plugin is of kind "${plugin.kind}"`);
  const clock = new FakeClock();
  const host = await startTestPlugin({
    plugin,
    id: options.id,
    capabilities: options.capabilities ?? [],
    config: options.config,
    clock,
  });
  let registered: Indicator<unknown>[];
  try {
    registered = host.contributions(extensionPoints.indicators);
    const got = registered.map((i) => i.id);
    const d = firstDifference(got, ids);
    if (d !== null)
      throw new IndicatorContractError(`registered ${JSON.stringify(got)}, expected ${JSON.stringify(ids)}`);
    for (const indicator of registered) checkIndicatorDescription(indicator);
  } finally {
    await host.stop();
  }
  const left = host.contributions(extensionPoints.indicators);
  if (left.length > 0)
    throw new IndicatorContractError(`still registered after stop: ${left.map((i) => i.id).join(', ')}`);
  if (clock.pendingTimers > 0)
    throw new IndicatorContractError(`${clock.pendingTimers} timer(s) left after stop`);
  return registered;
}
