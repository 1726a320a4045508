import { type Instrument, TIMEFRAME_MS, type Timeframe, UnknownInstrumentError } from '@qmo/sdk';
import { Hono } from 'hono';
import type { HttpDeps } from '../deps.js';
import { validationProblem } from '../problem.js';
import { barsQuerySchema, DEFAULT_BAR_LIMIT } from '../query.js';

/** Instruments, bars and books (indicators: routes/indicators.ts). */
export function marketDataRoutes(deps: HttpDeps): Hono {
  const app = new Hono();
  const { instruments, marketData } = deps;

  const instrumentOr404 = (id: string): Instrument => {
    const instrument = instruments.get(id);
    if (!instrument) throw new UnknownInstrumentError(id);
    return instrument;
  };

  app.get('/api/v1/instruments', (c) =>
    c.json(
      instruments.list().map((i) => ({
        ...i,
        activeSource: marketData.activeSource(i.id),
        sources: instruments.sourcesOf(i.id),
      })),
    ),
  );

  app.get('/api/v1/instruments/:instrument', (c) => {
    const i = instrumentOr404(c.req.param('instrument'));
    return c.json({
      ...i,
      activeSource: marketData.activeSource(i.id),
      sources: instruments.sourcesOf(i.id),
    });
  });

  app.get('/api/v1/marketdata/:instrument/bars', async (c) => {
    const instrument = instrumentOr404(c.req.param('instrument'));
    const query = barsQuerySchema.safeParse(c.req.query());
    if (!query.success) return validationProblem(c, query.error, 'query');
    const { tf, limit } = query.data;
    const range = rangeOf(query.data, tf, deps.kernel.clock.now());
    const bars = await deps.barReads.bars(
      instrument.id,
      tf,
      range,
      limit ?? (query.data.from === undefined ? DEFAULT_BAR_LIMIT : undefined),
    );
    return c.json({ instrument: instrument.id, tf, from: range.from, to: range.to, bars });
  });

  app.get('/api/v1/marketdata/:instrument/quote', (c) => {
    const instrument = instrumentOr404(c.req.param('instrument'));
    return c.json({
      instrument: instrument.id,
      activeSource: marketData.activeSource(instrument.id),
      quote: marketData.lastQuote(instrument.id),
    });
  });

  app.get('/api/v1/marketdata/:instrument/book', (c) => {
    const instrument = instrumentOr404(c.req.param('instrument'));
    const depth = Math.min(200, Math.max(1, Number(c.req.query('depth') ?? 20) || 20));
    return c.json({
      instrument: instrument.id,
      activeSource: marketData.activeSource(instrument.id),
      book: marketData.book(instrument.id, depth),
    });
  });

  return app;
}

/** Defaults: up to now (plus the forming bar), and back far enough for the default number of bars. */
export function rangeOf(
  q: { from?: number | undefined; to?: number | undefined },
  tf: Timeframe,
  now: number,
): { from: number; to: number } {
  const to = q.to ?? now + TIMEFRAME_MS[tf];
  const from = q.from ?? Math.max(0, to - TIMEFRAME_MS[tf] * DEFAULT_BAR_LIMIT * 3);
  return { from, to };
}
