import { api } from '../api/endpoints.js';
import { applyBranding } from '../branding/apply.js';
import { reportError } from './errors.svelte.js';

class BrandingState {
  productName = $state('QMO');
  logoUrl = $state<string | null>(null);
  /** Bumped whenever the theme variables change, so canvas code can re-read them. */
  themeVersion = $state(0);

  async load(): Promise<void> {
    try {
      const branding = await api.branding();
      applyBranding(branding);
      this.productName = branding.productName || this.productName;
      this.logoUrl = branding.logoUrl;
      this.themeVersion += 1;
    } catch (e) {
      reportError(e, 'Branding');
    }
  }
}

export const branding = new BrandingState();
