import type { RiskAssessment } from '@qmo/sdk';
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

export type MentorStatus = 'idle' | 'waiting' | 'live' | 'error';

const sameTarget = (a: MentorTarget | null, b: MentorTarget | null) =>
  a?.instrument === b?.instrument && a?.tf === b?.tf && a?.account === b?.account;

/**
 * The latest `risk_assessment` of Mentor for one target over the app's socket: subscribes with
 * `advisor_subscribe`, again after every reconnect (a new handshake may carry a new session), and
 * drops the previous subscription when the target changes.
 */
class MentorFeed {
  assessment = $state<RiskAssessment | null>(null);
  status = $state<MentorStatus>('idle');
  error = $state<string | null>(null);
  private target: MentorTarget | null = null;
  private subscription: string | null = null;
  private attached: unknown = null;
  private offConnect: (() => void) | null = null;

  follow(target: MentorTarget | null): void {
    if (sameTarget(target, this.target)) return;
    this.release();
    this.target = target;
    this.assessment = null;
    this.error = null;
    this.status = target ? 'waiting' : 'idle';
    this.offConnect ??= stream.onConnect(() => this.subscribe());
    this.subscribe();
  }

  stop(): void {
    this.follow(null);
    this.offConnect?.();
    this.offConnect = null;
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
