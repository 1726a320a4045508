import { and, eq, sql } from 'drizzle-orm';
import type { QmoDatabase } from './database.js';
import { userPreferences } from './preferences-schema.js';

/** One stored preference; `value` is null and `updatedAt` null when the user never set it. */
export interface PreferenceRecord {
  key: string;
  value: unknown;
  updatedAt: number | null;
}

/** Users' preferences: a JSON value per user and key. Callers pass the signed-in user's id only. */
export class DrizzlePreferenceStore {
  constructor(private readonly db: QmoDatabase) {}

  async get(userId: string, key: string): Promise<PreferenceRecord> {
    const rows = await this.db
      .select({ value: userPreferences.value, updatedAt: userPreferences.updatedAt })
      .from(userPreferences)
      .where(and(eq(userPreferences.userId, userId), eq(userPreferences.key, key)))
      .limit(1);
    const row = rows[0];
    return row ? { key, value: row.value, updatedAt: row.updatedAt } : { key, value: null, updatedAt: null };
  }

  /** Replaces the value (a JSON `null` is stored as a value). */
  async put(userId: string, key: string, value: unknown, now: number): Promise<PreferenceRecord> {
    const json = JSON.stringify(value ?? null);
    await this.db
      .insert(userPreferences)
      // As text cast to jsonb: a JSON `null` stays a value, not SQL NULL.
      .values({ userId, key, value: sql`${json}::text::jsonb`, updatedAt: now })
      .onConflictDoUpdate({
        target: [userPreferences.userId, userPreferences.key],
        set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` },
      });
    return { key, value: JSON.parse(json) as unknown, updatedAt: now };
  }
}
