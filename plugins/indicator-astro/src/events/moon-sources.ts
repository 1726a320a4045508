import {
  type AstroTime,
  type GlobalSolarEclipseInfo,
  type LunarEclipseInfo,
  MakeTime,
  type MoonQuarter,
  NextGlobalSolarEclipse,
  NextLunarEclipse,
  NextMoonQuarter,
  SearchGlobalSolarEclipse,
  SearchLunarEclipse,
  SearchMoonQuarter,
} from 'astronomy-engine';
import type { AstroEvent, EventSource } from '../search/event.js';
import type { LabelStyle } from './labels.js';

const QUARTERS = [
  { kind: 'new-moon', name: 'New moon', glyph: '🌑' },
  { kind: 'first-quarter', name: 'First quarter', glyph: '🌓' },
  { kind: 'full-moon', name: 'Full moon', glyph: '🌕' },
  { kind: 'last-quarter', name: 'Last quarter', glyph: '🌗' },
] as const;

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Events of a chain of astronomy-engine searches: the first after the origin, then each one after the
 * previous. The chain depends on the origin only, so the events do too.
 */
abstract class ChainSource<I> implements EventSource {
  readonly pending: AstroEvent[] = [];
  private current: I | undefined;

  constructor(protected readonly origin: number) {}

  advance(to: number): void {
    this.current ??= this.first(MakeTime(new Date(this.origin)));
    while (this.timeOf(this.current).date.getTime() <= to) {
      const event = this.event(this.current);
      if (event) this.pending.push(event);
      this.current = this.after(this.current);
    }
  }

  activeAtOrigin(): readonly string[] {
    return [];
  }

  protected abstract first(start: AstroTime): I;
  protected abstract after(previous: I): I;
  protected abstract timeOf(item: I): AstroTime;
  protected abstract event(item: I): AstroEvent | null;
}

/** New moon, first quarter, full moon, last quarter (astronomy-engine SearchMoonQuarter). */
export class MoonPhaseSource extends ChainSource<MoonQuarter> {
  constructor(
    origin: number,
    private readonly quarters: boolean,
    private readonly style: LabelStyle,
  ) {
    super(origin);
  }
  protected first(start: AstroTime): MoonQuarter {
    return SearchMoonQuarter(start);
  }
  protected after(previous: MoonQuarter): MoonQuarter {
    return NextMoonQuarter(previous);
  }
  protected timeOf(item: MoonQuarter): AstroTime {
    return item.time;
  }
  protected event(item: MoonQuarter): AstroEvent | null {
    if (!this.quarters && item.quarter % 2 === 1) return null;
    const quarter = QUARTERS[item.quarter as 0 | 1 | 2 | 3];
    return {
      time: item.time.date.getTime(),
      key: 'moon',
      edge: 'point',
      kind: quarter.kind,
      label: this.style === 'glyphs' ? quarter.glyph : quarter.name,
    };
  }
}

/** Lunar eclipses (penumbral, partial, total) at their peak (astronomy-engine SearchLunarEclipse). */
export class LunarEclipseSource extends ChainSource<LunarEclipseInfo> {
  constructor(
    origin: number,
    private readonly style: LabelStyle,
  ) {
    super(origin);
  }
  protected first(start: AstroTime): LunarEclipseInfo {
    return SearchLunarEclipse(start);
  }
  protected after(previous: LunarEclipseInfo): LunarEclipseInfo {
    return NextLunarEclipse(previous.peak);
  }
  protected timeOf(item: LunarEclipseInfo): AstroTime {
    return item.peak;
  }
  protected event(item: LunarEclipseInfo): AstroEvent {
    return {
      time: item.peak.date.getTime(),
      key: 'eclipse',
      edge: 'point',
      kind: `lunar-eclipse-${item.kind}`,
      label: `${this.style === 'glyphs' ? '🌕 ' : ''}${capitalized(item.kind)} lunar eclipse`,
    };
  }
}

/** Solar eclipses (partial, annular, total) at their peak (astronomy-engine SearchGlobalSolarEclipse). */
export class SolarEclipseSource extends ChainSource<GlobalSolarEclipseInfo> {
  constructor(
    origin: number,
    private readonly style: LabelStyle,
  ) {
    super(origin);
  }
  protected first(start: AstroTime): GlobalSolarEclipseInfo {
    return SearchGlobalSolarEclipse(start);
  }
  protected after(previous: GlobalSolarEclipseInfo): GlobalSolarEclipseInfo {
    return NextGlobalSolarEclipse(previous.peak);
  }
  protected timeOf(item: GlobalSolarEclipseInfo): AstroTime {
    return item.peak;
  }
  protected event(item: GlobalSolarEclipseInfo): AstroEvent {
    return {
      time: item.peak.date.getTime(),
      key: 'eclipse',
      edge: 'point',
      kind: `solar-eclipse-${item.kind}`,
      label: `${this.style === 'glyphs' ? '🌑 ' : ''}${capitalized(item.kind)} solar eclipse`,
    };
  }
}
