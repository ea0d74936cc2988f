import type { Actor } from '../../lib/actor';
import type { AppDeps } from '../../lib/deps';
import { addDays, londonDate } from '../../volunteers/rules';
import type { CreateRoleInput } from '../../volunteers/schema';
import { applyForRole, createRole, recordVolunteerCheck, reviewApplication, signUpForShift } from '../../volunteers/service';
import { createShift } from '../../volunteers/shifts';
import { demoIds } from './ids';

/**
 * Volunteer roles across the demo hubs and organisations, shifts over the next weeks, and the demo
 * volunteer approved in two roles: a valid basic DBS for café host, an enhanced DBS for driving that
 * expires in three weeks (so the reminders and "checks due" list have something to show).
 * Made through the domain's own services, so the seed obeys the same rules as the API.
 */
const { hubs, organisations, users } = demoIds;
const coordinator: Actor = { userId: users.coordinator, roles: ['coordinator'], hubIds: [hubs.oakRoadCentre], organisationIds: [] };
const partner: Actor = { userId: users.partner, roles: ['partner'], hubIds: [], organisationIds: [organisations.ageWell] };
const volunteer: Actor = { userId: users.volunteer, roles: ['volunteer', 'resident'], hubIds: [], organisationIds: [] };
const admin: Actor = { userId: users.admin, roles: ['admin'], hubIds: [], organisationIds: [] };

const oak = { kind: 'hub' as const, id: hubs.oakRoadCentre };
const role = (owner: CreateRoleInput['owner'], r: Omit<CreateRoleInput, 'owner' | 'status' | 'skills' | 'days'> & Partial<CreateRoleInput>): CreateRoleInput => ({
  owner,
  status: 'open',
  skills: [],
  days: [],
  ...r,
});

export async function seedVolunteers(deps: AppDeps): Promise<void> {
  const today = londonDate(deps.clock.now());
  const make = (actor: Actor, body: CreateRoleInput) => createRole(deps, actor, body, `seed-${body.title}`);

  const cafe = await make(
    coordinator,
    role(oak, {
      title: 'Café host',
      description: 'Welcome people to the Friday community café at Oak Road: tea, toast and a friendly face.',
      location: 'Oak Road Centre, main hall',
      commitment: 'Two hours on Friday mornings',
      minimumAge: 16,
      requirements: { dbs: 'basic', training: ['Food hygiene level 2'], references: false },
      skills: ['Hospitality', 'Listening'],
      days: ['fri'],
    }),
  );
  const driver = await make(
    coordinator,
    role(oak, {
      title: 'Community driver',
      description: 'Drive residents who cannot use buses to the hub, GP and shops, in your own car (mileage paid).',
      location: 'Across Westfield',
      commitment: 'One morning a week',
      minimumAge: 18,
      requirements: { dbs: 'enhanced', training: [], references: true },
      skills: ['Driving'],
      days: ['tue', 'thu'],
    }),
  );
  const walks = await make(
    coordinator,
    role(oak, {
      title: 'Walk leader',
      description: 'Lead the gentle Tuesday health walk around Oak Park, at the pace of the slowest walker.',
      location: 'Oak Park gates',
      commitment: 'One hour a week',
      minimumAge: 18,
      requirements: { dbs: 'none', training: ['Walk leader training'], references: false },
      skills: ['Walking', 'First aid'],
      days: ['tue'],
    }),
  );
  const digital = await make(
    coordinator,
    role(oak, {
      title: 'Digital inclusion helper',
      description: 'Help people get online: video calls with family, repeat prescriptions, bus times.',
      location: 'Oak Road Centre, library corner',
      commitment: 'Two hours a fortnight',
      minimumAge: 16,
      requirements: { dbs: 'basic', training: [], references: false },
      skills: ['Computers', 'Patience'],
      days: ['wed'],
    }),
  );
  await make(
    partner,
    role(
      { kind: 'organisation', id: organisations.ageWell },
      {
        title: 'Befriender',
        description: 'A weekly phone call or visit with an older person who lives alone.',
        location: 'In people’s homes or by phone',
        commitment: 'One hour a week for at least six months',
        minimumAge: 18,
        requirements: { dbs: 'enhanced', training: ['Safeguarding adults'], references: true },
        skills: ['Listening'],
        days: ['mon', 'wed', 'fri'],
      },
    ),
  );
  await make(
    admin,
    role(
      { kind: 'hub', id: hubs.stMarysHall },
      {
        title: 'Warm space host',
        description: 'Keep the warm space at St Mary’s Hall welcoming on winter afternoons.',
        location: 'St Mary’s Hall',
        commitment: 'Three hours a week, November to March',
        minimumAge: 16,
        requirements: { dbs: 'basic', training: [], references: false },
        skills: ['Hospitality'],
        days: ['mon', 'thu'],
      },
    ),
  );

  // Shifts over the next weeks (series in London time)
  const nextWeekday = (isoDay: number) => {
    for (let i = 1; i <= 7; i++) {
      const d = addDays(today, i);
      if (((new Date(`${d}T12:00:00Z`).getUTCDay() + 6) % 7) + 1 === isoDay) return d;
    }
    return addDays(today, 1);
  };
  const shift = (title: string, day: number, start: string, end: string, places: { roleId: string; places: number }[], count: number) =>
    createShift(
      deps,
      coordinator,
      {
        owner: oak,
        title,
        location: 'Oak Road Centre',
        date: nextWeekday(day),
        startTime: start,
        endTime: end,
        rrule: `FREQ=WEEKLY;COUNT=${count}`,
        places,
      },
      `seed-shift-${title}`,
    );
  const cafeShifts = await shift(
    'Friday community café',
    5,
    '09:30',
    '12:00',
    [
      { roleId: cafe.roleId, places: 3 },
      { roleId: digital.roleId, places: 1 },
    ],
    6,
  );
  await shift('Tuesday health walk', 2, '10:00', '11:00', [{ roleId: walks.roleId, places: 2 }], 6);
  const drives = await shift('Thursday shopping run', 4, '09:00', '12:30', [{ roleId: driver.roleId, places: 2 }], 6);

  // The demo volunteer: approved as café host (valid basic DBS) and driver (enhanced DBS expiring soon)
  for (const r of [cafe, driver]) {
    await applyForRole(deps, volunteer, r.roleId, {
      availability: 'Tuesday to Friday mornings',
      statement: 'Retired, with time to give and a car.',
      dateOfBirth: '1958-04-12',
      days: ['tue', 'thu', 'fri'],
    });
    await reviewApplication(deps, coordinator, r.roleId, users.volunteer, { decision: 'approve' });
  }
  await recordVolunteerCheck(deps, coordinator, { volunteerId: users.volunteer, type: 'dbs-basic', outcome: 'clear', checkedOn: addDays(today, -200), expiresOn: addDays(today, 900) });
  await recordVolunteerCheck(deps, coordinator, { volunteerId: users.volunteer, type: 'training', module: 'Food hygiene level 2', outcome: 'clear', checkedOn: addDays(today, -100) });
  await recordVolunteerCheck(deps, coordinator, { volunteerId: users.volunteer, type: 'dbs-enhanced', outcome: 'clear', checkedOn: addDays(today, -1070), expiresOn: addDays(today, 25) });
  await recordVolunteerCheck(deps, coordinator, { volunteerId: users.volunteer, type: 'references', outcome: 'clear', checkedOn: addDays(today, -1070) });
  // An applicant waiting in the coordinator's queue
  await applyForRole(deps, { ...volunteer, userId: users.resident, roles: ['resident'] }, walks.roleId, {
    availability: 'Tuesdays',
    statement: 'I walk every day and would love company.',
    dateOfBirth: '1971-09-30',
    days: ['tue'],
  });

  await signUpForShift(deps, volunteer, cafeShifts.items[0]!.shiftId, cafe.roleId);
  await signUpForShift(deps, volunteer, drives.items[0]!.shiftId, driver.roleId);
}
