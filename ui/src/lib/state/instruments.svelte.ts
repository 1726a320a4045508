import { api } from '../api/endpoints.js';
import type { InstrumentInfo } from '../api/types.js';
import { reportError } from './errors.svelte.js';
import { loadJson, saveJson } from './persist.js';

const KEY = 'qmo.ui.instrument';
const isString = (v: unknown): v is string => typeof v === 'string';

class InstrumentsState {
  list = $state.raw<InstrumentInfo[]>([]);
  loaded = $state(false);
  selectedId = $state<string | null>(loadJson<string | null>(KEY, null, isString));
  selected = $derived(this.list.find((i) => i.id === this.selectedId) ?? null);
  byId = $derived(new Map(this.list.map((i) => [i.id, i])));

  async load(): Promise<void> {
    try {
      this.list = await api.instruments();
      if (!this.list.some((i) => i.id === this.selectedId)) this.select(this.list[0]?.id ?? null);
    } catch (e) {
      reportError(e, 'Instruments');
    } finally {
      this.loaded = true;
    }
  }

  select(id: string | null): void {
    this.selectedId = id;
    if (id) saveJson(KEY, id);
  }
}

export const instruments = new InstrumentsState();
