import type { RiskAssessment } from '@qmo/sdk';

/** One line of the inputs table: the input's key and its value in words or digits. */
export interface InputRow {
  key: string;
  value: string;
}

const LABELS: Record<string, string> = {
  barTime: 'Last closed bar',
  close: 'Close',
  emaFast: 'EMA fast',
  emaSlow: 'EMA slow',
  emaSlowBefore: 'EMA slow (slope start)',
  rsi: 'RSI',
  atr: 'ATR',
  gannLevels: 'Square of 9 levels',
  gannSupport: 'Gann support',
  gannResistance: 'Gann resistance',
  score: 'Score',
  votes: 'Votes',
  equity: 'Equity',
  riskPercent: 'Risk %',
  riskBudget: 'Risk budget',
  riskPerLot: 'Risk per lot',
  risk: 'Risk at stop',
  tickSize: 'Tick',
  lotSize: 'Lot',
  pointValue: 'Point value',
  entry: 'Entry',
  stop: 'Stop',
  target: 'Target',
};

/** Label of an input key: known ones in words, others as sent. */
export function inputLabel(key: string): string {
  return LABELS[key] ?? key;
}

/** A float for display: up to 6 significant digits, no exponent for ordinary prices. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (key === 'barTime' && typeof value === 'number')
    return new Date(value).toISOString().slice(0, 16).replace('T', ' ');
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => formatValue('', v)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => {
        if (v && typeof v === 'object' && 'vote' in v && 'weight' in v) {
          const { vote, weight } = v as { vote: number; weight: number };
          return `${k} ${vote > 0 ? '+' : ''}${formatNumber(vote)} × ${formatNumber(weight)}`;
        }
        return `${k} ${formatValue(k, v)}`;
      })
      .join(', ');
  }
  return String(value);
}

/** The inputs of an assessment as table rows, in the order the advisor sent them; levels lists left out when long. */
export function inputRows(inputs: RiskAssessment['inputs']): InputRow[] {
  return Object.entries(inputs)
    .filter(([, value]) => !(Array.isArray(value) && value.length > 12))
    .map(([key, value]) => ({ key, value: formatValue(key, value) }));
}

/** A price of the decision with the instrument's precision, or a dash. */
export function formatPrice(value: number | null, precision: number): string {
  return value === null ? '—' : value.toFixed(precision);
}

/** Reward:risk as "1 : 2.00". */
export function formatRewardRisk(value: number | null): string {
  return value === null ? '—' : `1 : ${value.toFixed(2)}`;
}

/** Confidence 0 … 1 as a percentage. */
export function formatConfidence(value: number): string {
  return `${Math.round(value * 100)}%`;
}
