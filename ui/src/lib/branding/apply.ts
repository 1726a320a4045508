import type { Branding } from '../api/types.js';

/** `primaryHover` → `primary-hover`; anything outside [a-z0-9-] is dropped so a key cannot break the CSS. */
export function cssVarName(key: string): string | null {
  const kebab = key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
  return kebab ? `--qmo-${kebab}` : null;
}

/** A colour value is accepted when the browser understands it as one. */
function isColor(value: string): boolean {
  return typeof CSS === 'undefined' || CSS.supports('color', value);
}

/** Writes the deployment's colours as `--qmo-<key>` on :root; missing keys keep the CSS defaults. */
export function applyBranding(branding: Branding, root: HTMLElement = document.documentElement): void {
  for (const [key, value] of Object.entries(branding.colors ?? {})) {
    const name = cssVarName(key);
    if (name && typeof value === 'string' && isColor(value)) root.style.setProperty(name, value);
  }
  if (branding.productName) document.title = branding.productName;
}
