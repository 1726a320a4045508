import type { PluginStorageProvider } from '@qmo/core';
import type { PluginStorage } from '@qmo/sdk';
import { and, eq, sql } from 'drizzle-orm';
import type { QmoDatabase } from './database.js';
import { pluginKv } from './schema.js';

/**
 * `PluginStorageProvider` on the `plugin_kv` table: one namespace per plugin id, values stored as
 * JSON (`jsonb`). Values go through JSON like the SDK's `MemoryPluginStorage`: `undefined` and
 * functions are not representable, so setting one deletes the key; object key order is not kept.
 */
export class DrizzlePluginStorageProvider implements PluginStorageProvider {
  constructor(private readonly db: QmoDatabase) {}

  forPlugin(pluginId: string): PluginStorage {
    return new DrizzlePluginStorage(this.db, pluginId);
  }
}

class DrizzlePluginStorage implements PluginStorage {
  constructor(
    private readonly db: QmoDatabase,
    private readonly pluginId: string,
  ) {}

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const rows = await this.db.select({ value: pluginKv.value }).from(pluginKv).where(this.is(key)).limit(1);
    const row = rows[0];
    return row === undefined ? undefined : (row.value as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) return this.delete(key);
    await this.db
      .insert(pluginKv)
      // As text cast to jsonb: a JSON `null` must stay a value, not become SQL NULL.
      .values({ pluginId: this.pluginId, key, value: sql`${json}::text::jsonb` })
      .onConflictDoUpdate({
        target: [pluginKv.pluginId, pluginKv.key],
        set: { value: sql`excluded.value`, updatedAt: sql`now()` },
      });
  }

  async delete(key: string): Promise<void> {
    await this.db.delete(pluginKv).where(this.is(key));
  }

  async keys(prefix = ''): Promise<string[]> {
    const rows = await this.db
      .select({ key: pluginKv.key })
      .from(pluginKv)
      .where(and(eq(pluginKv.pluginId, this.pluginId), sql`starts_with(${pluginKv.key}, ${prefix})`));
    // Sorted here, by UTF-16 code units like MemoryPluginStorage, not by the server's collation.
    return rows.map((row) => row.key).sort();
  }

  private is(key: string) {
    return and(eq(pluginKv.pluginId, this.pluginId), eq(pluginKv.key, key));
  }
}
