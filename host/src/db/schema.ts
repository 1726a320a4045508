import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { fixSchema } from './fix-schema.js';
import { preferencesSchema } from './preferences-schema.js';
import { tradingSchema } from './trading-schema.js';

export * from './fix-schema.js';
export * from './preferences-schema.js';
export * from './trading-schema.js';

/**
 * Closed 1-minute bars; other timeframes are aggregated from them on read.
 *
 * `ts` is the bar's open time in epoch milliseconds (UTC), the SDK's `Timestamp`, stored as `bigint`:
 * bucketing by timeframe is then exact integer arithmetic (`ts - ts mod tfMs`), with no time-zone or
 * interval rules in between. Prices and volume are unconstrained `numeric`: exact, any precision,
 * read back as strings (the SDK's `Decimal`).
 */
export const bars = pgTable(
  'bars',
  {
    instrument: text('instrument').notNull(),
    ts: bigint('ts', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    open: numeric('open').notNull(),
    high: numeric('high').notNull(),
    low: numeric('low').notNull(),
    close: numeric('close').notNull(),
    volume: numeric('volume').notNull(),
  },
  (t) => [
    primaryKey({ name: 'bars_pk', columns: [t.instrument, t.ts] }),
    check('bars_ts_minute_aligned', sql`${t.ts} % 60000 = 0`),
  ],
);

/** Each plugin's key/value namespace (`PluginStorage`); values are JSON. */
export const pluginKv = pgTable(
  'plugin_kv',
  {
    pluginId: text('plugin_id').notNull(),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ name: 'plugin_kv_pk', columns: [t.pluginId, t.key] })],
);

/** What the admin last decided about a plugin (enabled or not) and the version last seen running. */
export const pluginState = pgTable('plugin_state', {
  pluginId: text('plugin_id').primaryKey(),
  enabled: boolean('enabled').notNull().default(true),
  lastVersion: text('last_version'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().default(sql`now()`),
});

export const schema = { bars, pluginKv, pluginState, ...tradingSchema, ...fixSchema, ...preferencesSchema };
export type Schema = typeof schema;
export * from './auth-schema.js';
