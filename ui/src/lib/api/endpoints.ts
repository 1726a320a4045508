import type {
  Account,
  Execution,
  Order,
  OrderRequest,
  RiskAssessment,
  Timeframe,
  TradingState,
} from '@qmo/sdk';
import { getJson, query, requestJson } from './http.js';
import type {
  BarsResponse,
  Branding,
  HostStatus,
  IndicatorInfo,
  IndicatorValuesResponse,
  InstrumentInfo,
  KillSwitchRequest,
  KillSwitchResult,
  Me,
  OrderChanges,
  PluginInfo,
  PnlReport,
  PositionInfo,
  PreferenceRecord,
  RiskLimitRecord,
  RiskRuleInfo,
} from './types.js';

const API = 'api/v1';

/** A window of bars: `from`/`to` are epoch ms, `limit` caps the count. */
export interface BarWindow {
  tf: Timeframe;
  from: number;
  to: number;
  limit: number;
}

const seg = encodeURIComponent;
/** Account filter: comma-separated ids; undefined (every account granted) when none are given. */
const accountsParam = (accounts?: readonly string[]) => (accounts?.length ? accounts.join(',') : undefined);

/**
 * `POST /orders` answers 201 with the order, or 200 with the existing order and `duplicate: true` for a
 * repeated clientOrderId (the host spreads the order; `{ duplicate, order }` is read too).
 */
export type SubmitAnswer = Order | (Order & { duplicate: true }) | { duplicate: true; order: Order };

export const api = {
  branding: (signal?: AbortSignal) => getJson<Branding>(`${API}/branding`, signal),
  instruments: (signal?: AbortSignal) => getJson<InstrumentInfo[]>(`${API}/instruments`, signal),
  bars: (instrument: string, w: BarWindow, signal?: AbortSignal) =>
    getJson<BarsResponse>(`${API}/marketdata/${seg(instrument)}/bars${query({ ...w })}`, signal),
  indicators: (signal?: AbortSignal) => getJson<IndicatorInfo[]>(`${API}/indicators`, signal),
  indicatorValues: (
    instrument: string,
    indicator: string,
    w: BarWindow & { asOf?: number },
    params: Record<string, unknown>,
    signal?: AbortSignal,
  ) =>
    getJson<IndicatorValuesResponse>(
      `${API}/marketdata/${seg(instrument)}/indicators/${seg(indicator)}${query({ ...w, params: JSON.stringify(params) })}`,
      signal,
    ),
  /** An advisor's decision over the bars closed by `asOf` (replay), sized for the account. */
  assessment: (
    advisor: string,
    q: { instrument: string; tf: string; account: string; asOf: number },
    signal?: AbortSignal,
  ) => getJson<RiskAssessment>(`${API}/advisors/${seg(advisor)}/assessment${query({ ...q })}`, signal),
  plugins: (signal?: AbortSignal) => getJson<PluginInfo[]>(`${API}/plugins`, signal),
  status: (signal?: AbortSignal) => getJson<HostStatus>(`${API}/status`, signal),

  me: (signal?: AbortSignal) => getJson<Me>(`${API}/me`, signal),
  preference: (key: string, signal?: AbortSignal) =>
    getJson<PreferenceRecord>(`${API}/me/preferences/${seg(key)}`, signal),
  putPreference: (key: string, value: unknown) =>
    requestJson<PreferenceRecord>('PUT', `${API}/me/preferences/${seg(key)}`, { value }),
  orders: (accounts?: readonly string[], signal?: AbortSignal) =>
    getJson<Order[]>(`${API}/orders${query({ account: accountsParam(accounts) })}`, signal),
  executions: (accounts?: readonly string[], signal?: AbortSignal) =>
    getJson<Execution[]>(`${API}/executions${query({ account: accountsParam(accounts) })}`, signal),
  submitOrder: (request: OrderRequest) => requestJson<SubmitAnswer>('POST', `${API}/orders`, request),
  cancelOrder: (orderId: string) => requestJson<Order>('DELETE', `${API}/orders/${seg(orderId)}`),
  amendOrder: (orderId: string, changes: OrderChanges) =>
    requestJson<Order>('PATCH', `${API}/orders/${seg(orderId)}`, changes),
  positions: (accounts?: readonly string[], signal?: AbortSignal) =>
    getJson<PositionInfo[]>(`${API}/positions${query({ account: accountsParam(accounts) })}`, signal),
  pnl: (accounts?: readonly string[], signal?: AbortSignal) =>
    getJson<PnlReport>(`${API}/pnl${query({ account: accountsParam(accounts) })}`, signal),

  riskRules: (signal?: AbortSignal) => getJson<RiskRuleInfo[]>(`${API}/risk/rules`, signal),
  /** One account's limits; without an account, every record the caller sees (the "*" defaults too). */
  riskLimits: (account?: string, signal?: AbortSignal) =>
    getJson<RiskLimitRecord[]>(`${API}/risk/limits${query({ account })}`, signal),
  setRiskLimits: (account: string, rule: string, limits: Record<string, unknown>) =>
    requestJson<RiskLimitRecord>('PUT', `${API}/risk/limits/${seg(account)}/${seg(rule)}`, { limits }),
  riskAccounts: (signal?: AbortSignal) => getJson<Account[]>(`${API}/risk/accounts`, signal),
  killSwitch: (request: KillSwitchRequest) =>
    requestJson<KillSwitchResult>('POST', `${API}/risk/kill-switch`, request),
  setTradingState: (account: string, state: TradingState, reason: string) =>
    requestJson<Account>('POST', `${API}/risk/accounts/${seg(account)}/state`, { state, reason }),
};

/** better-auth, mounted by the host at `/api/auth`. */
export const auth = {
  signIn: (email: string, password: string) =>
    requestJson<unknown>('POST', 'api/auth/sign-in/email', { email, password }),
  signOut: () => requestJson<unknown>('POST', 'api/auth/sign-out', {}),
};
