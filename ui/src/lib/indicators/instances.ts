/** One indicator on the chart: several may use the same indicator with other parameters. */
export interface ChartIndicator {
  /** Unique on the chart: the indicator id for the first instance, then `<id>-2`, `<id>-3`, … */
  uid: string;
  id: string;
  params: Record<string, unknown>;
  visible: boolean;
}

/** The preference key of the chart's indicators on the server. */
export const CHART_INDICATORS_KEY = 'chart.indicators';

/** The value stored under that key. */
export interface SavedIndicators {
  version: 1;
  items: ChartIndicator[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The next free uid for another instance of `id`. */
export function nextUid(existing: readonly ChartIndicator[], id: string): string {
  const taken = new Set(existing.map((e) => e.uid));
  if (!taken.has(id)) return id;
  let n = 2;
  while (taken.has(`${id}-${n}`)) n++;
  return `${id}-${n}`;
}

/**
 * Reads a stored list, whatever its age: `{ version: 1, items }`, or the older bare list of
 * `{ id, params }` (each then visible, uids given in order). Broken entries are dropped.
 */
export function readSaved(value: unknown): ChartIndicator[] | null {
  const list =
    isRecord(value) && Array.isArray(value.items) ? value.items : Array.isArray(value) ? value : null;
  if (!list) return null;
  const out: ChartIndicator[] = [];
  for (const raw of list) {
    if (!isRecord(raw) || typeof raw.id !== 'string' || !isRecord(raw.params)) continue;
    const uid =
      typeof raw.uid === 'string' && !out.some((o) => o.uid === raw.uid) ? raw.uid : nextUid(out, raw.id);
    out.push({ uid, id: raw.id, params: { ...raw.params }, visible: raw.visible !== false });
  }
  return out;
}

export function toSaved(items: readonly ChartIndicator[]): SavedIndicators {
  return { version: 1, items: items.map((i) => ({ ...i, params: { ...i.params } })) };
}

/** Field errors of a 400 problem about parameters (`errors[].path` = `params.<key>`), by key. */
export function paramErrorsOf(problem: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(problem) || !Array.isArray(problem.errors)) return out;
  for (const e of problem.errors) {
    if (!isRecord(e) || typeof e.path !== 'string' || typeof e.message !== 'string') continue;
    const match = /^params\.([^.]+)/.exec(e.path);
    if (match?.[1] && !(match[1] in out)) out[match[1]] = e.message;
  }
  return out;
}
