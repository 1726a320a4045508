import type { MarketDataManager, TradingEngine } from '@qmo/core';
import {
  ERROR_CODES,
  type IndicatorBar,
  type IndicatorInstance,
  type IndicatorOutput,
  type Money,
  QmoError,
  type RiskAssessment,
  toIndicatorBar,
} from '@qmo/sdk';
import { windowOf } from './advisor-window.js';
import type { PreparedAdvisor } from './prepared-advisor.js';

interface Track {
  key: string;
  instance: IndicatorInstance;
  outputs: IndicatorOutput[];
  fault(error: unknown): void;
  name: string;
}

/**
 * One (advisor, instrument, timeframe, params, account) over time: the window's closed bars and the
 * indicator instances fed with them. Moving `asOf` forward feeds only the bars closed since (the
 * indicators' streaming form); a new window period, or going back, starts the instances again.
 */
export class AssessmentTracker {
  private from = -1;
  private to = -1;
  private bars: IndicatorBar[] = [];
  private tracks: Track[] = [];

  constructor(
    readonly prepared: PreparedAdvisor,
    private readonly marketData: MarketDataManager,
    private readonly trading: TradingEngine,
    private readonly windowBars?: number,
  ) {}

  /** The assessment at `asOf` over the closed bars up to then. */
  async assess(asOf: number): Promise<RiskAssessment> {
    await this.advance(asOf);
    return this.evaluate(asOf);
  }

  /** End (exclusive open time) of the bars fed so far. */
  get fedUntil(): number {
    return this.to;
  }

  private async advance(asOf: number): Promise<void> {
    const { instrument, tf } = this.prepared;
    const window = windowOf(asOf, tf, this.windowBars);
    if (window.from !== this.from || window.to < this.to) this.restart(window.from);
    if (window.to <= this.to) return;
    const fetched = await this.marketData.bars(instrument.id, tf, { from: this.to, to: window.to });
    for (const bar of fetched) {
      if (!bar.closed || bar.ts < this.to || bar.ts >= window.to) continue;
      const input = toIndicatorBar(bar);
      this.bars.push(input);
      for (const track of this.tracks) track.outputs.push(this.step(track, input));
    }
    this.to = window.to;
  }

  private restart(from: number): void {
    this.from = from;
    this.to = from;
    this.bars = [];
    this.tracks = this.prepared.indicators.map(({ request, prepared }) => ({
      key: request.key,
      instance: prepared.contribution.value.create(prepared.params),
      outputs: [],
      fault: (error) => prepared.contribution.fault(error),
      name: `indicator "${request.indicator}" of plugin "${prepared.contribution.pluginId}"`,
    }));
  }

  private step(track: Track, bar: IndicatorBar): IndicatorOutput {
    try {
      return track.instance.next(bar);
    } catch (error) {
      track.fault(error);
      this.from = -1; // the instance may be half-updated: start again next time
      throw new QmoError(ERROR_CODES.PLUGIN_QUARANTINED, `${track.name} failed: ${(error as Error).message}`);
    }
  }

  private evaluate(asOf: number): RiskAssessment {
    const { contribution, params, instrument, tf, account, riskPercent } = this.prepared;
    const indicators: Record<string, readonly IndicatorOutput[]> = {};
    for (const track of this.tracks) indicators[track.key] = track.outputs;
    const equity = account === null ? null : this.equityOf(account);
    try {
      return contribution.value.evaluate(
        {
          instrument,
          tf,
          bars: this.bars,
          indicators,
          account: equity === null ? null : { equity, riskPercent },
          now: asOf,
        },
        params,
      );
    } catch (error) {
      contribution.fault(error);
      throw new QmoError(
        ERROR_CODES.PLUGIN_QUARANTINED,
        `advisor "${contribution.value.id}" of plugin "${contribution.pluginId}" failed: ${(error as Error).message}`,
      );
    }
  }

  private equityOf(account: string): Money | null {
    return this.trading.pnl([account]).accounts.find((a) => a.account === account)?.equity ?? null;
  }
}
