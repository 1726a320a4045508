import { bigint, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { authUsers } from './auth-schema.js';

/**
 * Each user's UI preferences (the chart's indicators, …): a JSON value per key, read and written
 * by the user only. Removed with the user.
 */
export const userPreferences = pgTable(
  'user_preferences',
  {
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    /** Epoch ms of the last write. */
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'user_preferences_pk', columns: [t.userId, t.key] })],
);

export const preferencesSchema = { userPreferences };
