import type { Instrument, InstrumentDirectory } from '@qmo/sdk';

/**
 * The instrument an order message names: SecurityID (48) when given (an instrument id; with
 * SecurityIDSource 4 an ISIN), else Symbol (55) as an instrument id, the instrument's symbol
 * ("EUR/USD") or its venue symbol for `fix`.
 */
export function findInstrument(
  registry: InstrumentDirectory,
  m: { symbol?: string; securityId?: string; securityIdSource?: string },
): Instrument | undefined {
  if (m.securityId !== undefined) {
    if (m.securityIdSource === '4')
      return registry.list().find((i) => i.assetClass === 'equity' && i.isin === m.securityId);
    const byId = registry.get(m.securityId);
    if (byId) return byId;
  }
  if (m.symbol === undefined) return undefined;
  return (
    registry.get(m.symbol) ??
    registry.list().find((i) => i.symbol === m.symbol || i.venueSymbols.fix === m.symbol)
  );
}
