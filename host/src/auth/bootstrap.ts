import type { QmoAuth } from './auth.js';
import { SYSTEM_ACTOR } from './events.js';

export const ADMIN_EMAIL_ENV = 'QMO_ADMIN_EMAIL';
export const ADMIN_PASSWORD_ENV = 'QMO_ADMIN_PASSWORD';
export const ADMIN_NAME_ENV = 'QMO_ADMIN_NAME';

export interface BootstrapResult {
  userId: string;
  email: string;
  /** False when a user with that e-mail already existed (then nothing was changed). */
  created: boolean;
}

/**
 * Creates the first admin from `QMO_ADMIN_EMAIL` + `QMO_ADMIN_PASSWORD` (+ optional
 * `QMO_ADMIN_NAME`) at host start. Idempotent: when that user exists nothing changes (neither the
 * password nor a role an admin has since changed). Returns null when the variables are not set;
 * throws when only one of the two is.
 */
export async function ensureBootstrapAdmin(
  auth: QmoAuth,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BootstrapResult | null> {
  const email = env[ADMIN_EMAIL_ENV]?.trim() ?? '';
  const password = env[ADMIN_PASSWORD_ENV] ?? '';
  if (email === '' && password === '') return null;
  if (email === '' || password === '') {
    throw new Error(`${ADMIN_EMAIL_ENV} and ${ADMIN_PASSWORD_ENV} go together: set both or neither`);
  }
  const existing = await auth.users.findByEmail(email);
  if (existing) return { userId: existing.id, email: existing.email, created: false };
  const name = env[ADMIN_NAME_ENV]?.trim();
  const user = await auth.users.create(
    { email, password, role: 'admin', ...(name ? { name } : {}) },
    SYSTEM_ACTOR,
  );
  return { userId: user.id, email: user.email, created: true };
}
