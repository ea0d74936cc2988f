import type { Actor } from '../../lib/actor';
import type { AppDeps } from '../../lib/deps';
import { addDays, isoWeekday, londonToday } from '../../lib/london';
import { putRoom } from '../../rooms/data';
import type { Room } from '../../rooms/schema';
import { requestRoomBooking } from '../../rooms/service';
import { demoIds } from './ids';

/** Fixed room ids, so sessions and the directory can refer to them. */
export const demoRoomIds = {
  oakRoadMainHall: '01JDEM0R00M000000000000001',
  oakRoadKitchen: '01JDEM0R00M000000000000002',
  oakRoadQuietRoom: '01JDEM0R00M000000000000003',
  stMarysHall: '01JDEM0R00M000000000000004',
  stMarysSideRoom: '01JDEM0R00M000000000000005',
  riversideMeetingRoom: '01JDEM0R00M000000000000006',
} as const;

const weekdays = (opens: string, closes: string) => (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, opens, closes }));
const everyDay = (opens: string, closes: string) => (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, opens, closes }));
const standardRates = [
  { customerType: 'partner' as const, pencePerHour: 0 },
  { customerType: 'residentsGroup' as const, pencePerHour: 0 },
  { customerType: 'privateHire' as const, pencePerHour: 2500 },
];

const rooms: Omit<Room, 'createdAt' | 'updatedAt'>[] = [
  {
    roomId: demoRoomIds.oakRoadMainHall,
    hubId: demoIds.hubs.oakRoadCentre,
    name: 'Main hall',
    capacity: 80,
    description: 'Large sprung-floor hall with stacking chairs and tables.',
    facilities: ['stepFree', 'hearingLoop', 'accessibleToilet', 'sportsFloor', 'projector', 'wifi'],
    openingHours: everyDay('08:00', '22:00'),
    setupMinutes: 15,
    cleardownMinutes: 15,
    hireTerms: 'Leave the hall as you found it. Chairs stacked by the stage. No glitter.',
    rates: standardRates,
    bookingQuestions: [{ id: 'first-aider', question: 'Who is your first aider on the day?', required: true }],
  },
  {
    roomId: demoRoomIds.oakRoadKitchen,
    hubId: demoIds.hubs.oakRoadCentre,
    name: 'Community kitchen',
    capacity: 12,
    facilities: ['stepFree', 'kitchen', 'accessibleToilet'],
    openingHours: weekdays('09:00', '17:00'),
    setupMinutes: 0,
    cleardownMinutes: 30,
    hireTerms: 'Food hygiene level 2 needed for anyone cooking.',
    rates: standardRates,
    bookingQuestions: [{ id: 'food-hygiene', question: 'Who holds the food hygiene certificate?', required: true }],
  },
  {
    roomId: demoRoomIds.oakRoadQuietRoom,
    hubId: demoIds.hubs.oakRoadCentre,
    name: 'Quiet room',
    capacity: 10,
    facilities: ['stepFree', 'hearingLoop'],
    openingHours: weekdays('09:00', '20:00'),
    setupMinutes: 0,
    cleardownMinutes: 0,
    rates: [],
    bookingQuestions: [],
  },
  {
    roomId: demoRoomIds.stMarysHall,
    hubId: demoIds.hubs.stMarysHall,
    name: 'Church hall',
    capacity: 100,
    facilities: ['stepFree', 'kitchen', 'accessibleToilet', 'parking'],
    openingHours: everyDay('09:00', '21:30'),
    setupMinutes: 30,
    cleardownMinutes: 30,
    hireTerms: 'Parish rules apply: no alcohol without the warden’s agreement.',
    rates: standardRates,
    bookingQuestions: [],
  },
  {
    roomId: demoRoomIds.stMarysSideRoom,
    hubId: demoIds.hubs.stMarysHall,
    name: 'Side room',
    capacity: 20,
    facilities: ['stepFree'],
    openingHours: everyDay('09:00', '21:30'),
    setupMinutes: 0,
    cleardownMinutes: 15,
    rates: standardRates,
    bookingQuestions: [],
  },
  {
    roomId: demoRoomIds.riversideMeetingRoom,
    hubId: demoIds.hubs.riversideLibrary,
    name: 'Meeting room',
    capacity: 16,
    facilities: ['stepFree', 'hearingLoop', 'projector', 'wifi', 'accessibleToilet'],
    openingHours: weekdays('09:30', '19:00'),
    setupMinutes: 0,
    cleardownMinutes: 15,
    rates: [],
    bookingQuestions: [],
  },
];

const coordinator: Actor = { userId: demoIds.users.coordinator, roles: ['coordinator'], hubIds: [demoIds.hubs.oakRoadCentre], organisationIds: [] };
const partner: Actor = { userId: demoIds.users.partner, roles: ['partner'], hubIds: [], organisationIds: [demoIds.organisations.ageWell] };

export async function seedRooms(deps: AppDeps): Promise<void> {
  const now = deps.clock.now().toISOString();
  for (const room of rooms) await putRoom(deps.db, { ...room, createdAt: now, updatedAt: now });

  // a week of the main hall's diary: a weekly hub activity (confirmed) and a partner's request waiting for approval
  const today = londonToday(deps.clock.now());
  const nextMonday = addDays(today, 8 - isoWeekday(today));
  const at = (d: string, t: string) => `${d}T${t}`;
  await requestRoomBooking(deps, coordinator, demoRoomIds.oakRoadMainHall, {
    start: at(nextMonday, '10:00'),
    end: at(nextMonday, '12:00'),
    repeat: { rrule: 'FREQ=WEEKLY;COUNT=12' },
    purpose: 'Chair-based exercise',
    expectedAttendance: 25,
    answers: [{ questionId: 'first-aider', answer: 'Carys Hughes' }],
  });
  await requestRoomBooking(deps, partner, demoRoomIds.oakRoadMainHall, {
    start: at(addDays(nextMonday, 2), '14:00'),
    end: at(addDays(nextMonday, 2), '16:00'),
    purpose: 'Age Well coffee morning and benefits advice',
    expectedAttendance: 30,
    answers: [{ questionId: 'first-aider', answer: 'Pete Okafor' }],
  });
}
