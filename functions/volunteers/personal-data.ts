import { createHash } from 'node:crypto';
import { pageLink, paths } from '../lib/paths';
import { erasedPerson, type ItemType, withoutKeys } from '../lib/personal-data';
import * as data from './data';

const asItem = (x: unknown) => withoutKeys(x as Record<string, unknown>);
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The volunteers domain's items in the personal-data registry (see functions/lib/personal-data.ts). */
export const volunteerItemTypes: ItemType[] = [
  {
    name: 'shiftSignUp',
    label: 'Shift sign-up',
    owner: 'volunteers',
    key: /^VSHIFT#[^ ]+ SIGNUP#/,
    personal: true,
    holds: 'the volunteer’s name and which shift and role they signed up for',
    erasure: 'removed: shifts still to come are given back (the coordinator is told a place is open again)',
    retention: 'kept while the volunteer volunteers',
    collect: async (deps, personId) => (await data.listMyShifts(deps.db, personId, '')).map(asItem),
    erase: async ({ deps, personId, now }) => {
      let n = 0;
      for (const s of await data.listMyShifts(deps.db, personId, '')) {
        if (s.startsAt > now.toISOString()) {
          const message = {
            toUserId: s.createdBy,
            kind: 'volunteer-shift.withdrawn',
            subject: `A place is open again on ${s.title}`,
            text: `A volunteer can no longer do ${s.title} (${s.roleTitle}). The place is open again: ${pageLink(deps.config.siteOrigin, paths.rota())}`,
          };
          // a sign-up whose record is gone (a half-finished earlier erasure) has no place to give back: it just goes
          await data.releasePlace(deps.db, s, message, now).catch(() => data.deleteSignUp(deps.db, s.shiftId, personId));
          n++;
        } else if (await data.deleteSignUp(deps.db, s.shiftId, personId)) n++;
      }
      return n;
    },
  },
  {
    name: 'calendarLink',
    label: 'Private calendar link',
    owner: 'volunteers',
    key: /^VCALENDAR#[^ ]+ META$/,
    personal: true,
    holds: 'which volunteer a private calendar link belongs to',
    erasure: 'removed (the link stops working)',
    retention: 'until the volunteer makes a new link',
    collect: async (deps, personId) => {
      const record = await data.getRecord(deps.db, personId);
      return record?.calendarToken ? [{ userId: personId, calendarLink: 'your private calendar link (shown on your volunteering page)' }] : [];
    },
    erase: async ({ deps, personId }) => {
      const record = await data.getRecord(deps.db, personId);
      return record?.calendarToken && (await data.deleteCalendarLink(deps.db, tokenHash(record.calendarToken))) ? 1 : 0;
    },
  },
  {
    name: 'volunteerCheck',
    label: 'Volunteer check (DBS, references, training)',
    owner: 'volunteers',
    key: /^VOLUNTEER#[^ ]+ CHECK#/,
    personal: true,
    holds: 'which checks were done, their outcome and dates, and who recorded them (never the certificate itself)',
    erasure: 'removed',
    retention: 'kept while the volunteer volunteers; reminders before each check expires',
    collect: async (deps, personId) => (await data.listChecks(deps.db, personId)).map(asItem),
    erase: async ({ deps, personId }) => {
      let n = 0;
      for (const c of await data.listChecks(deps.db, personId)) if (await data.deleteCheck(deps.db, personId, c.key)) n++;
      return n;
    },
  },
  {
    name: 'volunteerApplication',
    label: 'Volunteer application',
    owner: 'volunteers',
    key: /^VROLE#[^ ]+ APPLICATION#/,
    personal: true,
    holds: 'name, when they can help, why they want the role, whether they are under 18, a parent or guardian’s consent, the coordinator’s decision and questions',
    erasure: 'removed',
    retention: 'kept while the volunteer volunteers',
    collect: async (deps, personId) => (await data.listMyApplications(deps.db, personId)).map(asItem),
    erase: async ({ deps, personId }) => {
      let n = 0;
      for (const a of await data.listMyApplications(deps.db, personId)) if (await data.deleteApplication(deps.db, a.roleId, personId)) n++;
      return n;
    },
  },
  {
    name: 'volunteerHours',
    label: 'Hours volunteered',
    owner: 'volunteers',
    key: /^VHOURS#[^ ]+ META$/,
    personal: true,
    holds: 'the volunteer’s name, the hours they gave, for which role, their note and the coordinator’s decision',
    erasure: 'anonymised: a stand-in replaces the volunteer, the name and notes go; the hours stay so the reports still add up',
    retention: 'kept for the partnership’s reports',
    collect: async (deps, personId) => (await data.listMyHours(deps.db, personId, '')).map(asItem),
    erase: async ({ deps, personId }) => {
      let n = 0;
      for (const h of await data.listMyHours(deps.db, personId, '')) if (await data.anonymiseHours(deps.db, h.hoursId, erasedPerson)) n++;
      return n;
    },
  },
  {
    name: 'volunteerHoursDay',
    label: 'Hours given on a day',
    owner: 'volunteers',
    key: /^VOLUNTEER#[^ ]+ HOURSDAY#/,
    personal: true,
    holds: 'how many hours the volunteer gave on a day (no day may hold more than 24)',
    erasure: 'removed',
    retention: 'kept while the volunteer volunteers',
    collect: async (deps, personId) => (await data.listHoursDays(deps.db, personId)).map(asItem),
    erase: async ({ deps, personId }) => {
      let n = 0;
      for (const d of await data.listHoursDays(deps.db, personId)) if (await data.deleteHoursDay(deps.db, personId, String(d.sk).slice('HOURSDAY#'.length))) n++;
      return n;
    },
  },
  {
    name: 'volunteerRecord',
    label: 'Volunteer profile',
    owner: 'volunteers',
    key: /^VOLUNTEER#[^ ]+ RECORD$/,
    personal: true,
    holds: 'name, date of birth, the roles they are approved for, a summary of their checks and their shift times',
    erasure: 'removed',
    retention: 'kept while the volunteer volunteers',
    collect: async (deps, personId) => {
      const record = await data.getRecord(deps.db, personId);
      if (!record) return [];
      const { calendarToken: _token, ...rest } = record;
      return [asItem(rest)];
    },
    erase: async ({ deps, personId }) => ((await data.deleteRecord(deps.db, personId)) ? 1 : 0),
  },
  {
    name: 'volunteerRole',
    label: 'Volunteer role',
    owner: 'volunteers',
    key: /^VROLE#[^ ]+ META$/,
    personal: false,
    why: 'a role a hub or organisation offers (the id of the staff member who made it only)',
  },
  { name: 'shift', label: 'Shift', owner: 'volunteers', key: /^VSHIFT#[^ ]+ META$/, personal: false, why: 'a shift on the rota and its places (the id of the staff member who made it only)' },
  {
    name: 'volunteersIdempotency',
    label: 'Retry record of a role, shift or hours',
    owner: 'volunteers',
    key: /^IDEM#(.+ VOLUNTEERS|(createRole|createShift|logVolunteerHours)#.+ IDEM)$/,
    personal: false,
    why: 'the id of what a request made, under the sender’s request key; removed by TTL within a day',
  },
];
