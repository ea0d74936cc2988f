import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { writeCalendar } from '../../functions/lib/ical';

/** The one iCalendar writer (functions/lib/ical.ts) against RFC 5545's rules, read back by an independent parser. */
describe('iCalendar writer', () => {
  const long = `Chair yoga, gentle; for everyone\\beginners — ${'é'.repeat(60)}\nBring water`;
  const london = writeCalendar([{ uid: 'session-1@common-ground', summary: long, startsAt: '2026-07-01T09:00:00Z', endsAt: '2026-07-01T10:30:00Z', location: 'Hall, 1 High St' }], {
    name: 'Test',
    stampedAt: new Date('2026-06-01T12:00:00.123Z'),
  });
  const utc = writeCalendar([{ uid: 'shift-1@common-ground', summary: 'Shift', startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T12:00:00Z', stampedAt: '2026-11-01T08:00:00Z' }], {
    name: 'Shifts',
    stampedAt: new Date(),
    times: 'utc',
  });

  it('ends every line in CRLF and folds lines at 75 octets without splitting a character', () => {
    for (const ics of [london, utc]) {
      expect(ics.endsWith('\r\n')).toBe(true);
      expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    }
  });

  it('escapes text, stamps in UTC and gives every event a UID; London times carry a TZID and the VTIMEZONE', () => {
    const event = new ICAL.Component(ICAL.parse(london)).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('summary')).toBe(long);
    expect(event.getFirstPropertyValue('location')).toBe('Hall, 1 High St');
    expect(event.getFirstPropertyValue('uid')).toBe('session-1@common-ground');
    expect(london).toContain('DTSTAMP:20260601T120000Z\r\n');
    expect(london).toContain('DTSTART;TZID=Europe/London:20260701T100000\r\n'); // BST
    expect(london).toContain('DTEND;TZID=Europe/London:20260701T113000\r\n');
    expect(london).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n');
  });

  it('writes UTC times without a VTIMEZONE when asked', () => {
    expect(utc).toContain('DTSTART:20261201T090000Z\r\n');
    expect(utc).toContain('DTSTAMP:20261101T080000Z\r\n');
    expect(utc).not.toContain('VTIMEZONE');
    const event = new ICAL.Component(ICAL.parse(utc)).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe('shift-1@common-ground');
  });
});
