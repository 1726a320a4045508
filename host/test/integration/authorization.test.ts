import type { Order } from '@qmo/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { createHttpApp } from '../../src/http/app.js';
import type { HttpDeps } from '../../src/http/deps.js';
import { type Answer, type Credentials, recordingSocket, send, signInCookie } from './sweep-client.js';
import { startTestHost, tempDataDir, twoDeskTradingConfig } from './test-host.js';
import { eventually } from './trading-client.js';

/*
 * Authorisation sweep. Two desks, alpha (account A1) and beta (account B1); one user per role, the
 * trader and the viewer granted desk alpha only. TABLE lists every route of the API with, per caller,
 * the status expected when the request targets B1 (or, for user and key administration, somebody
 * else). A route that the OpenAPI document or the HTTP app has and the table does not fails the
 * sweep: a new route must be added here, with its expectations.
 */

const TIMEOUT = 180_000;
const PASSWORD = 'sweep-password-123';
const ROLES = ['trader', 'viewer', 'risk', 'compliance', 'admin'] as const;
type Role = (typeof ROLES)[number];
/** Callers: each role by session cookie, the trader by API key too, nobody, and a bearer token that is no key. */
type Who = Role | 'traderKey' | 'anonymous' | 'badKey';
const CALLERS: readonly Who[] = [
  'anonymous',
  'badKey',
  'trader',
  'traderKey',
  'viewer',
  'risk',
  'compliance',
  'admin',
];
const email = (role: Role) => `${role}@sweep.test`;

const tradingConfig = twoDeskTradingConfig(
  {
    '*': { 'max-order-qty': { maxQuantity: '1000000' } },
    B1: { 'max-order-qty': { maxQuantity: '1000000' } },
  },
  5,
);

/** A limit buy far below the market: it rests (New) until canceled. */
const resting = (account: string, quantity = '10') => ({
  account,
  instrument: 'AAPL',
  side: 'buy',
  type: 'limit',
  limitPrice: '1.00',
  quantity,
  timeInForce: 'GTC',
});
const marketBuy = (account: string) => ({
  account,
  instrument: 'EURUSD',
  side: 'buy',
  type: 'market',
  quantity: '1000',
  timeInForce: 'IOC',
});

/** What the rows build their requests from. */
interface Fixtures {
  b1Working: Order;
  b1Filled: Order;
  a1Working: Order;
  /** A new B1 order resting at the venue (New), for requests that change it; `lastFresh` is its id. */
  freshB1Working(): Promise<Order>;
  lastFresh: string;
  userIds: Record<Role, string>;
  /** A key of the admin, which nobody else may revoke. */
  adminKeyId: string;
  /** A new key of the trader, for the admin to revoke. */
  freshTraderKeyId(): Promise<string>;
  uniqueEmail(): string;
  /** A new id with this prefix; `lastUnique` is the last one made. */
  unique(prefix: string): string;
  lastUnique: string;
  /** As the admin, for checks and clean-up. */
  asAdmin<T = any>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
  as<T = any>(who: Who, method: string, path: string, body?: unknown): Promise<Answer<T>>;
  /** A replay paper session of the admin, which nobody else may see. */
  adminReplay: { id: string; cursor: number };
}

type Expected = Record<Role, number> & { traderKey?: number };

interface Row {
  /** METHOD and path template as the OpenAPI document writes it. */
  route: string;
  /** What this request tries. */
  case: string;
  /** Concrete path (default: the template's path). */
  path?: (f: Fixtures, who: Who) => string | Promise<string>;
  body?: (f: Fixtures, who: Who) => unknown;
  /** Status per role (signed in by cookie); `traderKey` defaults to the trader's; nobody and a bad key always get 401. */
  expect: Expected;
  /** Further assertions on an answer of a signed-in caller that had the expected status (refusals too). */
  check?: (who: Who, answer: Answer, f: Fixtures) => void | Promise<void>;
}

const sees = (who: Who) => (who === 'risk' || who === 'compliance' || who === 'admin' ? 'all' : 'alpha');
const ids = (list: { id?: string; account?: string }[]) => list.map((x) => x.account ?? x.id);
const REFUSED_TRADING = { trader: 403, viewer: 403, risk: 403, compliance: 403 } as const;
const READ_B1 = { trader: 403, viewer: 403, risk: 200, compliance: 200, admin: 200 } as const;
const ALL_200 = { trader: 200, viewer: 200, risk: 200, compliance: 200, admin: 200 } as const;

/** The order is untouched: still New, nothing pending, no replacement. */
async function stillWorking(f: Fixtures, orderId: string): Promise<void> {
  const order = (await f.asAdmin<Order>('GET', `/api/v1/orders/${orderId}`)).body;
  expect(order.state).toBe('New');
  expect(order.quantity).toBe('10');
}

const TABLE: Row[] = [
  // ── Orders ────────────────────────────────────────────────────────────────────────────────
  {
    route: 'POST /api/v1/orders',
    case: 'submit on B1',
    body: () => resting('B1', '1'),
    expect: { ...REFUSED_TRADING, admin: 201 },
    check: async (_who, answer, f) => {
      if (answer.status === 201)
        expect((await f.asAdmin('DELETE', `/api/v1/orders/${answer.body.orderId}`)).status).toBe(202);
      else expect(answer.body.code).toBe('QMO_FORBIDDEN');
    },
  },
  {
    route: 'POST /api/v1/orders',
    case: 'submit on A1 (granted to trader and viewer; the viewer role cannot trade)',
    body: () => resting('A1', '1'),
    expect: { ...REFUSED_TRADING, trader: 201, admin: 201 },
    check: async (_who, answer, f) => {
      if (answer.status === 201)
        expect((await f.asAdmin('DELETE', `/api/v1/orders/${answer.body.orderId}`)).status).toBe(202);
      else expect(answer.body.requiredRoles).toEqual(['trader', 'admin']);
    },
  },
  {
    route: 'GET /api/v1/orders',
    case: 'account=B1',
    path: () => '/api/v1/orders?account=B1',
    expect: READ_B1,
    check: (_who, answer, f) => {
      if (answer.status === 200)
        expect(answer.body.map((o: Order) => o.orderId)).toContain(f.b1Working.orderId);
    },
  },
  {
    route: 'GET /api/v1/orders',
    case: 'account=A1,B1 (one not granted)',
    path: () => '/api/v1/orders?account=A1,B1',
    expect: READ_B1,
  },
  {
    route: 'GET /api/v1/orders',
    case: 'no filter: only the accounts seen',
    expect: ALL_200,
    check: (who, answer, f) => {
      const accounts = new Set(ids(answer.body));
      expect(accounts.has('A1')).toBe(true);
      expect(accounts.has('B1')).toBe(sees(who) === 'all');
      expect(answer.body.some((o: Order) => o.orderId === f.a1Working.orderId)).toBe(true);
    },
  },
  {
    route: 'GET /api/v1/orders/{id}',
    case: 'an order of B1 (reported as absent to those who do not see B1)',
    path: (f) => `/api/v1/orders/${f.b1Working.orderId}`,
    expect: { trader: 404, viewer: 404, risk: 200, compliance: 200, admin: 200 },
    check: (_who, answer, f) => {
      if (answer.status === 200) expect(answer.body.orderId).toBe(f.b1Working.orderId);
      else expect(JSON.stringify(answer.body)).not.toContain('"B1"');
    },
  },
  {
    route: 'GET /api/v1/orders/{id}',
    case: 'an order of A1',
    path: (f) => `/api/v1/orders/${f.a1Working.orderId}`,
    expect: ALL_200,
  },
  {
    route: 'DELETE /api/v1/orders/{id}',
    case: 'cancel an order of B1',
    path: async (f) => `/api/v1/orders/${(await f.freshB1Working()).orderId}`,
    expect: { trader: 404, viewer: 403, risk: 403, compliance: 403, admin: 202 },
    check: async (_who, answer, f) => {
      const orderId = answer.status === 202 ? answer.body.orderId : f.lastFresh;
      if (answer.status !== 202) await stillWorking(f, orderId);
      else expect(['PendingCancel', 'Canceled']).toContain(answer.body.state);
    },
  },
  {
    route: 'PATCH /api/v1/orders/{id}',
    case: 'amend an order of B1',
    path: async (f) => `/api/v1/orders/${(await f.freshB1Working()).orderId}`,
    body: () => ({ quantity: '20' }),
    expect: { trader: 404, viewer: 403, risk: 403, compliance: 403, admin: 202 },
    check: async (_who, answer, f) => {
      if (answer.status !== 202) await stillWorking(f, f.lastFresh);
      else expect(answer.body).toMatchObject({ account: 'B1', replaces: f.lastFresh, quantity: '20' });
    },
  },
  {
    route: 'GET /api/v1/executions',
    case: 'account=B1',
    path: () => '/api/v1/executions?account=B1',
    expect: READ_B1,
    check: (_who, answer, f) => {
      if (answer.status === 200)
        expect(answer.body.some((e: { orderId: string }) => e.orderId === f.b1Filled.orderId)).toBe(true);
    },
  },
  {
    route: 'GET /api/v1/executions',
    case: 'orderId of a filled B1 order, no account: nothing for those who do not see B1',
    path: (f) => `/api/v1/executions?orderId=${f.b1Filled.orderId}`,
    expect: ALL_200,
    check: (who, answer) => {
      if (sees(who) === 'all') expect(answer.body.length).toBeGreaterThan(0);
      else expect(answer.body).toEqual([]);
    },
  },
  // ── Accounts and portfolio ────────────────────────────────────────────────────────────────
  {
    route: 'GET /api/v1/me',
    case: 'the caller and the accounts they see',
    expect: ALL_200,
    check: (who, answer) => {
      expect(ids(answer.body.accounts)).toEqual(sees(who) === 'all' ? ['A1', 'B1'] : ['A1']);
      expect(answer.body.user.role).toBe(who === 'traderKey' ? 'trader' : who);
    },
  },
  {
    route: 'GET /api/v1/accounts',
    case: 'accounts seen',
    expect: ALL_200,
    check: (who, answer) => expect(ids(answer.body)).toEqual(sees(who) === 'all' ? ['A1', 'B1'] : ['A1']),
  },
  {
    route: 'GET /api/v1/positions',
    case: 'account=B1',
    path: () => '/api/v1/positions?account=B1',
    expect: READ_B1,
    check: (_who, answer) => {
      if (answer.status === 200)
        expect(answer.body.some((p: { account: string }) => p.account === 'B1')).toBe(true);
    },
  },
  {
    route: 'GET /api/v1/positions',
    case: 'no filter',
    expect: ALL_200,
    check: (who, answer) =>
      expect(answer.body.some((p: { account: string }) => p.account === 'B1')).toBe(sees(who) === 'all'),
  },
  {
    route: 'GET /api/v1/pnl',
    case: 'account=B1',
    path: () => '/api/v1/pnl?account=B1',
    expect: READ_B1,
  },
  {
    route: 'GET /api/v1/pnl',
    case: 'no filter: no line of B1 or its desk',
    expect: ALL_200,
    check: (who, answer) => {
      const text = JSON.stringify(answer.body);
      expect(ids(answer.body.accounts)).toEqual(sees(who) === 'all' ? ['A1', 'B1'] : ['A1']);
      if (sees(who) !== 'all') expect(text).not.toMatch(/"B1"|"beta"/);
    },
  },
  // ── Advisors (signed in; the account must be granted) ───────────────────────────────────
  { route: 'GET /api/v1/advisors', case: 'the advisors', expect: ALL_200 },
  {
    route: 'GET /api/v1/advisors/{id}/assessment',
    case: 'account=B1 (this host loads no advisor: past the grant check it is a 404)',
    path: () => '/api/v1/advisors/mentor/assessment?instrument=EURUSD&account=B1',
    expect: { trader: 403, viewer: 403, risk: 404, compliance: 404, admin: 404 },
  },
  // ── Preferences (each user their own) ────────────────────────────────────────────────────
  {
    route: 'PUT /api/v1/me/preferences/{key}',
    case: "stores the caller's own value",
    path: () => '/api/v1/me/preferences/sweep',
    body: (_f, who) => ({ value: { role: who === 'traderKey' ? 'trader' : who } }),
    expect: ALL_200,
  },
  {
    route: 'GET /api/v1/me/preferences/{key}',
    case: "reads back the caller's own value, never another user's",
    path: () => '/api/v1/me/preferences/sweep',
    expect: ALL_200,
    check: (who, answer) => expect(answer.body.value).toEqual({ role: who === 'traderKey' ? 'trader' : who }),
  },
  // ── Risk ──────────────────────────────────────────────────────────────────────────────────
  { route: 'GET /api/v1/risk/rules', case: 'rules loaded', expect: ALL_200 },
  {
    route: 'GET /api/v1/risk/limits',
    case: 'account=B1',
    path: () => '/api/v1/risk/limits?account=B1',
    expect: READ_B1,
    check: (_who, answer) => {
      if (answer.status === 200) expect(ids(answer.body)).toContain('B1');
    },
  },
  {
    route: 'GET /api/v1/risk/limits',
    case: 'no filter: the defaults and the accounts seen',
    expect: ALL_200,
    check: (who, answer) => {
      expect(ids(answer.body)).toContain('*');
      expect(ids(answer.body).includes('B1')).toBe(sees(who) === 'all');
    },
  },
  {
    route: 'PUT /api/v1/risk/limits/{account}/{rule}',
    case: 'set B1 limits',
    path: () => '/api/v1/risk/limits/B1/max-order-qty',
    body: () => ({ limits: { maxQuantity: '1000000' } }),
    expect: { trader: 403, viewer: 403, risk: 200, compliance: 403, admin: 200 },
  },
  {
    route: 'PUT /api/v1/risk/limits/{account}/{rule}',
    case: 'set the defaults of every account ("*")',
    path: () => '/api/v1/risk/limits/*/max-order-qty',
    body: () => ({ limits: { maxQuantity: '1000000' } }),
    expect: { trader: 403, viewer: 403, risk: 200, compliance: 403, admin: 200 },
  },
  {
    route: 'GET /api/v1/risk/accounts',
    case: 'trading states of every account',
    expect: { trader: 403, viewer: 403, risk: 200, compliance: 200, admin: 200 },
  },
  {
    route: 'POST /api/v1/risk/kill-switch',
    case: 'account B1',
    body: () => ({ scope: 'account', id: 'B1', reason: 'authorisation sweep' }),
    expect: { trader: 403, viewer: 403, risk: 200, compliance: 403, admin: 200 },
    check: async (_who, answer, f) => {
      const b1 = (await f.asAdmin('GET', '/api/v1/risk/accounts')).body.find(
        (a: { id: string }) => a.id === 'B1',
      );
      expect(b1.tradingState).toBe(answer.status === 200 ? 'HALTED' : 'ACTIVE');
      if (answer.status === 200) await reactivate(f, 'B1');
    },
  },
  {
    route: 'POST /api/v1/risk/kill-switch',
    case: 'desk beta',
    body: () => ({ scope: 'desk', id: 'beta', reason: 'authorisation sweep' }),
    expect: { trader: 403, viewer: 403, risk: 200, compliance: 403, admin: 200 },
    check: async (_who, answer, f) => {
      if (answer.status === 200) await reactivate(f, 'B1');
    },
  },
  {
    route: 'POST /api/v1/risk/accounts/{id}/state',
    case: 'set B1 ACTIVE',
    path: () => '/api/v1/risk/accounts/B1/state',
    body: () => ({ state: 'ACTIVE', reason: 'authorisation sweep' }),
    expect: { trader: 403, viewer: 403, risk: 200, compliance: 403, admin: 200 },
  },
  {
    route: 'POST /api/v1/risk/accounts/{id}/state',
    case: 'set the own account A1 ACTIVE (needs the risk role)',
    path: () => '/api/v1/risk/accounts/A1/state',
    body: () => ({ state: 'ACTIVE', reason: 'authorisation sweep' }),
    expect: { trader: 403, viewer: 403, risk: 200, compliance: 403, admin: 200 },
  },
  // ── Audit ─────────────────────────────────────────────────────────────────────────────────
  {
    route: 'GET /api/v1/audit/verify',
    case: 'verify the chain',
    expect: { trader: 403, viewer: 403, risk: 403, compliance: 200, admin: 200 },
    check: (_who, answer) => {
      if (answer.status === 200) expect(answer.body.ok).toBe(true);
    },
  },
  {
    route: 'GET /api/v1/audit/export',
    case: 'export B1 as JSON lines',
    path: () => '/api/v1/audit/export?format=jsonl&account=B1',
    expect: { trader: 403, viewer: 403, risk: 403, compliance: 200, admin: 200 },
    check: (_who, answer) => {
      if (answer.status === 200) expect(String(answer.body)).toContain('"B1"');
    },
  },
  // ── FIX acceptor (compliance, admin; this host runs none) ──────────────────────────────────
  {
    route: 'GET /api/v1/fix/sessions',
    case: 'list the FIX sessions',
    expect: { trader: 403, viewer: 403, risk: 403, compliance: 200, admin: 200 },
    check: (_who, answer) => {
      if (answer.status === 200) expect(answer.body).toEqual([]);
    },
  },
  {
    route: 'GET /api/v1/fix/sessions/{id}/messages',
    case: 'the message log of a session that does not exist',
    path: () => `/api/v1/fix/sessions/${encodeURIComponent('FIX.4.4:QMO->NOBODY')}/messages`,
    expect: { trader: 403, viewer: 403, risk: 403, compliance: 404, admin: 404 },
  },
  // ── Desks and accounts (admin) ────────────────────────────────────────────────────────────
  {
    route: 'GET /api/v1/desks',
    case: 'list desks',
    expect: { trader: 403, viewer: 403, risk: 200, compliance: 200, admin: 200 },
    check: (_who, answer) => {
      if (answer.status === 200) expect(ids(answer.body)).toEqual(expect.arrayContaining(['alpha', 'beta']));
    },
  },
  {
    route: 'POST /api/v1/desks',
    case: 'create a desk',
    body: (f) => ({ id: f.unique('sweep-desk'), name: 'Sweep desk' }),
    expect: { trader: 403, viewer: 403, risk: 403, compliance: 403, admin: 201 },
    check: async (_who, answer, f) => {
      const desks = ids((await f.asAdmin('GET', '/api/v1/desks')).body);
      expect(desks.includes(f.lastUnique)).toBe(answer.status === 201);
    },
  },
  {
    route: 'POST /api/v1/accounts',
    case: 'create an account in desk beta',
    body: (f) => ({
      id: f.unique('SWEEP'),
      name: 'Sweep',
      desk: 'beta',
      currency: 'USD',
      startingEquity: '1000',
    }),
    expect: { trader: 403, viewer: 403, risk: 403, compliance: 403, admin: 201 },
    check: async (_who, answer, f) => {
      const all = ids((await f.asAdmin('GET', '/api/v1/risk/accounts')).body);
      expect(all.includes(f.lastUnique)).toBe(answer.status === 201);
      // A new account of a desk the trader was not granted stays out of the trader's sight.
      const traders = ids((await f.as('trader', 'GET', '/api/v1/accounts')).body);
      expect(traders).toEqual(['A1']);
    },
  },
  // ── Users and API keys (not in the OpenAPI document) ──────────────────────────────────────
  {
    route: 'GET /api/v1/users',
    case: 'list users',
    expect: { trader: 403, viewer: 403, risk: 403, compliance: 403, admin: 200 },
  },
  {
    route: 'POST /api/v1/users',
    case: 'create a user (an admin, when not the admin asking)',
    body: (f, who) => ({
      email: f.uniqueEmail(),
      password: PASSWORD,
      role: who === 'admin' ? 'viewer' : 'admin',
    }),
    expect: { trader: 403, viewer: 403, risk: 403, compliance: 403, admin: 201 },
  },
  {
    route: 'PUT /api/v1/users/{id}/role',
    case: 'make oneself admin (the admin: set the viewer’s role)',
    path: (f, who) => `/api/v1/users/${userOf(f, who)}/role`,
    body: (_f, who) => ({ role: who === 'admin' ? 'viewer' : 'admin' }),
    expect: { trader: 403, viewer: 403, risk: 403, compliance: 403, admin: 200 },
  },
  {
    route: 'PUT /api/v1/users/{id}/grants',
    case: 'grant oneself desk beta (the admin: set the viewer’s grants)',
    path: (f, who) => `/api/v1/users/${userOf(f, who)}/grants`,
    body: (_f, who) =>
      who === 'admin' ? { accountIds: [], deskIds: ['alpha'] } : { accountIds: ['B1'], deskIds: ['beta'] },
    expect: { trader: 403, viewer: 403, risk: 403, compliance: 403, admin: 200 },
  },
  {
    route: 'GET /api/v1/api-keys',
    case: 'own keys only',
    expect: ALL_200,
    check: (who, answer, f) => {
      const listed = answer.body.map((k: { id: string }) => k.id);
      expect(listed.includes(f.adminKeyId)).toBe(who === 'admin');
    },
  },
  {
    route: 'POST /api/v1/api-keys',
    case: 'create a key (not with a key)',
    body: () => ({ name: 'sweep' }),
    expect: { trader: 201, traderKey: 403, viewer: 201, risk: 201, compliance: 201, admin: 201 },
  },
  {
    route: 'DELETE /api/v1/api-keys/{id}',
    case: "revoke the admin's key (the admin: revoke a trader's key)",
    path: async (f, who) => `/api/v1/api-keys/${who === 'admin' ? await f.freshTraderKeyId() : f.adminKeyId}`,
    expect: { trader: 404, viewer: 404, risk: 404, compliance: 404, admin: 200 },
    check: (_who, answer) => {
      if (answer.status === 200) expect(answer.body.revokedAt).not.toBeNull();
    },
  },
  // ── Replay paper sessions (traders and admins; each user's own) ───────────────────────────
  {
    route: 'POST /api/v1/replay/sessions',
    case: 'open a paper session',
    body: () => replaySessionBody(),
    expect: { ...REFUSED_TRADING, trader: 201, admin: 201 },
    check: async (who, answer, f) => {
      if (answer.status === 201)
        expect((await f.as(who, 'DELETE', `/api/v1/replay/sessions/${answer.body.id}`)).status).toBe(204);
      else expect(answer.body.requiredRoles).toEqual(['trader', 'admin']);
    },
  },
  {
    route: 'GET /api/v1/replay/sessions',
    case: 'own sessions only',
    expect: { ...REFUSED_TRADING, trader: 200, admin: 200 },
    check: (who, answer, f) => {
      if (answer.status !== 200) return;
      const listed = answer.body.map((s: { id: string }) => s.id);
      expect(listed.includes(f.adminReplay.id)).toBe(who === 'admin');
    },
  },
  {
    route: 'GET /api/v1/replay/sessions/{id}',
    case: "the admin's session",
    path: (f) => `/api/v1/replay/sessions/${f.adminReplay.id}`,
    expect: { ...REFUSED_TRADING, trader: 404, admin: 200 },
  },
  {
    route: 'POST /api/v1/replay/sessions/{id}/advance',
    case: "advance the admin's session",
    path: (f) => `/api/v1/replay/sessions/${f.adminReplay.id}/advance`,
    body: (f) => ({ to: f.adminReplay.cursor }),
    expect: { ...REFUSED_TRADING, trader: 404, admin: 200 },
  },
  {
    route: 'POST /api/v1/replay/sessions/{id}/reset',
    case: "reset the admin's session",
    path: (f) => `/api/v1/replay/sessions/${f.adminReplay.id}/reset`,
    body: (f) => ({ start: f.adminReplay.cursor }),
    expect: { ...REFUSED_TRADING, trader: 404, admin: 200 },
  },
  {
    route: 'POST /api/v1/replay/sessions/{id}/orders',
    case: "a paper order in the admin's session",
    path: (f) => `/api/v1/replay/sessions/${f.adminReplay.id}/orders`,
    body: () => PAPER_RESTING,
    expect: { ...REFUSED_TRADING, trader: 404, admin: 201 },
    check: (_who, answer) => {
      if (answer.status === 201) expect(answer.body.order.state).toBe('New');
    },
  },
  {
    route: 'DELETE /api/v1/replay/sessions/{id}/orders/{orderId}',
    case: "cancel a paper order of the admin's session",
    path: async (f) => {
      const placed = await f.asAdmin(
        'POST',
        `/api/v1/replay/sessions/${f.adminReplay.id}/orders`,
        PAPER_RESTING,
      );
      return `/api/v1/replay/sessions/${f.adminReplay.id}/orders/${placed.body.order.orderId}`;
    },
    expect: { ...REFUSED_TRADING, trader: 404, admin: 200 },
    check: async (_who, answer, f) => {
      // Paper orders left by the callers refused are canceled, so the session stays under its cap.
      const state = (await f.asAdmin('GET', `/api/v1/replay/sessions/${f.adminReplay.id}`)).body;
      for (const order of state.orders.filter((o: Order) => o.state === 'New'))
        await f.asAdmin('DELETE', `/api/v1/replay/sessions/${f.adminReplay.id}/orders/${order.orderId}`);
      if (answer.status === 200) expect(answer.body.order.state).toBe('Canceled');
    },
  },
  {
    route: 'DELETE /api/v1/replay/sessions/{id}',
    case: "end the admin's session (the admin: a fresh one of its own)",
    path: async (f, who) => {
      if (who !== 'admin') return `/api/v1/replay/sessions/${f.adminReplay.id}`;
      const opened = await f.asAdmin('POST', '/api/v1/replay/sessions', replaySessionBody());
      return `/api/v1/replay/sessions/${opened.body.id}`;
    },
    expect: { ...REFUSED_TRADING, trader: 404, admin: 204 },
  },
];

/** A replay paper session of EURUSD minutes, starting two hours ago. */
const replaySessionBody = () => ({ instrument: 'EURUSD', tf: '1m', start: Date.now() - 2 * 3_600_000 });
/** A paper buy far below the market: it works until canceled. */
const PAPER_RESTING = { side: 'buy', type: 'limit', quantity: '1000', limitPrice: '0.5' };

/** Routes anybody may call: market data, status, health, metrics, the API description and better-auth's own endpoints. */
const PUBLIC: { route: string; path: string; body?: unknown; status?: number }[] = [
  { route: 'GET /api/v1/status', path: '/api/v1/status' },
  { route: 'GET /api/v1/plugins', path: '/api/v1/plugins' },
  { route: 'GET /api/v1/branding', path: '/api/v1/branding' },
  { route: 'GET /api/v1/instruments', path: '/api/v1/instruments' },
  { route: 'GET /api/v1/instruments/{instrument}', path: '/api/v1/instruments/EURUSD' },
  { route: 'GET /api/v1/marketdata/{instrument}/bars', path: '/api/v1/marketdata/EURUSD/bars?tf=1m&limit=5' },
  { route: 'GET /api/v1/marketdata/{instrument}/quote', path: '/api/v1/marketdata/EURUSD/quote' },
  { route: 'GET /api/v1/marketdata/{instrument}/book', path: '/api/v1/marketdata/EURUSD/book' },
  { route: 'GET /api/v1/indicators', path: '/api/v1/indicators' },
  {
    route: 'GET /api/v1/marketdata/{instrument}/indicators/{indicator}',
    path: '/api/v1/marketdata/EURUSD/indicators/none',
    status: 404,
  },
  {
    route: 'GET /api/v1/indicator-modules/{module}',
    path: '/api/v1/indicator-modules/none@1.0.0.js',
    status: 404,
  },
  {
    route: 'GET /api/v1/indicator-modules/runtime/{module}',
    path: '/api/v1/indicator-modules/runtime/none@1.0.0.js',
    status: 404,
  },
  { route: 'GET /api/v1/openapi.json', path: '/api/v1/openapi.json' },
  { route: 'GET /api/v1/docs', path: '/api/v1/docs' },
  { route: 'GET /api/auth/*', path: '/api/auth/get-session' },
  // better-auth's own: sign-in is open to all (and refuses a wrong password by itself).
  {
    route: 'POST /api/auth/*',
    path: '/api/auth/sign-in/email',
    body: { email: 'nobody@sweep.test', password: 'wrong-password-1' },
    status: 401,
  },
  { route: 'GET /health/live', path: '/health/live' },
  { route: 'GET /health/ready', path: '/health/ready' },
  { route: 'GET /metrics', path: '/metrics' },
  { route: 'GET /', path: '/', status: 503 }, // the web UI (not built for this host)
];

/** The user a caller's user change targets: themselves; the admin's (allowed) change targets the viewer, leaving it as it was. */
function userOf(f: Fixtures, who: Who): string {
  if (who === 'admin') return f.userIds.viewer;
  if (who === 'traderKey') return f.userIds.trader;
  return f.userIds[who as Role];
}

async function reactivate(f: Fixtures, account: string): Promise<void> {
  const answer = await f.asAdmin('POST', `/api/v1/risk/accounts/${account}/state`, {
    state: 'ACTIVE',
    reason: 'sweep: lift the kill switch',
  });
  expect(answer.status).toBe(200);
}

function expectedOf(row: Row, who: Who): number {
  if (who === 'anonymous' || who === 'badKey') return 401;
  if (who === 'traderKey') return row.expect.traderKey ?? row.expect.trader;
  return row.expect[who];
}

const methodPath = (route: string) => route.split(' ') as [string, string];
const templatePath = (route: string) => methodPath(route)[1];
/** hono's `/orders/:id` as OpenAPI writes it, `/orders/{id}`. */
const asTemplate = (path: string) => path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');

describe('authorisation sweep: every route and socket event, for every role, against an account not granted', {
  timeout: TIMEOUT,
}, () => {
  const data = tempDataDir();
  const admin = { email: 'admin@sweep.test', password: PASSWORD };
  let host: RunningHost;
  const cookies = {} as Record<Role, string>;
  let traderKey = '';
  let f: Fixtures;

  const credentialsOf = (who: Who): Credentials => {
    if (who === 'anonymous') return { kind: 'none' };
    if (who === 'badKey') return { kind: 'bearer', key: 'qmo_this-is-not-a-key' };
    if (who === 'traderKey') return { kind: 'bearer', key: traderKey };
    return { kind: 'cookie', cookie: cookies[who] };
  };
  const call = <T = any>(who: Who, method: string, path: string, body?: unknown) =>
    send<T>(host.url, credentialsOf(who), method, path, body);
  const placeWorking = async (who: Role, account: string): Promise<Order> => {
    const placed = await call<Order>(who, 'POST', '/api/v1/orders', resting(account));
    expect(placed.status).toBe(201);
    return eventually(async () => {
      const o = (await call<Order>('admin', 'GET', `/api/v1/orders/${placed.body.orderId}`)).body;
      return o.state === 'New' ? o : undefined;
    }, `order ${placed.body.orderId} working`);
  };
  const placeFilled = async (who: Role, account: string): Promise<Order> => {
    const placed = await call<Order>(who, 'POST', '/api/v1/orders', marketBuy(account));
    expect(placed.status).toBe(201);
    return eventually(async () => {
      const o = (await call<Order>('admin', 'GET', `/api/v1/orders/${placed.body.orderId}`)).body;
      return o.state === 'Filled' ? o : undefined;
    }, `order ${placed.body.orderId} filled`);
  };

  beforeAll(async () => {
    host = await startTestHost({
      dataDir: data.dir,
      uiDir: null,
      env: { QMO_ADMIN_EMAIL: admin.email, QMO_ADMIN_PASSWORD: admin.password },
      config: tradingConfig,
    });
    await host.ready;
    cookies.admin = await signInCookie(host.url, admin.email, admin.password);
    const userIds = {} as Record<Role, string>;
    userIds.admin = (await call('admin', 'GET', '/api/v1/me')).body.user.id;
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const created = await call('admin', 'POST', '/api/v1/users', {
        email: email(role),
        password: PASSWORD,
        role,
        name: role,
      });
      expect(created.status).toBe(201);
      userIds[role] = created.body.id;
      if (role === 'trader' || role === 'viewer') {
        expect(
          (
            await call('admin', 'PUT', `/api/v1/users/${created.body.id}/grants`, {
              accountIds: [],
              deskIds: ['alpha'],
            })
          ).status,
        ).toBe(200);
      }
      cookies[role] = await signInCookie(host.url, email(role), PASSWORD);
    }
    const key = await call('trader', 'POST', '/api/v1/api-keys', { name: 'sweep trader' });
    expect(key.status).toBe(201);
    traderKey = key.body.key;
    const adminKey = await call('admin', 'POST', '/api/v1/api-keys', { name: 'sweep admin' });
    expect(adminKey.status).toBe(201);

    let emails = 0;
    f = {
      b1Working: await placeWorking('admin', 'B1'),
      b1Filled: await placeFilled('admin', 'B1'),
      a1Working: await placeWorking('trader', 'A1'),
      async freshB1Working() {
        const order = await placeWorking('admin', 'B1');
        this.lastFresh = order.orderId;
        return order;
      },
      lastFresh: '',
      userIds,
      adminKeyId: adminKey.body.apiKey.id,
      freshTraderKeyId: async () => {
        const created = await call('trader', 'POST', '/api/v1/api-keys', { name: 'to revoke' });
        expect(created.status).toBe(201);
        return created.body.apiKey.id;
      },
      uniqueEmail: () => `created-${++emails}@sweep.test`,
      unique(prefix) {
        this.lastUnique = `${prefix}-${++emails}`;
        return this.lastUnique;
      },
      lastUnique: '',
      asAdmin: (method, path, body) => call('admin', method, path, body),
      as: (who, method, path, body) => call(who, method, path, body),
      adminReplay: { id: '', cursor: 0 },
    };
    const replay = await call('admin', 'POST', '/api/v1/replay/sessions', replaySessionBody());
    expect(replay.status).toBe(201);
    f.adminReplay = { id: replay.body.id, cursor: replay.body.cursor };
    await placeFilled('trader', 'A1');
  }, TIMEOUT);

  afterAll(async () => {
    await host?.close();
    data.remove();
  }, TIMEOUT);

  it('the table covers every route of the OpenAPI document and of the HTTP app, and names no route that is gone', async () => {
    const doc = (await send(host.url, { kind: 'none' }, 'GET', '/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.length).toBeGreaterThan(10);
    const swept = new Set([...TABLE.map((r) => r.route), ...PUBLIC.map((p) => p.route)]);
    expect(
      documented.filter((r) => !swept.has(r)),
      'routes in the OpenAPI document without a row in TABLE',
    ).toEqual([]);
    const declaresNoSecurity = (route: string) => {
      const [method, path] = methodPath(route);
      const op = doc.paths[path]?.[method.toLowerCase()] as { security?: unknown[] } | undefined;
      return Array.isArray(op?.security) && op.security.length === 0;
    };
    expect(
      documented.filter((r) => PUBLIC.some((p) => p.route === r) && !declaresNoSecurity(r)),
      'documented public routes declare `security: []`',
    ).toEqual([]);

    // Every route the HTTP app registers (the routes outside the OpenAPI document too), read from the app itself.
    const app = createHttpApp({
      branding: { productName: 'QMO', logoUrl: null, colors: {} },
      version: '0',
      uiDir: null,
    } as unknown as HttpDeps);
    const registered = [
      ...new Set(
        app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${asTemplate(r.path)}`),
      ),
    ];
    expect(
      registered.filter((r) => !swept.has(r)),
      'routes of the HTTP app without a row in TABLE or PUBLIC',
    ).toEqual([]);
    expect(
      [...swept].filter((r) => !registered.includes(r)),
      'rows naming routes the app does not have',
    ).toEqual([]);
  });

  for (const p of PUBLIC) {
    it(`public: ${p.route} answers without credentials`, async () => {
      const answer = await send(host.url, { kind: 'none' }, methodPath(p.route)[0], p.path, p.body);
      expect(
        answer.status,
        `${p.route} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
      ).toBe(p.status ?? 200);
    });
  }

  for (const row of TABLE) {
    it(`${row.route} — ${row.case}`, async () => {
      const [method] = methodPath(row.route);
      const mismatches: string[] = [];
      for (const who of CALLERS) {
        const path = row.path ? await row.path(f, who) : templatePath(row.route);
        const body = row.body?.(f, who);
        const answer = await call(who, method, path, body);
        const expected = expectedOf(row, who);
        if (answer.status !== expected) {
          mismatches.push(
            `${who}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
          );
          continue;
        }
        if (expected >= 400) {
          expect(answer.type, `${who}: problem+json`).toContain('application/problem+json');
          const code = { 401: 'QMO_UNAUTHENTICATED', 403: 'QMO_FORBIDDEN', 404: 'QMO_NOT_FOUND' }[expected];
          if (code) expect(answer.body.code, `${who} ${method} ${path}`).toBe(code);
        }
        if (row.check && who !== 'anonymous' && who !== 'badKey') await row.check(who, answer, f);
      }
      expect(mismatches, `${row.route} (${row.case})`).toEqual([]);
    });
  }

  it('leaves the callers as they were: no role, grant or key changed by a refused request', async () => {
    const trader = (await call('trader', 'GET', '/api/v1/me')).body;
    expect(trader.user.role).toBe('trader');
    expect(ids(trader.accounts)).toEqual(['A1']);
    const users = (await call('admin', 'GET', '/api/v1/users')).body as { email: string; role: string }[];
    expect(users.filter((u) => u.role === 'admin').map((u) => u.email)).toEqual([admin.email]);
    const adminKeys = (await call('admin', 'GET', '/api/v1/api-keys')).body as {
      id: string;
      revokedAt: string | null;
    }[];
    expect(adminKeys.find((k) => k.id === f.adminKeyId)?.revokedAt).toBeNull();
    expect((await call('traderKey', 'GET', '/api/v1/me')).status).toBe(200);
  });

  it('refuses a revoked API key over HTTP', async () => {
    const created = await call('risk', 'POST', '/api/v1/api-keys', { name: 'short-lived' });
    const key: Credentials = { kind: 'bearer', key: created.body.key };
    expect((await send(host.url, key, 'GET', '/api/v1/me')).status).toBe(200);
    expect((await call('risk', 'DELETE', `/api/v1/api-keys/${created.body.apiKey.id}`)).status).toBe(200);
    expect((await send(host.url, key, 'GET', '/api/v1/me')).status).toBe(401);
    // A bad bearer token does not fall back to the session cookie sent with it.
    const both = await fetch(`${host.url}/api/v1/me`, {
      headers: { cookie: cookies.risk, authorization: `Bearer ${created.body.key}` },
    });
    expect(both.status).toBe(401);
  });

  describe('socket events', () => {
    const ACCOUNT_EVENTS = ['order', 'execution', 'position', 'account_state'];
    const accountOf = (name: string, payload: any): string | undefined =>
      name === 'account_state' ? payload?.id : payload?.account;

    it('a socket with an invalid, unknown or revoked API key is refused, even with a valid cookie', async () => {
      const created = await call('viewer', 'POST', '/api/v1/api-keys', { name: 'revoked for sockets' });
      expect((await call('viewer', 'DELETE', `/api/v1/api-keys/${created.body.apiKey.id}`)).status).toBe(200);
      for (const token of ['not-a-key', 'qmo_unknownunknownunknown', created.body.key]) {
        const s = recordingSocket(host.url, { kind: 'bearer', key: token });
        try {
          await expect(s.ready, token).rejects.toThrow(/invalid API key/);
        } finally {
          s.close();
        }
      }
      const withCookie = recordingSocket(host.url, {
        kind: 'bearer',
        key: 'qmo_unknownunknownunknown',
        cookie: cookies.trader,
      });
      try {
        await expect(withCookie.ready).rejects.toThrow(/invalid API key/);
      } finally {
        withCookie.close();
      }
    });

    it('trader and viewer sockets (cookie or API key) never get events of B1; risk does; an anonymous socket gets market data only', async () => {
      const sockets = {
        trader: recordingSocket(host.url, credentialsOf('trader'), { waitForAccounts: true }),
        traderKey: recordingSocket(host.url, credentialsOf('traderKey'), { waitForAccounts: true }),
        viewer: recordingSocket(host.url, credentialsOf('viewer'), { waitForAccounts: true }),
        risk: recordingSocket(host.url, credentialsOf('risk'), { waitForAccounts: true }),
        anonymous: recordingSocket(host.url, { kind: 'none' }),
      };
      try {
        await Promise.all(Object.values(sockets).map((s) => s.ready));
        expect(await sockets.anonymous.socket.emitWithAck('subscribe', { instrument: 'EURUSD' })).toEqual({
          ok: true,
        });
        expect(await sockets.trader.socket.emitWithAck('subscribe', { instrument: 'EURUSD' })).toEqual({
          ok: true,
        });
        for (const who of ['trader', 'traderKey', 'viewer'] as const) {
          expect(sockets[who].events.find((e) => e.name === 'accounts')?.payload).toEqual(['A1']);
        }
        expect(sockets.risk.events.find((e) => e.name === 'accounts')?.payload).toEqual(
          expect.arrayContaining(['A1', 'B1']),
        );

        // B1 lives: an order rests, is amended, canceled; another fills; the account is restricted, halted and reactivated.
        const rest = await placeWorking('admin', 'B1');
        const amended = await call<Order>('admin', 'PATCH', `/api/v1/orders/${rest.orderId}`, {
          quantity: '20',
        });
        expect(amended.status).toBe(202);
        const replacement = await eventually(async () => {
          const o = (await call<Order>('admin', 'GET', `/api/v1/orders/${amended.body.orderId}`)).body;
          return o.state === 'New' ? o : undefined;
        }, 'the B1 replacement working');
        expect((await call('admin', 'DELETE', `/api/v1/orders/${replacement.orderId}`)).status).toBe(202);
        const filled = await placeFilled('admin', 'B1');
        const halted = await placeWorking('admin', 'B1');
        expect(
          (
            await call('risk', 'POST', '/api/v1/risk/accounts/B1/state', {
              state: 'REDUCING',
              reason: 'sweep',
            })
          ).status,
        ).toBe(200);
        expect(
          (
            await call('risk', 'POST', '/api/v1/risk/kill-switch', {
              scope: 'desk',
              id: 'beta',
              reason: 'sweep',
            })
          ).status,
        ).toBe(200);
        await reactivate(f, 'B1');

        const risk = sockets.risk;
        await risk.waitFor(
          'order',
          (o) => o.orderId === replacement.orderId && o.state === 'Canceled',
          'B1 replacement Canceled on the risk socket',
        );
        await risk.waitFor(
          'order',
          (o) => o.orderId === rest.orderId && o.state === 'Replaced',
          'B1 order Replaced on the risk socket',
        );
        await risk.waitFor(
          'order',
          (o) => o.orderId === filled.orderId && o.state === 'Filled',
          'B1 fill on the risk socket',
        );
        await risk.waitFor(
          'execution',
          (e) => e.orderId === filled.orderId,
          'B1 execution on the risk socket',
        );
        await risk.waitFor('position', (p) => p.account === 'B1', 'B1 position on the risk socket');
        await risk.waitFor(
          'account_state',
          (a) => a.id === 'B1' && a.tradingState === 'REDUCING',
          'B1 REDUCING on the risk socket',
        );
        await risk.waitFor(
          'order',
          (o) => o.orderId === halted.orderId && o.state === 'Canceled',
          'B1 order canceled by the kill switch',
        );
        await risk.waitFor(
          'account_state',
          (a) => a.id === 'B1' && a.tradingState === 'HALTED',
          'B1 HALTED on the risk socket',
        );
        await risk.waitFor(
          'account_state',
          (a) => a.id === 'B1' && a.tradingState === 'ACTIVE',
          'B1 ACTIVE again on the risk socket',
        );

        // Then A1 moves: once its events reached the trader's and viewer's sockets, every earlier B1 event would have too.
        const mine = await placeWorking('trader', 'A1');
        expect((await call('trader', 'DELETE', `/api/v1/orders/${mine.orderId}`)).status).toBe(202);
        const mineFilled = await placeFilled('trader', 'A1');
        for (const who of ['trader', 'traderKey', 'viewer'] as const) {
          await sockets[who].waitFor(
            'order',
            (o) => o.orderId === mine.orderId && o.state === 'Canceled',
            `A1 cancel on the ${who} socket`,
          );
          await sockets[who].waitFor(
            'execution',
            (e) => e.orderId === mineFilled.orderId,
            `A1 execution on the ${who} socket`,
          );
          await sockets[who].waitFor(
            'position',
            (p) => p.account === 'A1',
            `A1 position on the ${who} socket`,
          );
        }
        await risk.waitFor(
          'order',
          (o) => o.orderId === mine.orderId && o.state === 'Canceled',
          'A1 cancel on the risk socket',
        );

        for (const who of ['trader', 'traderKey', 'viewer'] as const) {
          const leaked = sockets[who].events.filter(
            (e) => ACCOUNT_EVENTS.includes(e.name) && accountOf(e.name, e.payload) !== 'A1',
          );
          expect(leaked, `events of accounts not granted on the ${who} socket`).toEqual([]);
          expect(JSON.stringify(sockets[who].events)).not.toContain('"B1"');
        }
        const anonymous = sockets.anonymous.events;
        expect(anonymous.some((e) => e.name === 'quote' && e.payload.instrument === 'EURUSD')).toBe(true);
        expect(anonymous.filter((e) => ACCOUNT_EVENTS.includes(e.name) || e.name === 'accounts')).toEqual([]);
        expect(sockets.trader.events.some((e) => e.name === 'quote')).toBe(true);
      } finally {
        for (const s of Object.values(sockets)) s.close();
      }
    });

    it('an open socket follows revocations: a grant taken away stops its events, a revoked key drops its socket', async () => {
      const key = await call('trader', 'POST', '/api/v1/api-keys', { name: 'socket to revoke' });
      const sockets = {
        trader: recordingSocket(host.url, credentialsOf('trader'), { waitForAccounts: true }),
        viewer: recordingSocket(host.url, credentialsOf('viewer'), { waitForAccounts: true }),
        revokedKey: recordingSocket(
          host.url,
          { kind: 'bearer', key: key.body.key },
          { waitForAccounts: true },
        ),
      };
      try {
        await Promise.all(Object.values(sockets).map((s) => s.ready));
        expect(sockets.viewer.events.find((e) => e.name === 'accounts')?.payload).toEqual(['A1']);
        expect(
          (
            await call('admin', 'PUT', `/api/v1/users/${f.userIds.viewer}/grants`, {
              accountIds: [],
              deskIds: [],
            })
          ).status,
        ).toBe(200);
        expect((await call('admin', 'DELETE', `/api/v1/api-keys/${key.body.apiKey.id}`)).status).toBe(200);
        const before = { viewer: sockets.viewer.events.length, revokedKey: sockets.revokedKey.events.length };

        const mine = await placeWorking('trader', 'A1');
        expect((await call('trader', 'DELETE', `/api/v1/orders/${mine.orderId}`)).status).toBe(202);
        await sockets.trader.waitFor(
          'order',
          (o) => o.orderId === mine.orderId && o.state === 'Canceled',
          'A1 cancel on the trader socket',
        );

        const after = (who: 'viewer' | 'revokedKey') =>
          sockets[who].events.slice(before[who]).filter((e) => ACCOUNT_EVENTS.includes(e.name));
        expect(after('viewer'), 'events of A1 after its grant was taken away').toEqual([]);
        expect(after('revokedKey'), 'events on the socket of a revoked key').toEqual([]);
        expect(sockets.revokedKey.socket.connected).toBe(false);
      } finally {
        for (const s of Object.values(sockets)) s.close();
        await call('admin', 'PUT', `/api/v1/users/${f.userIds.viewer}/grants`, {
          accountIds: [],
          deskIds: ['alpha'],
        });
      }
    });
  });
});
