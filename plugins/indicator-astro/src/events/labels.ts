import { BODY_INFO, type BodyId } from '../astro/bodies.js';

export const LABEL_STYLES = ['glyphs', 'names'] as const;
export type LabelStyle = (typeof LABEL_STYLES)[number];

/** The body as a glyph ("♂") or a name ("Mars"). */
export function bodyLabel(body: BodyId, style: LabelStyle): string {
  return style === 'glyphs' ? BODY_INFO[body].glyph : BODY_INFO[body].name;
}
