import type { Decimal, Instrument } from '@qmo/sdk';
import { MARKET_MODELS, type MarketModel } from './market-models.js';
import { PricePath } from './price-path.js';
import { hashString } from './random.js';
import { stepFormatter } from './step-format.js';

/** Everything the feed needs about one instrument: its contract, its model, its path and formatters. */
export interface InstrumentMarket {
  readonly instrument: Instrument;
  readonly model: MarketModel;
  readonly path: PricePath;
  /** Mixed into the seeds of this instrument's live stream. */
  readonly key: number;
  /** Ticks → Decimal price. */
  readonly price: (ticks: number) => Decimal;
  /** Lots → Decimal quantity. */
  readonly size: (lots: number) => Decimal;
}

export function createInstrumentMarket(instrument: Instrument, seed: number): InstrumentMarket {
  const model = MARKET_MODELS[instrument.id as keyof typeof MARKET_MODELS];
  if (!model) throw new Error(`no market model for ${instrument.id}`);
  const key = hashString(instrument.id);
  const pathKey = hashString(model.follows ?? instrument.id);
  return {
    instrument,
    model,
    key,
    path: new PricePath(seed, pathKey, model, Number(instrument.tickSize)),
    price: stepFormatter(instrument.tickSize),
    size: stepFormatter(instrument.lotSize),
  };
}
