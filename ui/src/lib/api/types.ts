/** Shapes of the host's HTTP API (`/api/v1`), built on the SDK's domain types. */
import type {
  Bar,
  Instrument,
  InstrumentId,
  OutputSpec,
  OutputValue,
  PluginKind,
  PluginState,
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
}

export interface IndicatorPoint {
  /** Bar open time, epoch ms. */
  time: number;
  values: Record<string, OutputValue>;
}

export interface IndicatorValuesResponse {
  indicator: string;
  outputs: OutputSpec[];
  points: IndicatorPoint[];
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
