import { createRoute, z } from '@hono/zod-openapi';
import {
  bucketStart,
  type Instrument,
  InvalidArgumentError,
  type Timeframe,
  UnknownInstrumentError,
} from '@qmo/sdk';
import type { Context } from 'hono';
import type { IndicatorModule } from '../../indicators/indicator-modules.js';
import type { HttpDeps } from '../deps.js';
import { createOpenApiApp, jsonResponse, problemResponse } from '../openapi-app.js';
import { DEFAULT_BAR_LIMIT } from '../query.js';
import {
  indicatorDescriptionSchema,
  indicatorQuerySchema,
  indicatorSeriesSchema,
} from '../schemas/indicators.js';
import { rangeOf } from './marketdata.js';

/** The indicators plugins contribute, and their values over stored bars. Public, like market data. */
export function indicatorRoutes(
  deps: Pick<HttpDeps, 'instruments' | 'indicators' | 'indicatorModules' | 'kernel'>,
) {
  const app = createOpenApiApp();
  const { instruments, indicators } = deps;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/indicators',
      tags: ['Indicators'],
      summary: 'Indicators with their menu group, parameter JSON Schema, defaults and output shapes',
      security: [],
      responses: { 200: jsonResponse(z.array(indicatorDescriptionSchema), 'Indicators') },
    }),
    (c) => c.json(indicators.list() as z.infer<typeof indicatorDescriptionSchema>[], 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/marketdata/{instrument}/indicators/{indicator}',
      tags: ['Indicators'],
      summary: "An indicator's series per bar and its drawings (the last bar's lists, once)",
      security: [],
      request: {
        params: z.object({ instrument: z.string().min(1), indicator: z.string().min(1) }),
        query: indicatorQuerySchema,
      },
      responses: {
        200: jsonResponse(indicatorSeriesSchema, 'Series and drawings'),
        400: problemResponse('Invalid query or parameters; `errors` names each field (params.<key>)'),
        404: problemResponse('Unknown instrument or indicator'),
      },
    }),
    async (c) => {
      const { instrument: id, indicator } = c.req.valid('param');
      const instrument: Instrument | undefined = instruments.get(id);
      if (!instrument) throw new UnknownInstrumentError(id);
      const query = c.req.valid('query');
      const params = parseParams(query.params);
      const range = boundedRange(query, query.tf, deps.kernel.clock.now());
      const series = await indicators.compute(
        indicator,
        instrument.id,
        query.tf,
        range,
        query.limit ?? (query.from === undefined ? DEFAULT_BAR_LIMIT : undefined),
        params,
        query.asOf !== undefined,
      );
      return c.json(series as z.infer<typeof indicatorSeriesSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/indicator-modules/{module}',
      tags: ['Indicators'],
      summary:
        "A plugin's indicators as one browser ES module (`export const indicators`): the code the host runs, for clients to run on their own bars",
      security: [],
      request: {
        params: z.object({
          module: z
            .string()
            .regex(MODULE_NAME, 'must be <plugin>@<version>.js')
            .openapi({ example: 'indicator-classic@1.0.0.js' }),
        }),
      },
      responses: {
        200: { description: 'ES module', content: { 'text/javascript': { schema: z.string() } } },
        304: { description: 'Not modified (If-None-Match)' },
        404: problemResponse('No running plugin of that version with a browser module'),
        500: problemResponse('The module could not be built'),
      },
    }),
    async (c) => {
      const [, pluginId, version] = MODULE_NAME.exec(c.req.valid('param').module) as RegExpExecArray;
      return sendModule(c, await deps.indicatorModules.module(pluginId as string, version as string));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/indicator-modules/runtime/{module}',
      tags: ['Indicators'],
      summary:
        'A runtime module the indicator modules share (zod, the SDK), imported by them with a relative URL',
      security: [],
      request: {
        params: z.object({
          module: z
            .string()
            .regex(MODULE_NAME, 'must be <name>@<version>.js')
            .openapi({ example: 'zod@4.6.7.js' }),
        }),
      },
      responses: {
        200: { description: 'ES module', content: { 'text/javascript': { schema: z.string() } } },
        304: { description: 'Not modified (If-None-Match)' },
        404: problemResponse('No such runtime module'),
      },
    }),
    async (c) => sendModule(c, await deps.indicatorModules.runtime(c.req.valid('param').module)),
  );

  return app;
}

/** A module with its validator, compressed for clients that accept gzip. */
function sendModule(c: Context, mod: IndicatorModule) {
  // Revalidated on each load: a plugin rebuilt without a new version must not stay cached.
  c.header('cache-control', 'no-cache');
  c.header('etag', mod.etag);
  c.header('vary', 'accept-encoding');
  if (c.req.header('if-none-match') === mod.etag) return c.body(null, 304);
  const type = { 'content-type': 'text/javascript; charset=utf-8' };
  if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    return c.body(new Uint8Array(mod.gzip), 200, { ...type, 'content-encoding': 'gzip' });
  }
  return c.body(mod.code, 200, type);
}

const MODULE_NAME = /^([a-z0-9][a-z0-9-]*)@([0-9A-Za-z.+-]+)\.js$/;

/**
 * The bars' range; with `asOf` it ends at the start of the bar forming at min(asOf, now), so every bar
 * in it had closed by then and nothing later (or forming) reaches the indicator.
 */
export function boundedRange(
  q: { from?: number | undefined; to?: number | undefined; asOf?: number | undefined },
  tf: Timeframe,
  now: number,
): { from: number; to: number } {
  if (q.asOf === undefined) return rangeOf(q, tf, now);
  const closedBy = bucketStart(Math.min(q.asOf, now), tf);
  return rangeOf({ from: q.from, to: Math.min(q.to ?? closedBy, closedBy) }, tf, now);
}

function parseParams(text: string | undefined): unknown {
  if (text === undefined || text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const errors = [{ path: 'query.params', message: 'must be URL-encoded JSON' }];
    throw new InvalidArgumentError('query.params: must be URL-encoded JSON', { errors });
  }
}
