import type { Contribution, Kernel, MarketDataManager } from '@qmo/core';
import {
  type Bar,
  ERROR_CODES,
  extensionPoints,
  type Indicator,
  type IndicatorOutput,
  InvalidArgumentError,
  NotFoundError,
  type OutputSpec,
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

export interface IndicatorSeries {
  indicator: string;
  outputs: readonly OutputSpec[];
  params: unknown;
  points: { time: number; values: IndicatorOutput }[];
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
  ): Promise<IndicatorSeries> {
    const contribution = this.contributions().find((c) => c.value.id === id);
    if (!contribution) throw new NotFoundError(`unknown indicator "${id}"`, { indicator: id });
    const indicator = contribution.value;
    const parsed = indicator.params.safeParse(rawParams ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `params.${i.path.join('.')}: ${i.message}`);
      throw new InvalidArgumentError(`invalid parameters for indicator "${id}": ${issues.join('; ')}`, {
        issues,
      });
    }
    const bars = await this.marketData.bars(instrument, tf, range, limit);
    try {
      return {
        indicator: id,
        outputs: indicator.outputs,
        params: parsed.data,
        points: run(indicator, parsed.data, bars),
      };
    } catch (error) {
      contribution.fault(error);
      throw new QmoError(
        ERROR_CODES.PLUGIN_QUARANTINED,
        `indicator "${id}" of plugin "${contribution.pluginId}" failed: ${(error as Error).message}`,
      );
    }
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
