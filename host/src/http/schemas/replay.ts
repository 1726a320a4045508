import { z } from '@hono/zod-openapi';
import { TIMEFRAMES } from '@qmo/sdk';
import { PAPER_ORDER_TYPES } from '../../replay/replay-session.js';
import { executionSchema, orderSchema, positionSchema } from './trading.js';

const epochMs = (description: string) => z.number().int().nonnegative().openapi({ description });
const decimalText = (what: string) =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, `${what} must be an exact decimal string, e.g. "1.0850"`)
    .openapi({ example: '1.0850', description: `${what}, exact decimal string` });
const positiveDecimal = (what: string) =>
  decimalText(what).refine((v) => !/^-/.test(v) && /[1-9]/.test(v), `${what} must be greater than 0`);

export const newReplaySessionSchema = z
  .object({
    instrument: z.string().min(1).openapi({ example: 'EURUSD' }),
    tf: z.enum(TIMEFRAMES),
    start: epochMs('The replay starts at the last closed bar opening at or before this instant'),
    cash: positiveDecimal('Paper cash (default: replay.startingCash)').optional(),
  })
  .strict()
  .openapi('NewReplaySession');

export const replayAdvanceSchema = z
  .object({
    to: epochMs(
      'Reveal every closed bar opening at or before this instant; not before the cursor, not past the last closed bar',
    ),
  })
  .strict()
  .openapi('ReplayAdvance');

export const replayResetSchema = z
  .object({ start: epochMs('Start again at the last closed bar opening at or before this instant') })
  .strict()
  .openapi('ReplayReset');

export const paperOrderSchema = z
  .object({
    side: z.enum(['buy', 'sell']),
    type: z.enum(PAPER_ORDER_TYPES),
    quantity: positiveDecimal('quantity'),
    limitPrice: positiveDecimal('limitPrice').optional(),
    stopPrice: positiveDecimal('stopPrice').optional(),
  })
  .strict()
  .openapi('PaperOrder');

export const replaySessionSchema = z
  .object({
    id: z.string(),
    instrument: z.string(),
    tf: z.enum(TIMEFRAMES),
    start: epochMs('Open time of the first bar replayed'),
    cursor: epochMs('The time the session was advanced to'),
    barTime: epochMs('Open time of the last bar revealed'),
    now: epochMs("The session's replay clock"),
    price: decimalText("The replay price: the last revealed bar's close"),
    orders: z.array(orderSchema),
    executions: z.array(executionSchema),
    position: positionSchema,
    pnl: z.object({
      realized: decimalText('Realised P&L'),
      unrealized: decimalText('Unrealised P&L at the replay price'),
      fees: decimalText('Fees'),
      net: decimalText('realised + unrealised − fees'),
    }),
    account: z.object({
      startingCash: decimalText('Paper cash at the start'),
      cash: decimalText('Cash after fills and fees'),
      equity: decimalText('Starting cash + net P&L'),
    }),
  })
  .openapi('ReplaySession');

export const paperOrderResultSchema = z
  .object({ order: orderSchema, session: replaySessionSchema })
  .openapi('PaperOrderResult');
