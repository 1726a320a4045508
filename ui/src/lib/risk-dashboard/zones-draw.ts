import { type ChartTheme, withAlpha } from '../chart/theme.js';
import type { LevelYs } from './drag.js';

export interface ZonesFrame {
  /** Pane y of each level. */
  ys: LevelYs;
  /** Where the zones start (x of the last candle), in pane pixels. */
  left: number;
  width: number;
}

const MIN_ZONE_WIDTH = 140;

/** Left edge of the zones: the last candle, kept on screen and at least MIN_ZONE_WIDTH wide. */
export function zoneLeft(lastX: number | null, width: number): number {
  const right = Math.max(0, width - MIN_ZONE_WIDTH);
  return lastX === null ? right : Math.min(right, Math.max(0, lastX));
}

/**
 * The red zone entry→stop, the green zone entry→target and the three lines; returns the zones painted
 * (0 when the levels are off the price scale).
 */
export function drawZones(g: CanvasRenderingContext2D, frame: ZonesFrame, theme: ChartTheme): number {
  const { ys, left, width } = frame;
  if (ys.entry === null) return 0;
  let drawn = 0;
  const zone = (y: number | null, color: string) => {
    if (y === null || ys.entry === null) return;
    g.fillStyle = withAlpha(color, 0.16);
    g.fillRect(left, Math.min(y, ys.entry), width - left, Math.abs(y - ys.entry));
    drawn++;
  };
  const line = (y: number | null, color: string, dash: number[]) => {
    if (y === null) return;
    g.strokeStyle = color;
    g.lineWidth = 1;
    g.setLineDash(dash);
    g.beginPath();
    g.moveTo(left, Math.round(y) + 0.5);
    g.lineTo(width, Math.round(y) + 0.5);
    g.stroke();
  };
  zone(ys.stop, theme.down);
  zone(ys.target, theme.up);
  line(ys.stop, theme.down, [4, 3]);
  line(ys.target, theme.up, [4, 3]);
  line(ys.entry, theme.text, []);
  g.setLineDash([]);
  return drawn;
}
