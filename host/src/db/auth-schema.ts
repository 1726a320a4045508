import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Users, sessions and credentials, in the shape better-auth's drizzle adapter expects (its CLI
 * needs Node 22, so the tables are written here by hand). The adapter addresses each table by the
 * key it is given under (`user`, `session`, `account`, `verification`: see `authTables`) and each
 * column by its property name; the SQL names carry an `auth_` prefix so that better-auth's
 * credential "accounts" are never confused with trading accounts.
 */
const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

/** The roles a user can hold; `viewer` is the default. */
export const USER_ROLES = ['admin', 'risk', 'compliance', 'trader', 'viewer'] as const;

export const authUsers = pgTable(
  'auth_users',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull().unique('auth_users_email_unique'),
    emailVerified: boolean('email_verified').notNull().default(false),
    image: text('image'),
    role: text('role').notNull().default('viewer'),
    ...timestamps,
  },
  (t) => [
    check(
      'auth_users_role_known',
      sql`${t.role} in (${sql.raw(USER_ROLES.map((r) => `'${r}'`).join(', '))})`,
    ),
  ],
);

export const authSessions = pgTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    token: text('token').notNull().unique('auth_sessions_token_unique'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    ...timestamps,
  },
  (t) => [index('auth_sessions_user_id_idx').on(t.userId)],
);

/** better-auth's "account": a credential (password hash) or an external identity of a user. */
export const authAccounts = pgTable(
  'auth_accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true, mode: 'date' }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true, mode: 'date' }),
    scope: text('scope'),
    password: text('password'),
    ...timestamps,
  },
  (t) => [index('auth_accounts_user_id_idx').on(t.userId)],
);

export const authVerifications = pgTable(
  'auth_verifications',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    ...timestamps,
  },
  (t) => [index('auth_verifications_identifier_idx').on(t.identifier)],
);

/**
 * Trading accounts a user may see (and, with the trader role, trade). Account ids reference the
 * trading `accounts` table by value, without a foreign key: grants may name an account before it
 * is created, and the two tables evolve in separate migrations.
 */
export const userAccountGrants = pgTable(
  'user_account_grants',
  {
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    accountId: text('account_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'user_account_grants_pk', columns: [t.userId, t.accountId] })],
);

/** Desks a user is granted: every account of the desk, including accounts added later. */
export const userDeskGrants = pgTable(
  'user_desk_grants',
  {
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    deskId: text('desk_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'user_desk_grants_pk', columns: [t.userId, t.deskId] })],
);

/**
 * API keys: only the SHA-256 of the key is stored (the key itself is shown once, at creation);
 * `prefix` is its first characters, shown so a user can tell keys apart.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique('api_keys_key_hash_unique'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('api_keys_user_id_idx').on(t.userId)],
);

/** The four tables better-auth's drizzle adapter works on, under the model names it looks up. */
export const authTables = {
  user: authUsers,
  session: authSessions,
  account: authAccounts,
  verification: authVerifications,
};
