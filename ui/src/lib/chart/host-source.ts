import { api } from '../api/endpoints.js';
import { ApiError } from '../api/http.js';
import { paramErrorsOf } from '../indicators/instances.js';
import { MAX_REPLAY_BARS } from '../replay/replay-feed.js';
import type { LayerSource, LayerSourceOwner, LayerView } from './layer-source.js';
import { recentWindow } from './window.js';

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

/**
 * An instance the host computes (its plugin has no browser module, or it could not load): fetched
 * again for each refresh; in replay with `asOf`, so the host uses the bars closed by then only.
 */
export class HostSource implements LayerSource {
  readonly where = 'host';
  readonly extendable = false;
  /** Host values change when a bar closes: fetched again then. */
  readonly refreshesOnClose = true;
  private abort: AbortController | null = null;

  constructor(private readonly owner: LayerSourceOwner) {}

  refresh(view: LayerView): void {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const { tf, replay } = view;
    const window = replay
      ? { tf, from: replay.from, to: replay.asOf, limit: MAX_REPLAY_BARS, asOf: replay.asOf }
      : recentWindow(tf, Date.now());
    api
      .indicatorValues(view.instrument.id, this.owner.indicator, window, this.owner.params(), abort.signal)
      .then((res) => {
        if (abort.signal.aborted) return;
        this.owner.report({
          ok: true,
          outputs: res.outputs?.length ? res.outputs : this.owner.outputs,
          values: {
            points: res.points ?? [],
            drawings: res.drawings ?? {},
            drawingsTime: res.drawingsTime ?? null,
          },
        });
      })
      .catch((e: unknown) => {
        if (isAbort(e) || abort.signal.aborted) return;
        const fieldErrors = e instanceof ApiError ? paramErrorsOf(e.problem) : {};
        this.owner.report({
          ok: false,
          message: e instanceof Error ? e.message : String(e),
          fieldErrors,
          // Invalid parameters show beside their fields; other failures in the banner.
          quiet: Object.keys(fieldErrors).length > 0,
          error: e,
        });
      })
      .finally(() => {
        if (this.abort === abort) this.abort = null;
      });
  }

  /** Host values change when a bar closes (the session refreshes them then), not on each tick. */
  extend(view: LayerView): void {
    if (view.replay) this.refresh(view);
  }

  dispose(): void {
    this.abort?.abort();
    this.abort = null;
  }
}
