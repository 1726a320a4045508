import { describe, expect, it } from 'vitest';
import { FixSchedule } from '../../../src/fix/index.js';

const at = (iso: string) => Date.parse(iso);

describe('FixSchedule', () => {
  it('daily window in UTC, both ends inside', () => {
    const s = new FixSchedule({ startTime: '08:00:00', endTime: '17:00:00' });
    expect(s.isInSession(at('2026-01-05T07:59:59Z'))).toBe(false);
    expect(s.isInSession(at('2026-01-05T08:00:00Z'))).toBe(true);
    expect(s.isInSession(at('2026-01-05T17:00:00Z'))).toBe(true);
    expect(s.isInSession(at('2026-01-05T17:00:01Z'))).toBe(false);
    expect(s.periodStart(at('2026-01-05T12:00:00Z'))).toBe(at('2026-01-05T08:00:00Z'));
    // Before today's start: the last period, yesterday's.
    expect(s.periodStart(at('2026-01-05T07:00:00Z'))).toBe(at('2026-01-04T08:00:00Z'));
  });

  it('daily window across midnight', () => {
    const s = new FixSchedule({ startTime: '22:00', endTime: '06:00' });
    expect(s.isInSession(at('2026-01-05T23:30:00Z'))).toBe(true);
    expect(s.isInSession(at('2026-01-06T05:00:00Z'))).toBe(true);
    expect(s.isInSession(at('2026-01-06T12:00:00Z'))).toBe(false);
    expect(s.periodStart(at('2026-01-06T05:00:00Z'))).toBe(at('2026-01-05T22:00:00Z'));
    expect(s.periodStart(at('2026-01-05T23:00:00Z'))).toBe(at('2026-01-05T22:00:00Z'));
  });

  it('start equal to end: always in session, a new period every day at that time', () => {
    const s = new FixSchedule({ startTime: '00:00:00', endTime: '00:00:00' });
    expect(s.isInSession(at('2026-01-05T13:00:00Z'))).toBe(true);
    expect(s.periodStart(at('2026-01-05T13:00:00Z'))).toBe(at('2026-01-05T00:00:00Z'));
  });

  it('weekly window Sunday 17:00 to Friday 17:00 in New York (EST, UTC-5 in January)', () => {
    const s = new FixSchedule({
      startTime: '17:00:00',
      endTime: '17:00:00',
      startDay: 'Sunday',
      endDay: 'Fri',
      timeZone: 'America/New_York',
    });
    // 2026-01-04 is a Sunday.
    expect(s.isInSession(at('2026-01-04T21:59:59Z'))).toBe(false);
    expect(s.isInSession(at('2026-01-04T22:00:00Z'))).toBe(true);
    expect(s.isInSession(at('2026-01-07T03:00:00Z'))).toBe(true);
    expect(s.isInSession(at('2026-01-09T22:00:00Z'))).toBe(true);
    expect(s.isInSession(at('2026-01-09T22:00:01Z'))).toBe(false);
    expect(s.isInSession(at('2026-01-10T12:00:00Z'))).toBe(false);
    expect(s.periodStart(at('2026-01-07T03:00:00Z'))).toBe(at('2026-01-04T22:00:00Z'));
    expect(s.periodStart(at('2026-01-10T12:00:00Z'))).toBe(at('2026-01-04T22:00:00Z'));
    expect(s.periodStart(at('2026-01-04T21:00:00Z'))).toBe(at('2025-12-28T22:00:00Z'));
  });

  it('weekly window across the end of the week', () => {
    const s = new FixSchedule({ startTime: '06:00', endTime: '18:00', startDay: 'Fri', endDay: 'Mon' });
    expect(s.isInSession(at('2026-01-03T12:00:00Z'))).toBe(true); // Saturday
    expect(s.isInSession(at('2026-01-05T17:00:00Z'))).toBe(true); // Monday
    expect(s.isInSession(at('2026-01-06T12:00:00Z'))).toBe(false); // Tuesday
    expect(s.periodStart(at('2026-01-05T17:00:00Z'))).toBe(at('2026-01-02T06:00:00Z'));
  });

  it('follows daylight saving time: London 08:00 is 08:00 UTC in winter, 07:00 UTC in summer', () => {
    const s = new FixSchedule({ startTime: '08:00', endTime: '16:30', timeZone: 'Europe/London' });
    expect(s.periodStart(at('2026-01-15T12:00:00Z'))).toBe(at('2026-01-15T08:00:00Z'));
    expect(s.periodStart(at('2026-07-15T12:00:00Z'))).toBe(at('2026-07-15T07:00:00Z'));
    expect(s.isInSession(at('2026-07-15T07:30:00Z'))).toBe(true);
    expect(s.isInSession(at('2026-01-15T07:30:00Z'))).toBe(false);
  });

  it('refuses bad times, days and zones', () => {
    expect(() => new FixSchedule({ startTime: '25:00', endTime: '10:00' })).toThrow(/time of day/);
    expect(
      () => new FixSchedule({ startTime: '08:00', endTime: '10:00', startDay: 'Xyz', endDay: 'Mon' }),
    ).toThrow(/day of the week/);
    expect(() => new FixSchedule({ startTime: '08:00', endTime: '10:00', timeZone: 'Mars/Base' })).toThrow(
      /time zone/,
    );
  });
});
