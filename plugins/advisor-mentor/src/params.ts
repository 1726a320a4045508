import { z } from 'zod';

const weight = (description: string) => z.number().min(0).max(10).default(1).describe(description);

/** Mentor's parameters: which inputs count and how much, the indicator periods, k, R and the risk per trade. */
export const mentorParams = z
  .object({
    trendWeight: weight('Weight of the trend vote (EMA cross and slope); 0 leaves it out'),
    momentumWeight: weight('Weight of the momentum vote (RSI); 0 leaves it out'),
    emaFast: z.number().int().min(1).max(500).default(12).describe('Bars of the fast EMA'),
    emaSlow: z.number().int().min(2).max(1000).default(26).describe('Bars of the slow EMA'),
    slopeBars: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe('Bars over which the slope of the slow EMA is measured'),
    rsiPeriod: z.number().int().min(2).max(200).default(14).describe('Bars of the RSI'),
    rsiSpan: z
      .number()
      .positive()
      .max(50)
      .default(20)
      .describe('RSI points from 50 that make a full momentum vote (70 and 30 with 20)'),
    atrPeriod: z.number().int().min(1).max(200).default(14).describe('Bars of the ATR'),
    atrMultiple: z.number().positive().max(20).default(2).describe('k: the stop lies k × ATR from the entry'),
    rewardRisk: z
      .number()
      .positive()
      .max(20)
      .default(2)
      .describe('R: the target lies R × (entry − stop) from the entry'),
    minRewardRisk: z
      .number()
      .min(0)
      .max(20)
      .default(1)
      .describe('Smallest reward:risk worth a trade; below it (a Gann level too near) the bias is flat'),
    threshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.25)
      .describe('Weighted score (−1 … 1) needed for a long or short bias'),
    gann: z
      .boolean()
      .default(true)
      .describe('Refine stop and target with the nearest Square of 9 levels when indicator-gann is loaded'),
    gannPriceScale: z
      .number()
      .positive()
      .default(1)
      .describe('Price scale of the Square of 9 (e.g. 10000 for EUR/USD)'),
    riskPercent: z
      .number()
      .positive()
      .max(100)
      .default(1)
      .describe('Equity risked per trade, in percent: the loss if the stop is hit'),
  })
  .strict()
  .refine((p) => p.emaFast < p.emaSlow, { message: 'must be below emaSlow', path: ['emaFast'] })
  .refine((p) => p.trendWeight + p.momentumWeight > 0, {
    message: 'at least one of trendWeight and momentumWeight must be above 0',
    path: ['trendWeight'],
  });

export type MentorParams = z.output<typeof mentorParams>;
