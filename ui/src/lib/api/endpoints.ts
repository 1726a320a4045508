import type { Timeframe } from '@qmo/sdk';
import { getJson, query } from './http.js';
import type {
  BarsResponse,
  Branding,
  HostStatus,
  IndicatorInfo,
  IndicatorValuesResponse,
  InstrumentInfo,
  PluginInfo,
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

export const api = {
  branding: (signal?: AbortSignal) => getJson<Branding>(`${API}/branding`, signal),
  instruments: (signal?: AbortSignal) => getJson<InstrumentInfo[]>(`${API}/instruments`, signal),
  bars: (instrument: string, w: BarWindow, signal?: AbortSignal) =>
    getJson<BarsResponse>(`${API}/marketdata/${seg(instrument)}/bars${query({ ...w })}`, signal),
  indicators: (signal?: AbortSignal) => getJson<IndicatorInfo[]>(`${API}/indicators`, signal),
  indicatorValues: (
    instrument: string,
    indicator: string,
    w: BarWindow,
    params: Record<string, unknown>,
    signal?: AbortSignal,
  ) =>
    getJson<IndicatorValuesResponse>(
      `${API}/marketdata/${seg(instrument)}/indicators/${seg(indicator)}${query({ ...w, params: JSON.stringify(params) })}`,
      signal,
    ),
  plugins: (signal?: AbortSignal) => getJson<PluginInfo[]>(`${API}/plugins`, signal),
  status: (signal?: AbortSignal) => getJson<HostStatus>(`${API}/status`, signal),
};
