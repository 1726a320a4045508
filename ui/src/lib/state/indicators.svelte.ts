import { api } from '../api/endpoints.js';
import type { IndicatorInfo } from '../api/types.js';
import { groupIndicators } from '../indicators/groups.js';
import { initialParams } from '../indicators/schema.js';
import { reportError } from './errors.svelte.js';
import { loadJson, saveJson } from './persist.js';

/** Points drawn (null while loading or after a failure) and the last failure, if any. */
export interface IndicatorStatus {
  points: number | null;
  error: string | null;
}

export interface ActiveIndicator {
  id: string;
  params: Record<string, unknown>;
}

const KEY = 'qmo.ui.indicators.v1';

function isActiveList(v: unknown): v is ActiveIndicator[] {
  return (
    Array.isArray(v) &&
    v.every(
      (a) =>
        a !== null &&
        typeof a === 'object' &&
        typeof (a as ActiveIndicator).id === 'string' &&
        typeof (a as ActiveIndicator).params === 'object' &&
        (a as ActiveIndicator).params !== null,
    )
  );
}

class IndicatorsState {
  catalogue = $state.raw<IndicatorInfo[]>([]);
  /** Active indicators with their params; kept across reloads (unknown ids wait for their plugin). */
  active = $state<ActiveIndicator[]>(loadJson<ActiveIndicator[]>(KEY, [], isActiveList));
  /** Drawing state per active indicator id. */
  status = $state<Record<string, IndicatorStatus>>({});

  byId = $derived(new Map(this.catalogue.map((i) => [i.id, i])));
  groups = $derived(groupIndicators(this.catalogue));
  /** Active indicators the host currently offers. */
  shown = $derived(this.active.filter((a) => this.byId.has(a.id)));

  async load(): Promise<void> {
    try {
      this.catalogue = await api.indicators();
    } catch (e) {
      reportError(e, 'Indicators');
    }
  }

  isActive(id: string): boolean {
    return this.active.some((a) => a.id === id);
  }

  toggle(id: string): void {
    if (this.isActive(id)) this.remove(id);
    else {
      const info = this.byId.get(id);
      if (!info) return;
      this.active.push({ id, params: initialParams(info) });
      this.save();
    }
  }

  remove(id: string): void {
    this.active = this.active.filter((a) => a.id !== id);
    delete this.status[id];
    this.save();
  }

  setParam(id: string, key: string, value: unknown): void {
    const entry = this.active.find((a) => a.id === id);
    if (!entry || entry.params[key] === value) return;
    entry.params = { ...entry.params, [key]: value };
    this.save();
  }

  resetParams(id: string): void {
    const entry = this.active.find((a) => a.id === id);
    const info = this.byId.get(id);
    if (!entry || !info) return;
    entry.params = initialParams(info);
    this.save();
  }

  setStatus(id: string, status: IndicatorStatus): void {
    if (this.isActive(id)) this.status[id] = status;
  }

  private save(): void {
    saveJson(KEY, $state.snapshot(this.active));
  }
}

export const indicators = new IndicatorsState();
