import type { Instrument, InstrumentDirectory, InstrumentId } from '@qmo/sdk';

/** Instruments known to the host, from every source that offers them; the first definition wins. */
export class InstrumentRegistry implements InstrumentDirectory {
  private readonly byId = new Map<InstrumentId, { instrument: Instrument; sources: Set<string> }>();

  add(source: string, instruments: readonly Instrument[]): void {
    for (const instrument of instruments) {
      const entry = this.byId.get(instrument.id);
      if (entry) entry.sources.add(source);
      else this.byId.set(instrument.id, { instrument, sources: new Set([source]) });
    }
  }

  removeSource(source: string): void {
    for (const [id, entry] of this.byId) {
      entry.sources.delete(source);
      if (entry.sources.size === 0) this.byId.delete(id);
    }
  }

  get(id: InstrumentId): Instrument | undefined {
    return this.byId.get(id)?.instrument;
  }

  list(): Instrument[] {
    return [...this.byId.values()].map((e) => e.instrument).sort((a, b) => a.id.localeCompare(b.id));
  }

  sourcesOf(id: InstrumentId): string[] {
    return [...(this.byId.get(id)?.sources ?? [])];
  }
}
