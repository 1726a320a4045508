import type { OutputShape } from '@qmo/sdk';
import { renderBand } from './band.js';
import { renderHistogram } from './histogram.js';
import { renderLabels } from './labels.js';
import { renderLevels } from './levels.js';
import { renderLine } from './line.js';
import { renderMarkers } from './markers.js';
import { renderRays } from './rays.js';
import { renderTimelines } from './timelines.js';
import type { ShapeRenderer } from './types.js';
import { renderZones } from './zones.js';

/** One renderer per output shape: an indicator ships numbers, the UI decides how they look. */
export const RENDERERS: Record<OutputShape, ShapeRenderer> = {
  line: renderLine,
  histogram: renderHistogram,
  band: renderBand,
  markers: renderMarkers,
  levels: renderLevels,
  zones: renderZones,
  rays: renderRays,
  timelines: renderTimelines,
  labels: renderLabels,
};

export type { LayerContext, ShapeDrawing, ShapePoint, ShapeRenderer } from './types.js';
