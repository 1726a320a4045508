import type {
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesPrimitive,
  PrimitivePaneViewZOrder,
  SeriesAttachedParameter,
  Time,
} from 'lightweight-charts';

export interface MediaSize {
  width: number;
  height: number;
}

/** Draws in CSS pixels on the pane of the series the overlay is attached to. */
export type OverlayDraw = (ctx: CanvasRenderingContext2D, size: MediaSize) => void;

/** A series primitive that hands a 2D context to a draw function; `redraw()` asks the chart to repaint. */
export class CanvasOverlay implements ISeriesPrimitive<Time> {
  private requestUpdate: (() => void) | null = null;
  private readonly views: readonly IPrimitivePaneView[];

  constructor(draw: OverlayDraw, zOrder: PrimitivePaneViewZOrder = 'normal') {
    const renderer: IPrimitivePaneRenderer = {
      draw: (target) => {
        target.useMediaCoordinateSpace(({ context, mediaSize }) => {
          context.save();
          try {
            draw(context, mediaSize);
          } finally {
            context.restore();
          }
        });
      },
    };
    this.views = [{ zOrder: () => zOrder, renderer: () => renderer }];
  }

  attached(param: SeriesAttachedParameter<Time>): void {
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.requestUpdate = null;
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  redraw(): void {
    this.requestUpdate?.();
  }
}
