/** What the hub and room pages share: opening hours in words and as a small form, and the names of room features. */
import type { facilities } from '../../../../functions/rooms/schema';
import { Checkboxes, TextField } from '../../components/fields';
import { dayNames, dayOptions, joinWords } from '../../format';

export type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export type Hours = { day: Day; opens: string; closes: string }[];

export const facilityNames: Record<(typeof facilities)[number], string> = {
  stepFree: 'Step-free access',
  hearingLoop: 'Hearing loop',
  kitchen: 'Kitchen',
  projector: 'Projector and screen',
  accessibleToilet: 'Accessible toilet',
  sportsFloor: 'Sports floor',
  babyChange: 'Baby changing',
  wifi: 'Wi-fi',
  parking: 'Parking',
};

/** "Monday to Friday, 9am to 5pm" style words, one line per set of days with the same hours. */
export function hoursInWords(hours: Hours): string[] {
  if (!hours.length) return ['Not set'];
  const groups = new Map<string, Day[]>();
  for (const h of hours) groups.set(`${h.opens} to ${h.closes}`, [...(groups.get(`${h.opens} to ${h.closes}`) ?? []), h.day]);
  return [...groups].map(([times, days]) => `${joinWords(days.map((d) => dayNames[d]!))}: ${times}`);
}

export interface HoursForm {
  days: string[];
  opens: string;
  closes: string;
}

export const hoursForm = (hours: Hours): HoursForm => ({ days: hours.map((h) => h.day), opens: hours[0]?.opens ?? '09:00', closes: hours[0]?.closes ?? '17:00' });

/** The days chosen, each with the same hours; a problem per field when the times are not right. */
export function readHours(f: HoursForm, prefix: string): { hours?: Hours; problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = [];
  const time = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (f.days.length && !time.test(f.opens)) problems.push({ field: `${prefix}-opens`, message: 'Enter the opening time as hours and minutes, for example 09:00' });
  if (f.days.length && !time.test(f.closes)) problems.push({ field: `${prefix}-closes`, message: 'Enter the closing time as hours and minutes, for example 17:00' });
  if (!problems.length && f.days.length && f.opens >= f.closes) problems.push({ field: `${prefix}-closes`, message: 'The closing time must be after the opening time' });
  if (problems.length) return { problems };
  return { hours: f.days.map((day) => ({ day: day as Day, opens: f.opens, closes: f.closes })), problems };
}

export function HoursFields({ prefix, value, onInput, errors }: { prefix: string; value: HoursForm; onInput: (v: HoursForm) => void; errors: { field?: string; message: string }[] }) {
  const err = (f: string) => errors.find((e) => e.field === `${prefix}-${f}`)?.message;
  return (
    <>
      <Checkboxes id={`${prefix}-days`} label="Which days is it open?" options={dayOptions} values={value.days} onChange={(days) => onInput({ ...value, days })} />
      <TextField id={`${prefix}-opens`} label="Opens at" hint="For example 09:00" width={5} value={value.opens} onInput={(opens) => onInput({ ...value, opens })} error={err('opens')} />
      <TextField id={`${prefix}-closes`} label="Closes at" hint="For example 17:00" width={5} value={value.closes} onInput={(closes) => onInput({ ...value, closes })} error={err('closes')} />
    </>
  );
}
