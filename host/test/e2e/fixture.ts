import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { QmoConfigInput } from '../../src/config/schema.js';
import type { RunningHost } from '../../src/create-host.js';
import { startTestHost, tempDataDir } from '../integration/test-host.js';
import { assertUiBuilt, openBrowser, UI_DIR } from './browser.js';

export interface Credentials {
  readonly email: string;
  readonly password: string;
}

/** The administrator the host creates at its first start (QMO_ADMIN_EMAIL / QMO_ADMIN_PASSWORD). */
export const ADMIN: Credentials = { email: 'admin@qmo.test', password: 'admin-password-123' };

/** The host and the browser page of a suite, set once its beforeAll has run. */
export interface UiHost {
  readonly host: RunningHost;
  readonly page: Page;
  /** Script errors the page raised. */
  readonly pageErrors: string[];
}

/**
 * A real host serving the built web UI and a Chromium page on it, for the enclosing describe:
 * started in beforeAll, closed in afterAll. With `admin`, the host creates that administrator;
 * with `path`, the page opens it once the host is ready.
 */
export function useUiHost(options: {
  timeout: number;
  viewport: { width: number; height: number };
  config?: Partial<QmoConfigInput>;
  admin?: Credentials;
  path?: string;
}): UiHost {
  const data = tempDataDir();
  let host: RunningHost | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    assertUiBuilt();
    host = await startTestHost({
      dataDir: data.dir,
      uiDir: UI_DIR,
      ...(options.admin
        ? { env: { QMO_ADMIN_EMAIL: options.admin.email, QMO_ADMIN_PASSWORD: options.admin.password } }
        : {}),
      ...(options.config ? { config: options.config } : {}),
    });
    await host.ready;
    ({ browser, page, pageErrors } = await openBrowser(options.viewport));
    if (options.path !== undefined) await page.goto(`${host.url}${options.path}`);
  }, options.timeout);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    data.remove();
  }, options.timeout);

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the UI host is not started (use it inside a test)');
    return value;
  };
  return {
    get host() {
      return started(host);
    },
    get page() {
      return started(page);
    },
    get pageErrors() {
      return pageErrors;
    },
  };
}

/** Fills in and submits the sign-in form the page shows. */
export async function signIn(page: Page, user: Credentials): Promise<void> {
  await page.getByTestId('signin-email').fill(user.email);
  await page.getByTestId('signin-password').fill(user.password);
  await page.getByTestId('signin-submit').click();
}

/** The plugins a chart with Mentor needs: the demo feed, its indicators, the advisor and venue-sim. */
export const MENTOR_PLUGINS = [
  './plugins/feed-demo',
  './plugins/indicator-classic',
  './plugins/indicator-gann',
  './plugins/advisor-mentor',
  './plugins/venue-sim',
] as const;

/**
 * The demo feed (seed 5, one day of history), the given plugins and desk alpha with account A1
 * trading on venue-sim, with optional risk limits.
 */
export function deskConfig(
  load: readonly string[],
  limits?: Record<string, Record<string, Record<string, unknown>>>,
): Partial<QmoConfigInput> {
  return {
    plugins: {
      search: [],
      load: [...load],
      config: { 'feed-demo': { seed: 5, historyDays: 1, tickIntervalMs: 100 } },
    },
    marketData: { sources: { '*': ['demo'] }, backfillDays: 1 },
    trading: {
      defaultVenue: 'sim',
      desks: [{ id: 'alpha', name: 'Alpha desk' }],
      accounts: [{ id: 'A1', name: 'Alpha one', desk: 'alpha', currency: 'USD', startingEquity: '1000000' }],
      ...(limits ? { limits } : {}),
    },
  } as never;
}
