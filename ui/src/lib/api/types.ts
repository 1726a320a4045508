/** Shapes of the host's HTTP API (`/api/v1`), built on the SDK's domain types. */
import type {
  Account,
  Bar,
  Instrument,
  InstrumentId,
  Money,
  Order,
  OutputSpec,
  OutputValue,
  PluginKind,
  PluginState,
  Position,
  Price,
  Quantity,
  RejectReason,
  Timeframe,
} from '@qmo/sdk';

export interface Branding {
  productName: string;
  logoUrl: string | null;
  /** Theme colours by key (`primary`, `background`, `surface`, `text`, `muted`, `up`, `down`, `accent`, …). */
  colors: Record<string, string>;
}

/** An instrument with the market-data source currently feeding it. */
export type InstrumentInfo = Instrument & { activeSource: string | null };

export interface BarsResponse {
  instrument: InstrumentId;
  tf: Timeframe;
  bars: Bar[];
}

/** The subset of JSON Schema the settings form understands. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  /** Maps (`z.record`): the schema of every value; `false` forbids extra keys. */
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
}

export interface IndicatorInfo {
  id: string;
  name: string;
  /** Menu group: "Classic", "Gann", "Astro", … */
  group: string;
  description?: string;
  /** Id of the plugin that contributes it. */
  plugin: string;
  params: JsonSchema;
  defaults: Record<string, unknown>;
  outputs: OutputSpec[];
  /** URL path of the plugin's browser module: the chart computes the indicator itself; null = the host does. */
  module: string | null;
}

export interface IndicatorPoint {
  /** Bar open time, epoch ms. */
  time: number;
  values: Record<string, OutputValue>;
}

/** Series outputs per bar in `points`; drawing outputs once, as the last bar's lists, in `drawings`. */
export interface IndicatorValuesResponse {
  indicator: string;
  outputs: OutputSpec[];
  points: IndicatorPoint[];
  drawings: Record<string, OutputValue>;
  /** Open time of the bar the drawing lists belong to; null without bars. */
  drawingsTime: number | null;
}

/** `GET/PUT /me/preferences/{key}`: value null and updatedAt null when never set. */
export interface PreferenceRecord {
  key: string;
  value: unknown;
  updatedAt: number | null;
}

export interface PluginInfo {
  id: string;
  version: string;
  kind: PluginKind | null;
  state: PluginState;
  displayName?: string;
  description?: string;
  capabilities: string[];
  requires: Record<string, string>;
  error?: { code: string; message: string };
  faults: number;
}

export type SourceState = 'live' | 'stale' | 'error' | 'idle';

export interface SourceCandidate {
  source: string;
  state: SourceState;
  lastMessageAt: number | null;
}

export interface InstrumentSources {
  instrument: InstrumentId;
  active: string | null;
  candidates: SourceCandidate[];
}

export interface HostStatus {
  name: string;
  version: string;
  sdkVersion: string;
  uptimeSeconds: number;
  storage: 'pglite' | 'postgres';
  plugins: PluginInfo[];
  sources: InstrumentSources[];
}

/** RFC 9457 problem details, as the host sends them with `application/problem+json`. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  [extension: string]: unknown;
}

// ─── Trading (docs/trading.md) ───────────────────────────────────────────────

export type UserRole = 'trader' | 'risk' | 'compliance' | 'admin' | (string & {});

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

/** `GET /me`: who is signed in and the accounts granted. */
export interface Me {
  user: SessionUser;
  accounts: Account[];
}

/** `PATCH /orders/:id`. */
export interface OrderChanges {
  quantity?: Quantity;
  limitPrice?: Price;
  stopPrice?: Price;
}

/** A position as the host sends it; `mark` when the host includes the price it marked at. */
export type PositionInfo = Position & { mark?: Price | null };

/** One line of `GET /pnl` (per account, desk or strategy); fields beyond the key vary with the host. */
export interface PnlLine {
  account?: string;
  desk?: string;
  strategy?: string;
  currency?: string;
  realizedPnl?: Money;
  unrealizedPnl?: Money;
  fees?: Money;
  netPnl?: Money;
  equity?: Money;
  [extra: string]: unknown;
}

export interface PnlReport {
  accounts: PnlLine[];
  desks: PnlLine[];
  strategies: PnlLine[];
}

export interface RiskRuleInfo {
  id: string;
  plugin: string;
  version: string;
  description: string;
  limitsSchema: JsonSchema;
}

export interface RiskLimitRecord {
  /** An account id, or "*" for the default of every account. */
  account: string;
  rule: string;
  limits: Record<string, unknown>;
  updatedAt: number;
  updatedBy: string;
}

export type KillSwitchScope = 'account' | 'desk' | 'global';

export interface KillSwitchRequest {
  scope: KillSwitchScope;
  id?: string;
  reason: string;
}

export interface KillSwitchResult {
  canceled: number;
  halted: string[];
}

/** 422 `QMO_ORDER_REJECTED`: the problem's extensions. */
export interface OrderRejectedProblem extends Problem {
  code: 'QMO_ORDER_REJECTED';
  rejectReason: RejectReason;
  order?: Order;
}

/** 400: the field errors the host names (`path` like "body.limitPrice"). */
export interface FieldErrorProblem extends Problem {
  errors?: { path: string; message: string }[];
}
