import type { z } from 'zod';
import type { Money, Quantity } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Timeframe } from '../../domain/marketdata.js';
import type { IndicatorBar, IndicatorOutput } from './indicator.js';

export interface AdvisorInput {
  instrument: Instrument;
  tf: Timeframe;
  /** Closed bars up to now, oldest first: never a bar from the future. */
  bars: readonly IndicatorBar[];
  /** Outputs of the indicators the advisor asked for, aligned with `bars`, by request key. */
  indicators: Record<string, readonly IndicatorOutput[]>;
  account: { equity: Money; riskPercent: number } | null;
  now: number;
}

/** A decision with its reasons: what Mentor publishes as `risk_assessment`. */
export interface RiskAssessment {
  advisor: string;
  instrument: string;
  tf: Timeframe;
  ts: number;
  bias: 'long' | 'short' | 'flat';
  entry: number | null;
  stop: number | null;
  target: number | null;
  rewardRisk: number | null;
  /** 0 … 1 */
  confidence: number;
  quantity: Quantity | null;
  rationale: string[];
  inputs: Record<string, unknown>;
}

export interface IndicatorRequest {
  key: string;
  indicator: string;
  params?: Record<string, unknown>;
  /** When no plugin contributes the indicator, the host leaves the key out instead of failing. */
  optional?: boolean;
}

/** `advisor` kind, contributed to `advisors/v1`. Pure like indicators. */
export interface Advisor<P = Record<string, unknown>> {
  readonly id: string;
  readonly name: string;
  readonly params: z.ZodType<P>;
  /** Indicators the host computes and hands over in `AdvisorInput.indicators`. */
  requires(params: P): IndicatorRequest[];
  evaluate(input: AdvisorInput, params: P): RiskAssessment;
}
