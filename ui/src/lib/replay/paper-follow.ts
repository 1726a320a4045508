/** What a paper session must do for the replay cursor to be where the chart is. */
export type PaperStep =
  | { kind: 'none' }
  | { kind: 'open'; start: number }
  | { kind: 'advance'; to: number }
  | { kind: 'reset'; start: number };

export interface PaperTarget {
  instrument: string;
  tf: string;
  /** Open time (epoch ms) of the chart's cursor bar. */
  time: number;
}

/**
 * The next step towards `target` from the session as it is (null: none open): open one for another
 * instrument or timeframe, advance forward, reset to go back (the host never goes back in time).
 */
export function nextPaperStep(
  session: { instrument: string; tf: string; cursor: number } | null,
  target: PaperTarget,
): PaperStep {
  if (!session || session.instrument !== target.instrument || session.tf !== target.tf)
    return { kind: 'open', start: target.time };
  if (target.time > session.cursor) return { kind: 'advance', to: target.time };
  if (target.time < session.cursor) return { kind: 'reset', start: target.time };
  return { kind: 'none' };
}
