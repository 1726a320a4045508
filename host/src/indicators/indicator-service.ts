import type { Contribution, Kernel, MarketDataManager } from '@qmo/core';
import {
  type Bar,
  ERROR_CODES,
  extensionPoints,
  type Indicator,
  type IndicatorOutput,
  InvalidArgumentError,
  NotFoundError,
  type OutputShape,
  type OutputSpec,
  type OutputValue,
  QmoError,
  type Timeframe,
  toIndicatorBar,
} from '@qmo/sdk';
import { z } from 'zod';

export interface IndicatorDescription {
  id: string;
  name: string;
  group: string;
  description: string | null;
  plugin: string;
  pluginVersion: string;
  params: Record<string, unknown>;
  defaults: Record<string, unknown>;
  outputs: readonly OutputSpec[];
}

/**
 * An indicator computed over a window of bars. Series shapes (line, band, histogram) come per bar in
 * `points`; drawing shapes come once, in `drawings`: the list of the last bar (a list replaces the
 * previous one, so earlier lists are never drawn). Sending them per bar repeated the same lists on
 * every bar and made long histories huge.
 */
export interface IndicatorSeries {
  indicator: string;
  outputs: readonly OutputSpec[];
  params: unknown;
  points: { time: number; values: IndicatorOutput }[];
  /** Each drawing output's current list, by output key (empty when there are no bars). */
  drawings: Record<string, OutputValue>;
  /** Open time of the bar whose lists `drawings` holds, or null without bars. */
  drawingsTime: number | null;
}

const SERIES_SHAPES: ReadonlySet<OutputShape> = new Set(['line', 'band', 'histogram']);

/** Whether an output's values come per bar (series) or as one current list (drawing). */
export function isSeriesShape(shape: OutputShape): boolean {
  return SERIES_SHAPES.has(shape);
}

export interface PreparedIndicator {
  contribution: Contribution<Indicator<unknown>>;
  params: unknown;
}

/** Lists the indicators plugins contributed and computes them over stored bars. */
export class IndicatorService {
  constructor(
    private readonly kernel: Kernel,
    private readonly marketData: MarketDataManager,
  ) {}

  list(): IndicatorDescription[] {
    return this.contributions()
      .map(({ value, pluginId, pluginVersion }) => ({
        id: value.id,
        name: value.name,
        group: value.group,
        description: value.description ?? null,
        plugin: pluginId,
        pluginVersion,
        params: z.toJSONSchema(value.params, { io: 'input', unrepresentable: 'any' }) as Record<
          string,
          unknown
        >,
        defaults: value.params.parse({}) as Record<string, unknown>,
        outputs: value.outputs,
      }))
      .sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
  }

  async compute(
    id: string,
    instrument: string,
    tf: Timeframe,
    range: { from: number; to: number },
    limit: number | undefined,
    rawParams: unknown,
    closedOnly = false,
  ): Promise<IndicatorSeries> {
    const prepared = this.prepare(id, rawParams);
    if (!prepared) throw new NotFoundError(`unknown indicator "${id}"`, { indicator: id });
    const { contribution, params } = prepared;
    const indicator = contribution.value;
    const all = await this.marketData.bars(instrument, tf, range, limit);
    // A bounded (replay) request never sees the forming bar, even one that started before the bound.
    const bars = closedOnly ? all.filter((bar) => bar.closed) : all;
    try {
      return {
        indicator: id,
        outputs: indicator.outputs,
        params: params,
        ...splitOutputs(indicator.outputs, run(indicator, params, bars)),
      };
    } catch (error) {
      contribution.fault(error);
      throw new QmoError(
        ERROR_CODES.PLUGIN_QUARANTINED,
        `indicator "${id}" of plugin "${contribution.pluginId}" failed: ${(error as Error).message}`,
      );
    }
  }

  /**
   * An indicator and its checked parameters, for callers that feed it bars themselves (advisors);
   * null when no plugin contributes `id`. Invalid parameters throw `InvalidArgumentError`.
   */
  prepare(id: string, rawParams: unknown): PreparedIndicator | null {
    const contribution = this.contributions().find((c) => c.value.id === id);
    if (!contribution) return null;
    const indicator = contribution.value;
    const parsed = indicator.params.safeParse(rawParams ?? {});
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({
        path: ['params', ...i.path].join('.'),
        message: i.message,
      }));
      const issues = errors.map((e) => `${e.path}: ${e.message}`);
      throw new InvalidArgumentError(`invalid parameters for indicator "${id}": ${issues.join('; ')}`, {
        issues,
        errors,
      });
    }
    return { contribution, params: parsed.data };
  }

  private contributions(): Contribution<Indicator<unknown>>[] {
    return this.kernel.contributions.list(extensionPoints.indicators) as Contribution<Indicator<unknown>>[];
  }
}

/** Closed bars go through `next`; a forming last bar through `peek`, so nothing looks ahead. */
function run(
  indicator: Indicator<unknown>,
  params: unknown,
  bars: readonly Bar[],
): IndicatorSeries['points'] {
  const instance = indicator.create(params);
  return bars.map((bar) => {
    const input = toIndicatorBar(bar);
    return { time: bar.ts, values: bar.closed ? instance.next(input) : instance.peek(input) };
  });
}

/** Keeps series values per bar and the drawing lists of the last bar only. */
export function splitOutputs(
  outputs: readonly OutputSpec[],
  perBar: readonly { time: number; values: IndicatorOutput }[],
): Pick<IndicatorSeries, 'points' | 'drawings' | 'drawingsTime'> {
  const seriesKeys = outputs.filter((o) => isSeriesShape(o.shape)).map((o) => o.key);
  const drawingKeys = outputs.filter((o) => !isSeriesShape(o.shape)).map((o) => o.key);
  const points = perBar.map(({ time, values }) => {
    const kept: IndicatorOutput = {};
    for (const key of seriesKeys) if (key in values) kept[key] = values[key] as OutputValue;
    return { time, values: kept };
  });
  const last = perBar[perBar.length - 1];
  const drawings: Record<string, OutputValue> = {};
  for (const key of drawingKeys) drawings[key] = last?.values[key] ?? [];
  return { points, drawings, drawingsTime: last?.time ?? null };
}
