import type { Contribution, InstrumentRegistry, Kernel, MarketDataManager, TradingEngine } from '@qmo/core';
import {
  type Advisor,
  extensionPoints,
  type IndicatorRequest,
  InvalidArgumentError,
  NotFoundError,
  type RiskAssessment,
  type Timeframe,
  UnknownInstrumentError,
} from '@qmo/sdk';
import { z } from 'zod';
import type { IndicatorService } from '../indicators/indicator-service.js';
import { AssessmentTracker } from './assessment-tracker.js';
import { type PreparedAdvisor, riskPercentOf } from './prepared-advisor.js';

export interface AdvisorDescription {
  id: string;
  name: string;
  plugin: string;
  pluginVersion: string;
  /** JSON Schema of the parameters (input side: defaults may be left out). */
  params: Record<string, unknown>;
  defaults: Record<string, unknown>;
  /** The indicators the advisor asks for with its default parameters. */
  requires: IndicatorRequest[];
}

export interface AssessmentQuery {
  advisor: string;
  instrument: string;
  tf: Timeframe;
  account: string | null;
  params: Record<string, unknown>;
}

export interface AdvisorServiceOptions {
  kernel: Kernel;
  marketData: MarketDataManager;
  instruments: InstrumentRegistry;
  indicators: IndicatorService;
  trading: TradingEngine;
  /** Bars per window period (see `windowOf`); tests shorten it. */
  windowBars?: number;
}

/** Runs contributed advisors over the indicators of closed bars and the account's equity. */
export class AdvisorService {
  constructor(private readonly options: AdvisorServiceOptions) {}

  list(): AdvisorDescription[] {
    return this.contributions()
      .map(({ value, pluginId, pluginVersion }) => {
        const defaults = value.params.parse({});
        return {
          id: value.id,
          name: value.name,
          plugin: pluginId,
          pluginVersion,
          params: z.toJSONSchema(value.params, { io: 'input', unrepresentable: 'any' }) as Record<
            string,
            unknown
          >,
          defaults: defaults as Record<string, unknown>,
          requires: value.requires(defaults),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Checks the advisor, instrument, parameters and indicators; throws 404/400 errors. */
  prepare(query: AssessmentQuery): PreparedAdvisor {
    const contribution = this.contributions().find((c) => c.value.id === query.advisor);
    if (!contribution)
      throw new NotFoundError(`unknown advisor "${query.advisor}"`, { advisor: query.advisor });
    const instrument = this.options.instruments.get(query.instrument);
    if (!instrument) throw new UnknownInstrumentError(query.instrument);
    if (query.account !== null && !this.options.trading.account(query.account))
      throw new NotFoundError(`no account "${query.account}"`, { account: query.account });
    const parsed = contribution.value.params.safeParse(query.params);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({
        path: ['query', ...i.path].join('.'),
        message: i.message,
      }));
      throw new InvalidArgumentError(
        `invalid parameters for advisor "${query.advisor}": ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
        { errors },
      );
    }
    const indicators: PreparedAdvisor['indicators'] = [];
    for (const request of contribution.value.requires(parsed.data)) {
      const prepared = this.options.indicators.prepare(request.indicator, request.params ?? {});
      if (prepared) indicators.push({ request, prepared });
      else if (!request.optional)
        throw new NotFoundError(
          `advisor "${query.advisor}" needs indicator "${request.indicator}", which no plugin contributes`,
          { advisor: query.advisor, indicator: request.indicator },
        );
    }
    return {
      contribution,
      params: parsed.data,
      instrument,
      tf: query.tf,
      account: query.account,
      indicators,
      riskPercent: riskPercentOf(parsed.data),
    };
  }

  /** A tracker that follows the assessment bar after bar (socket subscriptions). */
  track(query: AssessmentQuery): AssessmentTracker {
    const { marketData, trading, windowBars } = this.options;
    return new AssessmentTracker(this.prepare(query), marketData, trading, windowBars);
  }

  /** The assessment at `asOf` (default now) over the closed bars up to then. */
  async assess(query: AssessmentQuery, asOf?: number): Promise<RiskAssessment> {
    return this.track(query).assess(this.settled(query.instrument, asOf ?? this.options.kernel.clock.now()));
  }

  /**
   * `asOf`, but never later than now nor than the open of the 1-minute bar still forming: every minute
   * before that one is closed and stored, so what an assessment sees cannot change afterwards.
   */
  settled(instrument: string, asOf: number): number {
    const forming = this.options.marketData.formingBar(instrument);
    return Math.min(asOf, this.options.kernel.clock.now(), forming?.ts ?? Number.POSITIVE_INFINITY);
  }

  private contributions(): Contribution<Advisor<unknown>>[] {
    return this.options.kernel.contributions.list(extensionPoints.advisors) as Contribution<
      Advisor<unknown>
    >[];
  }
}
