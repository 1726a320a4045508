import type { RiskAssessment } from '@qmo/sdk';
import { api } from '../api/endpoints.js';
import type { RiskAssessmentEvent } from '../stream/events.js';
import { stream } from '../stream/market-stream.svelte.js';

export const MENTOR_ADVISOR = 'mentor';
const ACK_TIMEOUT_MS = 10_000;

/** What the panel follows: the chart's instrument and timeframe and the chosen account. */
export interface MentorTarget {
  instrument: string;
  tf: string;
  account: string;
}

/** `replay`: the assessment as of the replay cursor, asked for each cursor move. */
export type MentorStatus = 'idle' | 'waiting' | 'live' | 'replay' | 'error';

/** Cursor moves (playing fast) are asked for at most this often. */
const REPLAY_DEBOUNCE_MS = 150;

const sameTarget = (a: MentorTarget | null, b: MentorTarget | null) =>
  a?.instrument === b?.instrument && a?.tf === b?.tf && a?.account === b?.account;

/**
 * The latest `risk_assessment` of Mentor for one target over the app's socket: subscribes with
 * `advisor_subscribe`, again after every reconnect (a new handshake may carry a new session), and
 * drops the previous subscription when the target changes. In replay it asks instead for the
 * assessment as of the cursor (`GET /advisors/mentor/assessment?asOf=`), so no later bar reaches it.
 */
class MentorFeed {
  assessment = $state<RiskAssessment | null>(null);
  status = $state<MentorStatus>('idle');
  error = $state<string | null>(null);
  private target: MentorTarget | null = null;
  private subscription: string | null = null;
  private attached: unknown = null;
  private offConnect: (() => void) | null = null;

  private asOf: number | null = null;
  private replayTimer: ReturnType<typeof setTimeout> | null = null;
  private replayAbort: AbortController | null = null;

  /** Follows `target` live, or as of `asOf` (epoch ms: the replay cursor's close) when given. */
  follow(target: MentorTarget | null, asOf: number | null = null): void {
    if (sameTarget(target, this.target) && (asOf === null) === (this.asOf === null)) {
      if (asOf !== null && asOf !== this.asOf) this.askAsOf(asOf);
      return;
    }
    this.release();
    this.stopReplay();
    this.target = target;
    this.asOf = null;
    this.assessment = null;
    this.error = null;
    this.status = target ? 'waiting' : 'idle';
    if (target && asOf !== null) {
      this.askAsOf(asOf);
      return;
    }
    this.offConnect ??= stream.onConnect(() => this.subscribe());
    this.subscribe();
  }

  stop(): void {
    this.follow(null);
    this.offConnect?.();
    this.offConnect = null;
  }

  private askAsOf(asOf: number): void {
    this.asOf = asOf;
    if (this.replayTimer) clearTimeout(this.replayTimer);
    this.replayTimer = setTimeout(() => {
      this.replayTimer = null;
      const target = this.target;
      if (!target || this.asOf !== asOf) return;
      this.replayAbort?.abort();
      const abort = new AbortController();
      this.replayAbort = abort;
      api
        .assessment(MENTOR_ADVISOR, { ...target, asOf }, abort.signal)
        .then((assessment) => {
          if (abort.signal.aborted) return;
          this.assessment = assessment;
          this.status = 'replay';
          this.error = null;
        })
        .catch((e: unknown) => {
          if (abort.signal.aborted) return;
          this.status = 'error';
          this.error = e instanceof Error ? e.message : String(e);
        });
    }, REPLAY_DEBOUNCE_MS);
  }

  private stopReplay(): void {
    if (this.replayTimer) clearTimeout(this.replayTimer);
    this.replayTimer = null;
    this.replayAbort?.abort();
    this.replayAbort = null;
  }

  private onEvent = (event: RiskAssessmentEvent): void => {
    if (event.subscription !== this.subscription) return;
    this.assessment = event.assessment;
    this.status = 'live';
    this.error = null;
  };

  private subscribe(): void {
    const socket = stream.connection();
    const target = this.target;
    if (!socket?.connected || !target) return;
    if (this.attached !== socket) {
      socket.on('risk_assessment', this.onEvent);
      this.attached = socket;
    }
    this.subscription = null;
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emit('advisor_subscribe', { advisor: MENTOR_ADVISOR, ...target }, (err, res) => {
        if (!sameTarget(target, this.target)) {
          if (!err && res.ok) socket.emit('advisor_unsubscribe', { subscription: res.subscription });
          return;
        }
        if (err) {
          this.status = 'error';
          this.error = 'the server did not confirm the subscription';
        } else if (!res.ok) {
          this.status = 'error';
          this.error = `${res.error.message} (${res.error.code})`;
        } else this.subscription = res.subscription;
      });
  }

  private release(): void {
    const socket = stream.connection();
    if (this.subscription && socket?.connected)
      socket.emit('advisor_unsubscribe', { subscription: this.subscription });
    this.subscription = null;
  }
}

export const mentorFeed = new MentorFeed();
