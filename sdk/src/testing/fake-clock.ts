import { VirtualClock } from '../plugin/virtual-clock.js';

/** Virtual time for tests: nothing happens until the test advances it. Timers fire in time order. */
export class FakeClock extends VirtualClock {
  constructor(start: number | Date = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    super(start);
  }
}
