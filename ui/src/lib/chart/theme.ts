/** Chart colours, read from the `--qmo-*` CSS variables so the canvas follows the branding. */
export interface ChartTheme {
  background: string;
  surface: string;
  text: string;
  muted: string;
  border: string;
  grid: string;
  up: string;
  down: string;
  primary: string;
  accent: string;
}

export function readTheme(root: HTMLElement = document.documentElement): ChartTheme {
  const style = getComputedStyle(root);
  const v = (name: string, fallback: string) => style.getPropertyValue(`--qmo-${name}`).trim() || fallback;
  return {
    background: v('background', '#0b0e14'),
    surface: v('surface', '#121720'),
    text: v('text', '#d6dbe4'),
    muted: v('muted', '#7d8796'),
    border: v('border', '#1f2733'),
    grid: v('grid', '#161c26'),
    up: v('up', '#26a69a'),
    down: v('down', '#ef5350'),
    primary: v('primary', '#2f81f7'),
    accent: v('accent', '#f0b90b'),
  };
}

/** `#26a69a` + 0.4 → `rgba(38, 166, 154, 0.4)`; other colour syntaxes are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return color;
  const full =
    hex.length === 3
      ? hex
          .split('')
          .map((c) => c + c)
          .join('')
      : hex;
  const n = Number.parseInt(full, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
