import { api } from '../api/endpoints.js';
import type { IndicatorInfo } from '../api/types.js';
import { groupIndicators } from '../indicators/groups.js';
import {
  CHART_INDICATORS_KEY,
  type ChartIndicator,
  nextUid,
  readSaved,
  type SavedIndicators,
  toSaved,
} from '../indicators/instances.js';
import { initialParams } from '../indicators/schema.js';
import { DebouncedSave } from './debounced-save.js';
import { reportError } from './errors.svelte.js';
import { loadJson, saveJson } from './persist.js';

export type { ChartIndicator } from '../indicators/instances.js';

/** Points drawn (null while loading or after a failure), the last failure, and its field errors. */
export interface IndicatorStatus {
  points: number | null;
  error: string | null;
  /** The server's messages per parameter key (400 problem, `params.<key>`). */
  fieldErrors: Record<string, string>;
}

const LOCAL_KEY = 'qmo.ui.indicators.v1';
const SAVE_DELAY_MS = 800;

const isList = (v: unknown): v is unknown[] | SavedIndicators => readSaved(v) !== null;

/**
 * The chart's indicators: instances with params and visibility. Kept in localStorage, and for a
 * signed-in user on the server too (`chart.indicators`): loaded at sign-in, saved on change.
 */
class IndicatorsState {
  catalogue = $state.raw<IndicatorInfo[]>([]);
  /** Instances on the chart, in the order added (unknown ids wait for their plugin). */
  active = $state<ChartIndicator[]>(readSaved(loadJson<unknown>(LOCAL_KEY, [], isList)) ?? []);
  /** Drawing state per instance uid. */
  status = $state<Record<string, IndicatorStatus>>({});
  /** The user whose preferences are loaded (null: signed out, local only). */
  private user: string | null = null;
  private readonly remote = new DebouncedSave<SavedIndicators>(
    (value) => api.putPreference(CHART_INDICATORS_KEY, value),
    SAVE_DELAY_MS,
    (e) => reportError(e, 'Saving the chart indicators'),
  );

  byId = $derived(new Map(this.catalogue.map((i) => [i.id, i])));
  groups = $derived(groupIndicators(this.catalogue));
  /** Instances the host currently offers. */
  shown = $derived(this.active.filter((a) => this.byId.has(a.id)));

  async load(): Promise<void> {
    try {
      this.catalogue = await api.indicators();
    } catch (e) {
      reportError(e, 'Indicators');
    }
  }

  /** At sign-in: the user's stored indicators replace the local ones; none stored yet: the local ones are stored. */
  async signedIn(userId: string): Promise<void> {
    if (this.user === userId) return;
    this.user = userId;
    try {
      const record = await api.preference(CHART_INDICATORS_KEY);
      if (this.user !== userId) return;
      const stored = readSaved(record.value);
      if (stored) {
        this.active = stored;
        this.status = {};
        saveJson(LOCAL_KEY, toSaved(stored));
      } else this.save();
    } catch (e) {
      reportError(e, 'Chart indicators of the user');
    }
  }

  signedOut(): void {
    this.user = null;
    this.remote.cancel();
  }

  instancesOf(id: string): ChartIndicator[] {
    return this.active.filter((a) => a.id === id);
  }

  isActive(id: string): boolean {
    return this.active.some((a) => a.id === id);
  }

  /** Adds an instance of the indicator with its default params; its uid. */
  add(id: string): string | null {
    const info = this.byId.get(id);
    if (!info) return null;
    const uid = nextUid(this.active, id);
    this.active.push({ uid, id, params: initialParams(info), visible: true });
    this.save();
    return uid;
  }

  /** The menu checkbox: adds one instance, or removes every instance of the indicator. */
  toggle(id: string): void {
    if (!this.isActive(id)) this.add(id);
    else for (const a of this.instancesOf(id)) this.remove(a.uid);
  }

  remove(uid: string): void {
    this.active = this.active.filter((a) => a.uid !== uid);
    delete this.status[uid];
    this.save();
  }

  setVisible(uid: string, visible: boolean): void {
    const entry = this.active.find((a) => a.uid === uid);
    if (!entry || entry.visible === visible) return;
    entry.visible = visible;
    if (!visible) delete this.status[uid];
    this.save();
  }

  setParam(uid: string, key: string, value: unknown): void {
    const entry = this.active.find((a) => a.uid === uid);
    if (!entry || entry.params[key] === value) return;
    entry.params = { ...entry.params, [key]: value };
    this.save();
  }

  resetParams(uid: string): void {
    const entry = this.active.find((a) => a.uid === uid);
    const info = entry && this.byId.get(entry.id);
    if (!entry || !info) return;
    entry.params = initialParams(info);
    this.save();
  }

  setStatus(uid: string, status: IndicatorStatus): void {
    if (this.active.some((a) => a.uid === uid && a.visible)) this.status[uid] = status;
  }

  private save(): void {
    const value = toSaved($state.snapshot(this.active) as ChartIndicator[]);
    saveJson(LOCAL_KEY, value);
    if (this.user) this.remote.schedule(value);
  }
}

export const indicators = new IndicatorsState();
