/**
 * The replay's present for the rest of the app: the close time (epoch ms) of the chart's cursor bar
 * while replaying, null when the chart is live. Panels that compute from market data (Mentor) use it
 * so nothing after the cursor reaches them. The replay driver keeps it.
 */
class ReplayTime {
  asOf = $state<number | null>(null);
}

export const replayTime = new ReplayTime();
