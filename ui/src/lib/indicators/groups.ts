import type { IndicatorInfo } from '../api/types.js';

const PREFERRED = ['Classic', 'Gann', 'Astro'];

export interface IndicatorGroup {
  name: string;
  items: IndicatorInfo[];
}

/** Groups the catalogue for the menu: Classic, Gann, Astro first, then the rest by name. */
export function groupIndicators(catalogue: readonly IndicatorInfo[]): IndicatorGroup[] {
  const byGroup = new Map<string, IndicatorInfo[]>();
  for (const info of catalogue) {
    const name = info.group || 'Other';
    const list = byGroup.get(name) ?? [];
    list.push(info);
    byGroup.set(name, list);
  }
  const rank = (g: string) => {
    const i = PREFERRED.indexOf(g);
    return i < 0 ? PREFERRED.length : i;
  };
  return [...byGroup.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([name, items]) => ({ name, items: [...items].sort((a, b) => a.name.localeCompare(b.name)) }));
}
