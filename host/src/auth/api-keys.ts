import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { InvalidArgumentError, NotFoundError } from '@qmo/sdk';
import { desc, eq } from 'drizzle-orm';
import { apiKeys, authUsers } from '../db/auth-schema.js';
import type { QmoDatabase } from '../db/database.js';
import type { AuthEvent } from './events.js';
import { isRole, type Role } from './roles.js';

/** An API key as listed: never the key itself. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The key's first characters, to tell keys apart (`qmo_AbCd1234`). */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey {
  /** The key: shown this once, stored only as its SHA-256. */
  key: string;
  apiKey: ApiKeyInfo;
}

/** The owner of a valid key. */
export interface ApiKeyOwner {
  apiKeyId: string;
  user: { id: string; email: string; name: string; role: Role };
}

export const API_KEY_PREFIX = 'qmo_';
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
/** `lastUsedAt` is written at most this often per key, so that using a key is not a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** API keys (`Authorization: Bearer qmo_…`): 32 random bytes, stored as their SHA-256. */
export class ApiKeyStore {
  constructor(
    private readonly options: {
      db: QmoDatabase;
      emit: (event: AuthEvent) => Promise<void>;
      now?: () => Date;
    },
  ) {}

  private get db(): QmoDatabase {
    return this.options.db;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Creates a key for `userId`; the answer carries the key, which is never shown again. */
  async create(
    userId: string,
    input: { name: string; expiresAt?: Date | null },
    actor: string,
  ): Promise<CreatedApiKey> {
    const name = input.name.trim();
    if (name === '' || name.length > 100)
      throw new InvalidArgumentError('an API key needs a name of 1 to 100 characters', { field: 'name' });
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt !== null && expiresAt.getTime() <= this.now().getTime()) {
      throw new InvalidArgumentError('expiresAt must be in the future', { field: 'expiresAt' });
    }
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = {
      id: randomUUID(),
      userId,
      name,
      prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
      keyHash: hashApiKey(key),
      createdAt: this.now(),
      expiresAt,
    };
    const [inserted] = await this.db.insert(apiKeys).values(row).returning();
    await this.options.emit({
      action: 'auth.apikey.created',
      actor,
      subject: row.id,
      payload: { userId, name, prefix: row.prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { key, apiKey: toInfo(inserted!) };
  }

  /** The keys of one user, newest first, revoked ones included. */
  async list(userId: string): Promise<ApiKeyInfo[]> {
    const rows = await this.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.userId, userId))
      .orderBy(desc(apiKeys.createdAt));
    return rows.map(toInfo);
  }

  /**
   * Revokes a key. A user revokes their own keys; an admin (`asAdmin`) any key. A key the caller may
   * not touch is reported as not found, like a key that does not exist.
   */
  async revoke(
    id: string,
    by: { userId: string; asAdmin?: boolean },
    actor: string = by.userId,
  ): Promise<ApiKeyInfo> {
    const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    if (!row || (row.userId !== by.userId && !by.asAdmin)) {
      throw new NotFoundError(`no API key "${id}"`, { apiKeyId: id });
    }
    if (row.revokedAt !== null) return toInfo(row);
    const [updated] = await this.db
      .update(apiKeys)
      .set({ revokedAt: this.now() })
      .where(eq(apiKeys.id, id))
      .returning();
    await this.options.emit({
      action: 'auth.apikey.revoked',
      actor,
      subject: id,
      payload: { userId: row.userId, name: row.name, prefix: row.prefix },
    });
    return toInfo(updated!);
  }

  /** The owner of a key that exists, is not revoked and has not expired; null otherwise. */
  async verify(key: string): Promise<ApiKeyOwner | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
    const [row] = await this.db
      .select({ key: apiKeys, user: authUsers })
      .from(apiKeys)
      .innerJoin(authUsers, eq(authUsers.id, apiKeys.userId))
      .where(eq(apiKeys.keyHash, hashApiKey(key)));
    if (!row || row.key.revokedAt !== null) return null;
    const now = this.now();
    if (row.key.expiresAt !== null && row.key.expiresAt.getTime() <= now.getTime()) return null;
    if (!isRole(row.user.role)) return null;
    if (
      row.key.lastUsedAt === null ||
      now.getTime() - row.key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS
    ) {
      await this.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.key.id));
    }
    const { id, email, name, role } = row.user;
    return { apiKeyId: row.key.id, user: { id, email, name, role } };
  }
}

function toInfo(row: typeof apiKeys.$inferSelect): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
