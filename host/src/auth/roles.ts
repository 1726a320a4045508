import { USER_ROLES } from '../db/auth-schema.js';

export { USER_ROLES };

/** What a user may do: `admin` everything; `risk` limits, kill switch and trading states; `compliance` the audit trail; `trader` orders on granted accounts; `viewer` read granted accounts. */
export type Role = (typeof USER_ROLES)[number];

export const DEFAULT_ROLE: Role = 'viewer';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
}

/** Roles that see every trading account; the others see the accounts and desks granted to them. */
export const ALL_ACCOUNTS_ROLES: readonly Role[] = ['admin', 'risk', 'compliance'];

/** Roles that may submit, cancel and replace orders (on the accounts they see). */
export const TRADING_ROLES: readonly Role[] = ['admin', 'trader'];
