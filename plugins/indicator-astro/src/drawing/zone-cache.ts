import type { Zone } from '@qmo/sdk';
import type { AstroEvent } from '../search/event.js';
import { frozenList } from './frozen.js';
import type { PriceRange } from './price-range.js';
import { type Spell, spells, toZones, type ZoneStyle } from './zones.js';

/** Zones recomputed only when the events seen, the window's end or the price range change. */
export class ZoneCache {
  private spellKey = '';
  private spellList: Spell[] = [];
  private zoneKey = '';
  private zones: Zone[] = frozenList([]);

  constructor(
    private readonly origin: number,
    private readonly openAtOrigin: readonly string[],
    private readonly labelOf: (key: string) => string,
    private readonly style: ZoneStyle,
  ) {}

  of(events: readonly AstroEvent[], count: number, end: number, range: PriceRange): Zone[] {
    const spellKey = `${count}:${end}`;
    if (spellKey !== this.spellKey) {
      this.spellList = spells(events, count, this.openAtOrigin, this.origin, end, this.labelOf);
      this.spellKey = spellKey;
      this.zoneKey = '';
    }
    const zoneKey = `${range.low}:${range.high}`;
    if (zoneKey !== this.zoneKey) {
      this.zones = frozenList(toZones(this.spellList, range, this.style).map((z) => Object.freeze(z)));
      this.zoneKey = zoneKey;
    }
    return this.zones;
  }
}
