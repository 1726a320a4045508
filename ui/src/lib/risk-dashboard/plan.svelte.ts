import { isDecimal } from '../format/decimal.js';
import { mentorFeed } from '../mentor/mentor-feed.svelte.js';
import { chartPrefs } from '../state/chart-prefs.svelte.js';
import { instruments } from '../state/instruments.svelte.js';
import { loadJson, saveJson } from '../state/persist.js';
import { type Levels, levelsAround, levelsFromAssessment } from './levels.js';

const RISK_KEY = 'qmo.ui.riskDashboard.riskPercent';
const isRisk = (v: unknown): v is string => typeof v === 'string' && isDecimal(v);

export type PlanMode = 'mentor' | 'manual';

/**
 * The planned trade the chart draws and the dashboard sizes: Mentor's latest levels for the chart's
 * instrument and timeframe, until a level is dragged (or placed) by hand; then manual until bound again.
 */
class RiskPlan {
  /** Levels placed by hand, for the instrument they were placed on (another instrument is bound to Mentor). */
  private manual = $state.raw<{ instrument: string; levels: Levels } | null>(null);
  readonly mode = $derived<PlanMode>(
    this.manual && this.manual.instrument === instruments.selected?.id ? 'manual' : 'mentor',
  );
  riskPercent = $state(loadJson<string>(RISK_KEY, '1', isRisk));
  /** The live price the chart shows (its last close), exact. */
  price = $state<string | null>(null);

  /** Mentor's levels when its assessment is for what the chart shows, else null. */
  readonly mentorLevels = $derived.by<Levels | null>(() => {
    const inst = instruments.selected;
    const a = mentorFeed.assessment;
    if (!inst || !a || a.instrument !== inst.id || a.tf !== chartPrefs.tf) return null;
    return levelsFromAssessment(a, inst.tickSize);
  });

  readonly levels = $derived.by<Levels | null>(() =>
    this.mode === 'manual' ? (this.manual?.levels ?? null) : this.mentorLevels,
  );

  /** Ticks between entry and stop for a plan placed by hand (the chart sets it from its visible range). */
  placeTicks = 20;

  /** A long around the live price, the stop `placeTicks` below and the target twice as far above. */
  placeAtPrice(): void {
    const inst = instruments.selected;
    if (inst && this.price && isDecimal(this.price))
      this.setManual(levelsAround(this.price, inst.tickSize, this.placeTicks));
  }

  /** Levels set by hand (a drag or a placement): the plan stays manual until bound to Mentor again. */
  setManual(levels: Levels): void {
    const inst = instruments.selected;
    if (!inst) return;
    this.manual = { instrument: inst.id, levels };
  }

  bindToMentor(): void {
    this.manual = null;
  }

  setRiskPercent(value: string): void {
    this.riskPercent = value;
    if (isRisk(value.trim())) saveJson(RISK_KEY, value.trim());
  }
}

export const riskPlan = new RiskPlan();
