import type { Contribution, Kernel } from '@qmo/core';
import {
  type Bar,
  computeIndicatorSeries,
  ERROR_CODES,
  extensionPoints,
  type Indicator,
  type IndicatorSeriesValues,
  InvalidArgumentError,
  NotFoundError,
  type OutputSpec,
  QmoError,
  type RunnerBar,
  type Timeframe,
  toIndicatorBar,
} from '@qmo/sdk';
import { z } from 'zod';
import type { IndicatorModules } from './indicator-modules.js';
import type { SharedBarReads } from './shared-bar-reads.js';

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
  /** URL path of the plugin's browser module, where the web app can run this indicator; else null. */
  module: string | null;
}

/** An indicator computed over a window of bars, as the HTTP API answers it. */
export interface IndicatorSeries extends IndicatorSeriesValues {
  indicator: string;
  outputs: readonly OutputSpec[];
  params: unknown;
}

export interface PreparedIndicator {
  contribution: Contribution<Indicator<unknown>>;
  params: unknown;
}

/** Lists the indicators plugins contributed and computes them over stored bars. */
export class IndicatorService {
  constructor(
    private readonly kernel: Kernel,
    private readonly reads: SharedBarReads,
    private readonly modules: IndicatorModules,
  ) {}

  list(): IndicatorDescription[] {
    const contributions = this.contributions();
    return contributions
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
        module: this.modules.pathOf(pluginId),
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
    const all = await this.reads.bars(instrument, tf, range, limit);
    // A bounded (replay) request never sees the forming bar, even one that started before the bound.
    const bars = closedOnly ? all.filter((bar) => bar.closed) : all;
    try {
      return {
        indicator: id,
        outputs: indicator.outputs,
        params: params,
        ...computeIndicatorSeries(indicator, params, bars.map(toRunnerBar)),
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

function toRunnerBar(bar: Bar): RunnerBar {
  return { ...toIndicatorBar(bar), closed: bar.closed };
}
