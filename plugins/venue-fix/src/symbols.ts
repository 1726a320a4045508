import type { Instrument, InstrumentDirectory, InstrumentId } from '@qmo/sdk';

/** Which instruments the venue trades and the Symbol (55) each goes by there. */
export class VenueSymbols {
  constructor(
    private readonly venue: string,
    private readonly directory: InstrumentDirectory,
    private readonly symbols: Readonly<Record<InstrumentId, string>>,
    private readonly only: readonly InstrumentId[] | undefined,
  ) {}

  /** Configured instruments, else those with a symbol for this venue, else all; with their venue symbol. */
  traded(): Instrument[] {
    const all = this.directory.list();
    let list: Instrument[];
    if (this.only) {
      const only = this.only;
      list = all.filter((i) => only.includes(i.id));
    } else {
      const listed = all.filter((i) => this.hasVenueSymbol(i));
      list = listed.length > 0 ? listed : all;
    }
    return list.map((i) => ({ ...i, venueSymbols: { ...i.venueSymbols, [this.venue]: this.symbolOf(i) } }));
  }

  /** Symbol (55) of an instrument: configured, else the instrument's own symbol for this venue, else its symbol. */
  symbolOf(instrument: Instrument): string {
    return this.symbols[instrument.id] ?? instrument.venueSymbols[this.venue] ?? instrument.symbol;
  }

  /** Symbol (55) of an instrument id (an instrument the directory does not know goes by its id). */
  symbolOfId(id: InstrumentId): string {
    const instrument = this.directory.get(id);
    return instrument ? this.symbolOf(instrument) : (this.symbols[id] ?? id);
  }

  currencyOf(id: InstrumentId): string | undefined {
    return this.directory.get(id)?.currency;
  }

  private hasVenueSymbol(instrument: Instrument): boolean {
    return Object.hasOwn(this.symbols, instrument.id) || Object.hasOwn(instrument.venueSymbols, this.venue);
  }
}
