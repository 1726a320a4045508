import { z } from '@hono/zod-openapi';
import { ORDER_STATES, ORDER_TYPES, TIME_IN_FORCE } from '@qmo/sdk';

const decimal = (what: string) =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, `${what} must be an exact decimal string, e.g. "1.0850"`)
    .openapi({ example: '1.0850', description: `${what}, exact decimal string` });
const positiveDecimal = (what: string) =>
  decimal(what).refine((v) => !/^-/.test(v) && /[1-9]/.test(v), `${what} must be greater than 0`);

export const orderRequestSchema = z
  .object({
    clientOrderId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
      .optional()
      .openapi({
        description: 'Unique per account; a repeat returns the existing order. Generated when absent.',
      }),
    account: z.string().min(1),
    instrument: z.string().min(1).openapi({ example: 'EURUSD' }),
    side: z.enum(['buy', 'sell']),
    type: z.enum(ORDER_TYPES),
    quantity: positiveDecimal('quantity'),
    limitPrice: positiveDecimal('limitPrice').optional(),
    stopPrice: positiveDecimal('stopPrice').optional(),
    timeInForce: z.enum(TIME_IN_FORCE).default('DAY'),
    expireAt: z.number().int().positive().optional().openapi({ description: 'GTD expiry, epoch ms' }),
    displayQuantity: positiveDecimal('displayQuantity').optional(),
    postOnly: z.boolean().optional(),
    reduceOnly: z.boolean().optional(),
    strategy: z.string().min(1).max(64).optional(),
  })
  .strict()
  .openapi('OrderRequest');

export const orderChangesSchema = z
  .object({
    quantity: positiveDecimal('quantity').optional(),
    limitPrice: positiveDecimal('limitPrice').optional(),
    stopPrice: positiveDecimal('stopPrice').optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'give at least one of quantity, limitPrice, stopPrice')
  .openapi('OrderChanges');

const rejectReasonSchema = z
  .object({
    source: z.enum(['validation', 'risk', 'venue', 'oms']),
    code: z.string(),
    text: z.string(),
    rule: z.string().optional(),
  })
  .openapi('RejectReason');

export const orderSchema = orderRequestSchema
  .extend({
    clientOrderId: z.string(),
    orderId: z.string(),
    venue: z.string(),
    venueOrderId: z.string().optional(),
    state: z.enum(ORDER_STATES),
    cumQuantity: decimal('cumQuantity'),
    leavesQuantity: decimal('leavesQuantity'),
    avgPrice: decimal('avgPrice').nullable(),
    submittedBy: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
    rejectReason: rejectReasonSchema.optional(),
    replacedBy: z.string().optional(),
    replaces: z.string().optional(),
  })
  .openapi('Order');

export const executionSchema = z
  .object({
    executionId: z.string(),
    orderId: z.string(),
    clientOrderId: z.string(),
    account: z.string(),
    instrument: z.string(),
    side: z.enum(['buy', 'sell']),
    price: decimal('price'),
    quantity: decimal('quantity'),
    fee: decimal('fee'),
    feeCurrency: z.string(),
    liquidity: z.enum(['maker', 'taker', 'unknown']),
    venue: z.string(),
    ts: z.number(),
  })
  .openapi('Execution');

export const positionSchema = z
  .object({
    account: z.string(),
    instrument: z.string(),
    strategy: z.string().optional(),
    quantity: decimal('quantity'),
    avgPrice: decimal('avgPrice').nullable(),
    realizedPnl: decimal('realizedPnl'),
    unrealizedPnl: decimal('unrealizedPnl'),
    fees: decimal('fees'),
  })
  .openapi('Position');

export const accountSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    desk: z.string(),
    currency: z.string(),
    startingEquity: decimal('startingEquity'),
    tradingState: z.enum(['ACTIVE', 'REDUCING', 'HALTED']),
    stateReason: z.object({ code: z.string(), text: z.string(), since: z.number() }).optional(),
  })
  .openapi('Account');

const csv = z
  .string()
  .optional()
  .transform((s) => (s ? s.split(',').filter(Boolean) : undefined));
const epochMs = z.coerce.number().int().min(0).optional();

export const orderQuerySchema = z
  .object({
    account: csv.openapi({ description: 'Account ids, comma separated; default: every account you may see' }),
    state: csv
      .refine((states) => !states || states.every((st) => (ORDER_STATES as readonly string[]).includes(st)), {
        message: `each state must be one of ${ORDER_STATES.join(', ')}`,
      })
      .openapi({ description: 'Order states, comma separated' }),
    from: epochMs,
    to: epochMs,
    limit: z.coerce.number().int().min(1).max(10_000).default(500),
  })
  .strict();

export const executionQuerySchema = z
  .object({
    account: csv,
    orderId: z.string().optional(),
    from: epochMs,
    to: epochMs,
    limit: z.coerce.number().int().min(1).max(10_000).default(500),
  })
  .strict();

export const accountQuerySchema = z.object({ account: csv }).strict();

export const riskVerdictSchema = z
  .object({
    orderId: z.string(),
    clientOrderId: z.string(),
    account: z.string(),
    rule: z.string().openapi({ example: 'risk-limits/max-order-qty@1.0.0' }),
    pass: z.boolean(),
    code: z.string().nullable(),
    reason: z.string().nullable(),
    compared: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    ts: z.number(),
  })
  .openapi('RiskVerdict');
