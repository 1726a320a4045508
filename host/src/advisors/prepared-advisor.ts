import type { Contribution } from '@qmo/core';
import type { Advisor, IndicatorRequest, Instrument, Timeframe } from '@qmo/sdk';
import type { PreparedIndicator } from '../indicators/indicator-service.js';

/** Everything an assessment needs, checked once: the advisor, its parameters, the indicators it asked for. */
export interface PreparedAdvisor {
  contribution: Contribution<Advisor<unknown>>;
  params: unknown;
  instrument: Instrument;
  tf: Timeframe;
  account: string | null;
  /** The requested indicators the host has, by request key; optional ones without a plugin are absent. */
  indicators: { request: IndicatorRequest; prepared: PreparedIndicator }[];
  /** Risk per trade passed with the account: the advisor's `riskPercent` parameter, 1 % without one. */
  riskPercent: number;
}

export const DEFAULT_RISK_PERCENT = 1;

/** `riskPercent` of parsed advisor parameters, when they have a positive one. */
export function riskPercentOf(params: unknown): number {
  const value = (params as { riskPercent?: unknown } | null)?.riskPercent;
  return typeof value === 'number' && value > 0 && value <= 100 ? value : DEFAULT_RISK_PERCENT;
}
