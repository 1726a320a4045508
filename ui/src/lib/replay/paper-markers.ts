import type { Execution } from '@qmo/sdk';
import {
  createSeriesMarkers,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type SeriesType,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';

export interface FillMarkerColors {
  buy: string;
  sell: string;
}

/** One marker per paper fill, on the candle of the bar it happened in: buys below, sells above. */
export function fillMarkers(
  executions: readonly Execution[],
  tfMs: number,
  colors: FillMarkerColors,
): SeriesMarker<Time>[] {
  return executions
    .map((e) => ({ e, time: (Math.floor(e.ts / tfMs) * tfMs) / 1000 }))
    .sort((a, b) => a.time - b.time)
    .map(({ e, time }) => ({
      time: time as UTCTimestamp,
      position: e.side === 'buy' ? ('belowBar' as const) : ('aboveBar' as const),
      shape: e.side === 'buy' ? ('arrowUp' as const) : ('arrowDown' as const),
      color: e.side === 'buy' ? colors.buy : colors.sell,
      text: `${e.side === 'buy' ? 'B' : 'S'} ${e.quantity} @ ${e.price}`,
      id: e.executionId,
    }));
}

/** The paper fills drawn on the candle series (their own markers layer, cleared on leaving replay). */
export class PaperFillMarkers {
  private readonly layer: ISeriesMarkersPluginApi<Time>;

  constructor(series: ISeriesApi<SeriesType>) {
    this.layer = createSeriesMarkers<Time>(series, []);
  }

  show(markers: SeriesMarker<Time>[]): void {
    this.layer.setMarkers(markers);
  }

  dispose(): void {
    this.layer.setMarkers([]);
    this.layer.detach();
  }
}
