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

/** What tells lunar and solar eclipses apart: their searches, their name and their glyph. */
interface EclipseKind<T> {
  body: 'lunar' | 'solar';
  glyph: string;
  search(start: AstroTime): T;
  next(previous: T): T;
}

/** Eclipses of one kind at their peak, labelled by type (penumbral, partial, annular, total). */
class EclipseSource<T extends { peak: AstroTime; kind: string }> extends ChainSource<T> {
  constructor(
    origin: number,
    private readonly style: LabelStyle,
    private readonly eclipse: EclipseKind<T>,
  ) {
    super(origin);
  }
  protected first(start: AstroTime): T {
    return this.eclipse.search(start);
  }
  protected after(previous: T): T {
    return this.eclipse.next(previous);
  }
  protected timeOf(item: T): AstroTime {
    return item.peak;
  }
  protected event(item: T): AstroEvent {
    const { body, glyph } = this.eclipse;
    return {
      time: item.peak.date.getTime(),
      key: 'eclipse',
      edge: 'point',
      kind: `${body}-eclipse-${item.kind}`,
      label: `${this.style === 'glyphs' ? `${glyph} ` : ''}${capitalized(item.kind)} ${body} eclipse`,
    };
  }
}

/** Lunar eclipses (penumbral, partial, total) at their peak (astronomy-engine SearchLunarEclipse). */
export class LunarEclipseSource extends EclipseSource<LunarEclipseInfo> {
  constructor(origin: number, style: LabelStyle) {
    super(origin, style, {
      body: 'lunar',
      glyph: '🌕',
      search: SearchLunarEclipse,
      next: (previous) => NextLunarEclipse(previous.peak),
    });
  }
}

/** Solar eclipses (partial, annular, total) at their peak (astronomy-engine SearchGlobalSolarEclipse). */
export class SolarEclipseSource extends EclipseSource<GlobalSolarEclipseInfo> {
  constructor(origin: number, style: LabelStyle) {
    super(origin, style, {
      body: 'solar',
      glyph: '🌑',
      search: SearchGlobalSolarEclipse,
      next: (previous) => NextGlobalSolarEclipse(previous.peak),
    });
  }
}
