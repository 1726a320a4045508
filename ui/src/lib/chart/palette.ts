/** Colours for indicator outputs that do not name one; distinct on a dark background. */
const PALETTE = [
  '#f0b90b',
  '#4fc3f7',
  '#ba68c8',
  '#ff8a65',
  '#aed581',
  '#f06292',
  '#4dd0e1',
  '#ffd54f',
  '#9575cd',
];

export function paletteColor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length] as string;
}
