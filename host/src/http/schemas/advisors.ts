import { z } from '@hono/zod-openapi';
import { TIMEFRAMES } from '@qmo/sdk';

export const advisorDescriptionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    plugin: z.string(),
    pluginVersion: z.string(),
    params: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema of the parameters' }),
    defaults: z.record(z.string(), z.unknown()),
    requires: z
      .array(
        z.object({
          key: z.string(),
          indicator: z.string(),
          params: z.record(z.string(), z.unknown()).optional(),
          optional: z.boolean().optional(),
        }),
      )
      .openapi({ description: 'The indicators the advisor asks for with its default parameters' }),
  })
  .openapi('Advisor');

/** The fixed query keys; every other key is a parameter of the advisor. */
export const ASSESSMENT_QUERY_KEYS = ['instrument', 'tf', 'account', 'asOf'] as const;

export const assessmentQuerySchema = z
  .looseObject({
    instrument: z.string().min(1).openapi({ example: 'EURUSD' }),
    tf: z.enum(TIMEFRAMES).default('1m'),
    account: z
      .string()
      .min(1)
      .optional()
      .openapi({ description: 'Account whose equity sizes the position; it must be granted to the caller' }),
    asOf: z.coerce
      .number()
      .int('must be an integer (epoch milliseconds)')
      .min(0, 'must be ≥ 0')
      .optional()
      .openapi({ description: 'Only bars closed by then count (epoch ms); default now' }),
  })
  .openapi({
    description:
      'Any other key is a parameter of the advisor (see its JSON Schema): numbers and booleans as JSON, e.g. `atrMultiple=1.5&gann=false`',
  });

export const riskAssessmentSchema = z
  .object({
    advisor: z.string(),
    instrument: z.string(),
    tf: z.enum(TIMEFRAMES),
    ts: z.number().openapi({ description: 'The time the assessment is for (asOf), epoch ms' }),
    bias: z.enum(['long', 'short', 'flat']),
    entry: z.number().nullable(),
    stop: z.number().nullable(),
    target: z.number().nullable(),
    rewardRisk: z.number().nullable(),
    confidence: z.number().min(0).max(1),
    quantity: z.string().nullable().openapi({ description: 'Exact decimal on the lot grid; null when none' }),
    rationale: z.array(z.string()).openapi({ description: 'Each input’s contribution, in words' }),
    inputs: z.record(z.string(), z.unknown()).openapi({ description: 'The exact values the decision used' }),
  })
  .openapi('RiskAssessment');
