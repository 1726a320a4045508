/** Display of prices, quantities and ids in the trading panels (exact: padding and grouping only). */
import { groupThousands, padDecimal, placesOf } from '../format/decimal.js';

interface PriceFormat {
  pricePrecision: number;
}
interface QuantityFormat {
  lotSize: string;
}

/** A price at the instrument's precision ("1.08500"); never drops a digit. */
export function fmtPrice(value: string | null | undefined, instrument?: PriceFormat | null): string {
  if (value == null || value === '') return '—';
  return padDecimal(value, instrument?.pricePrecision ?? 0);
}

/** A quantity at the lot's places, grouped in thousands ("100,000", "0.500"). */
export function fmtQty(value: string | null | undefined, instrument?: QuantityFormat | null): string {
  if (value == null || value === '') return '—';
  return groupThousands(padDecimal(value, instrument ? placesOf(instrument.lotSize) : 0));
}

/** A signed quantity with an explicit "+" for longs. */
export function fmtSignedQty(value: string, instrument?: QuantityFormat | null): string {
  const text = fmtQty(value, instrument);
  return /^[1-9]|^0\.\d*[1-9]/.test(value) ? `+${text}` : text;
}

/** Long ids shortened for a column; the full id goes in the title. */
export function shortId(id: string | undefined, keep = 8): string {
  if (!id) return '—';
  return id.length > keep + 2 ? `${id.slice(0, keep)}…` : id;
}

/** "2026-03-02 14:03:07 UTC". */
export function fullTime(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}
