import { bucketStart, type Timeframe } from '@qmo/sdk';

const MINUTE = 60_000;

/**
 * After the 1-minute bar opened at `minuteTs` closed, every `tf` bar opened before the returned time
 * has closed: the start of the `tf` bucket the next minute falls in.
 */
export function advisorBarEnd(minuteTs: number, tf: Timeframe): number {
  return bucketStart(minuteTs + MINUTE, tf);
}
