import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, NotFoundError } from '@qmo/sdk';
import { asc, count, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { authAccounts, authUsers, userAccountGrants, userDeskGrants } from '../db/auth-schema.js';
import type { QmoDatabase } from '../db/database.js';
import type { AuthEvent } from './events.js';
import { DEFAULT_ROLE, isRole, type Role, USER_ROLES } from './roles.js';

export interface Grants {
  accountIds: string[];
  deskIds: string[];
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  grants: Grants;
}

export interface NewUser {
  email: string;
  password: string;
  role?: Role;
  /** Defaults to the part of the e-mail before the `@`. */
  name?: string;
}

/** What the directory needs of better-auth: its password hashing and policy. */
interface PasswordContext {
  password: {
    hash(password: string): Promise<string>;
    config: { minPasswordLength: number; maxPasswordLength: number };
  };
}

export interface UserDirectoryOptions {
  db: QmoDatabase;
  context: () => Promise<PasswordContext>;
  emit: (event: AuthEvent) => Promise<void>;
}

/** The check better-auth's sign-in applies: a user it would refuse is not created. */
const EMAIL = z.email();

/**
 * Users, their roles and their grants. Every change is sent to the audit sink with the actor that
 * made it (a user id, `cli` or `system`).
 */
export class UserDirectory {
  constructor(private readonly options: UserDirectoryOptions) {}

  private get db(): QmoDatabase {
    return this.options.db;
  }

  async list(): Promise<UserRecord[]> {
    const rows = await this.db.select().from(authUsers).orderBy(asc(authUsers.email));
    return this.withGrants(rows);
  }

  async get(id: string): Promise<UserRecord | null> {
    const rows = await this.db.select().from(authUsers).where(eq(authUsers.id, id));
    return (await this.withGrants(rows))[0] ?? null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const rows = await this.db
      .select()
      .from(authUsers)
      .where(eq(authUsers.email, email.trim().toLowerCase()));
    return (await this.withGrants(rows))[0] ?? null;
  }

  /** Creates a user who signs in with this e-mail and password. */
  async create(input: NewUser, actor: string): Promise<UserRecord> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.safeParse(email).success)
      throw new InvalidArgumentError(`"${input.email}" is not an e-mail address`, { field: 'email' });
    const role = input.role ?? DEFAULT_ROLE;
    if (!isRole(role)) throw invalidRole(role);
    const context = await this.options.context();
    const { minPasswordLength, maxPasswordLength } = context.password.config;
    if (input.password.length < minPasswordLength || input.password.length > maxPasswordLength) {
      throw new InvalidArgumentError(
        `the password must be ${minPasswordLength} to ${maxPasswordLength} characters long`,
        {
          field: 'password',
        },
      );
    }
    if (await this.findByEmail(email)) throw emailTaken(email);
    const name = input.name?.trim() || email.split('@')[0]!;
    const hash = await context.password.hash(input.password);
    const id = randomUUID();
    const now = new Date();
    try {
      await this.db.transaction(async (tx) => {
        await tx
          .insert(authUsers)
          .values({ id, email, name, role, emailVerified: true, createdAt: now, updatedAt: now });
        // better-auth's credential account: providerId "credential", accountId = the user id.
        await tx.insert(authAccounts).values({
          id: randomUUID(),
          accountId: id,
          providerId: 'credential',
          userId: id,
          password: hash,
          createdAt: now,
          updatedAt: now,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken(email);
      throw error;
    }
    await this.options.emit({
      action: 'auth.user.created',
      actor,
      subject: id,
      payload: { email, name, role },
    });
    return { id, email, name, role, createdAt: now.toISOString(), grants: { accountIds: [], deskIds: [] } };
  }

  /** Changes a user's role; the last admin cannot be demoted (nobody could manage users any more). */
  async setRole(userId: string, role: Role, actor: string): Promise<UserRecord> {
    if (!isRole(role)) throw invalidRole(role);
    const user = await this.require(userId);
    if (user.role === role) return user;
    if (user.role === 'admin') {
      const [admins] = await this.db
        .select({ n: count() })
        .from(authUsers)
        .where(eq(authUsers.role, 'admin'));
      if ((admins?.n ?? 0) <= 1) {
        throw new InvalidArgumentError(`${user.email} is the last admin and cannot lose the admin role`, {
          field: 'role',
        });
      }
    }
    await this.db.update(authUsers).set({ role, updatedAt: new Date() }).where(eq(authUsers.id, userId));
    await this.options.emit({
      action: 'auth.role.changed',
      actor,
      subject: userId,
      payload: { email: user.email, from: user.role, to: role },
    });
    return { ...user, role };
  }

  /** Replaces a user's grants with these account ids and desk ids. */
  async setGrants(userId: string, grants: Grants, actor: string): Promise<UserRecord> {
    const user = await this.require(userId);
    const next: Grants = {
      accountIds: uniqueSorted(grants.accountIds),
      deskIds: uniqueSorted(grants.deskIds),
    };
    await this.db.transaction(async (tx) => {
      await tx.delete(userAccountGrants).where(eq(userAccountGrants.userId, userId));
      await tx.delete(userDeskGrants).where(eq(userDeskGrants.userId, userId));
      if (next.accountIds.length > 0) {
        await tx
          .insert(userAccountGrants)
          .values(next.accountIds.map((accountId) => ({ userId, accountId })));
      }
      if (next.deskIds.length > 0) {
        await tx.insert(userDeskGrants).values(next.deskIds.map((deskId) => ({ userId, deskId })));
      }
    });
    await this.options.emit({
      action: 'auth.grants.changed',
      actor,
      subject: userId,
      payload: { email: user.email, from: user.grants, to: next },
    });
    return { ...user, grants: next };
  }

  async grantsOf(userId: string): Promise<Grants> {
    const [accounts, desks] = await Promise.all([
      this.db
        .select({ id: userAccountGrants.accountId })
        .from(userAccountGrants)
        .where(eq(userAccountGrants.userId, userId)),
      this.db
        .select({ id: userDeskGrants.deskId })
        .from(userDeskGrants)
        .where(eq(userDeskGrants.userId, userId)),
    ]);
    return {
      accountIds: uniqueSorted(accounts.map((r) => r.id)),
      deskIds: uniqueSorted(desks.map((r) => r.id)),
    };
  }

  private async require(userId: string): Promise<UserRecord> {
    const user = await this.get(userId);
    if (!user) throw new NotFoundError(`no user "${userId}"`, { userId });
    return user;
  }

  private async withGrants(rows: (typeof authUsers.$inferSelect)[]): Promise<UserRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [accounts, desks] = await Promise.all([
      this.db.select().from(userAccountGrants).where(inArray(userAccountGrants.userId, ids)),
      this.db.select().from(userDeskGrants).where(inArray(userDeskGrants.userId, ids)),
    ]);
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: isRole(r.role) ? r.role : DEFAULT_ROLE,
      createdAt: r.createdAt.toISOString(),
      grants: {
        accountIds: uniqueSorted(accounts.filter((g) => g.userId === r.id).map((g) => g.accountId)),
        deskIds: uniqueSorted(desks.filter((g) => g.userId === r.id).map((g) => g.deskId)),
      },
    }));
  }
}

function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function invalidRole(role: unknown): InvalidArgumentError {
  return new InvalidArgumentError(`unknown role "${String(role)}": one of ${USER_ROLES.join(', ')}`, {
    field: 'role',
  });
}

function emailTaken(email: string): InvalidArgumentError {
  return new InvalidArgumentError(`a user with e-mail ${email} already exists`, { field: 'email' });
}

/** PostgreSQL unique_violation, through drizzle's wrapping (PGlite and postgres-js alike). */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
