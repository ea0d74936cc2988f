import { createProfile } from '../../functions/accounts/data';
import type { Profile } from '../../functions/accounts/schema';
import { manualClock } from '../../functions/lib/clock';
import { newId } from '../../functions/lib/ids';
import { demoActivities } from '../../functions/local/seed/directory';
import { demoIds } from '../../functions/local/seed/ids';
import { promoteFromWaitlist } from '../../functions/reservations/service';
import { addDays, londonDate } from '../../functions/volunteers/rules';
import { type ApiAnswer, type CallOptions, startPlatform, type TestPlatform } from '../helpers/platform';
import type { Who, Whose } from './policy';

/**
 * The cast and objects the hardening suites act on: a seeded platform, every role signed in (plus a second
 * coordinator for another hub, and "someone else" of each kind), and small factories that make fresh objects
 * through the API as their rightful owner would.
 */
export const hubH1 = demoIds.hubs.oakRoadCentre;
export const hubH2 = demoIds.hubs.stMarysHall;
export const orgOwn = demoIds.organisations.ageWell;
export const orgOther = demoIds.organisations.mindsTogether;
export type Owner = { kind: 'hub' | 'organisation'; id: string };

const castEmails: Record<Exclude<Who, 'anonymous'>, string> = {
  resident: 'resident@example.org',
  volunteer: 'volunteer@example.org',
  partner: 'partner@example.org',
  coordinatorOfHub: 'coordinator@example.org',
  coordinatorOfOtherHub: 'stmarys.coordinator@example.org',
  linkworker: 'linkworker@example.org',
  admin: 'admin@example.org',
};
/** Somebody else of each kind, owners of "someone else's" objects. */
const othersEmails = {
  resident2: 'second.resident@example.org',
  partner2: 'minds.partner@example.org',
  linkworker2: 'second.linkworker@example.org',
  volunteer2: 'second.volunteer@example.org',
};
type Person = { token: string; userId: string };

export interface World {
  p: TestPlatform;
  as: Record<Exclude<Who, 'anonymous'>, Person>;
  others: Record<keyof typeof othersEmails, Person>;
  token(who: Who): string | undefined;
  userId(who: Who): string | undefined;
  call(who: Who | Person | undefined, method: string, path: string, opts?: Omit<CallOptions, 'token'>): Promise<ApiAnswer>;
  /** call that must succeed (fixture set-up) */
  must(who: Who | Person, method: string, path: string, opts?: Omit<CallOptions, 'token'>): Promise<any>;
  /** the hub/organisation `who` manages ('own') or one they do not ('other') */
  managed(who: Who, whose: Whose): Owner;
  /** the person who manages an owner, to create objects there */
  managerOf(owner: Owner): Person;
  /** a signed-in person: `who` for 'own' (when they are somebody), otherwise someone else */
  person(who: Who, whose: Whose): Person;
  today(): string;
  /** a day `n` days ahead, London date */
  inDays(n: number): string;
  seq(): number;
  /** the platform's clock (manual): move it on where a window must pass (rate limits) */
  clock: ReturnType<typeof manualClock>;
  activityId: string;
  factories: Factories;
}

export async function startWorld(options: { keepLogs?: boolean } = {}): Promise<World> {
  const clock = manualClock('2026-03-02T09:00:00Z');
  const p = await startPlatform({ seed: true, clock, ...options });
  const extraProfiles: [string, Profile['roles'], Partial<Profile>][] = [
    [castEmails.coordinatorOfOtherHub, ['coordinator'], { hubIds: [hubH2] }],
    [othersEmails.partner2, ['partner'], { organisationIds: [orgOther] }],
    [othersEmails.linkworker2, ['linkworker'], {}],
    [othersEmails.volunteer2, ['volunteer', 'resident'], {}],
  ];
  for (const [email, roles, extra] of extraProfiles) {
    await createProfile(p.deps.db, { userId: newId(), name: email.split('@')[0]!, email, contactPreference: 'email', roles, hubIds: [], organisationIds: [], ...extra }, clock.now());
  }
  const signIn = async (email: string): Promise<Person> => {
    const token = await p.tokenFor(email);
    const me = await p.call('GET', '/api/me', { token });
    if (me.status !== 200) throw new Error(`no profile for ${email}: ${me.status}`);
    return { token, userId: me.body.userId };
  };
  // One at a time: sign-ins write (profiles, rate-limit counters), and a burst of them at start-up is what
  // made DynamoDB Local answer transaction conflicts (503) under load.
  const as = {} as World['as'];
  for (const [k, e] of Object.entries(castEmails)) as[k as keyof World['as']] = await signIn(e);
  const others = {} as World['others'];
  for (const [k, e] of Object.entries(othersEmails)) others[k as keyof World['others']] = await signIn(e);
  // these tests are about who may do what, not when: the world's hubs are open every day, bank holidays too
  // (the hours and closed days have their own tests, test/api/hub-hours.test.ts)
  const allDay = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, opens: '06:00', closes: '23:00' }));
  for (const hubId of [hubH1, hubH2, demoIds.hubs.riversideLibrary]) {
    const opened = await p.call('PATCH', `/api/hubs/${hubId}`, { token: as.admin.token, body: { openingHours: allDay, openOnBankHolidays: true } });
    if (opened.status !== 200) throw new Error(`opening hub ${hubId}: ${opened.status} ${JSON.stringify(opened.body)}`);
  }
  let counter = 0;
  const resolve = (who: Who | Person | undefined): string | undefined => (who === undefined || who === 'anonymous' ? undefined : typeof who === 'string' ? as[who].token : who.token);
  const w: World = {
    p,
    as,
    others,
    token: (who) => resolve(who),
    userId: (who) => (who === 'anonymous' ? undefined : as[who].userId),
    call: (who, method, path, opts = {}) => p.call(method, path, { ...opts, ...(resolve(who) ? { token: resolve(who) } : {}) }),
    must: async (who, method, path, opts = {}) => {
      const answer = await w.call(who, method, path, opts);
      if (answer.status >= 300) throw new Error(`fixture ${method} ${path} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    managed: (who, whose) => {
      if (whose === 'own') {
        if (who === 'coordinatorOfOtherHub') return { kind: 'hub', id: hubH2 };
        if (who === 'partner') return { kind: 'organisation', id: orgOwn };
        return { kind: 'hub', id: hubH1 };
      }
      if (who === 'coordinatorOfOtherHub') return { kind: 'hub', id: hubH1 };
      if (who === 'partner') return { kind: 'organisation', id: orgOther };
      return { kind: 'hub', id: hubH2 };
    },
    managerOf: (owner) =>
      owner.kind === 'hub'
        ? owner.id === hubH1
          ? as.coordinatorOfHub
          : owner.id === hubH2
            ? as.coordinatorOfOtherHub
            : as.admin
        : owner.id === orgOwn
          ? as.partner
          : owner.id === orgOther
            ? others.partner2
            : as.admin,
    person: (who, whose) => (whose === 'own' && who !== 'anonymous' ? as[who] : who === 'resident' ? others.resident2 : as.resident),
    today: () => londonDate(clock.now()),
    inDays: (n) => addDays(londonDate(clock.now()), n),
    seq: () => ++counter,
    clock,
    activityId: demoActivities.find((a) => a.hubId === hubH1 && a.organisationId === orgOwn)?.id ?? demoActivities[0]!.id,
    factories: undefined as never,
  };
  w.factories = factories(w);
  return w;
}

type Factories = ReturnType<typeof factories>;

/** Fresh objects, made through the API by their rightful owner. */
function factories(w: World) {
  const hubOwner = (hubId: string): Owner => ({ kind: 'hub', id: hubId });
  const rooms = new Map<string, string>();

  async function room(hubId: string, fresh = false): Promise<string> {
    if (!fresh && rooms.has(hubId)) return rooms.get(hubId)!;
    const body = {
      hubId,
      name: `Room ${w.seq()}`,
      capacity: 40,
      facilities: ['stepFree'],
      openingHours: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, opens: '08:00', closes: '22:00' })),
      setupMinutes: 0,
      cleardownMinutes: 0,
      rates: [{ customerType: 'partner', pencePerHour: 500 }],
    };
    const made = await w.must(w.managerOf(hubOwner(hubId)), 'POST', '/api/rooms', { body });
    if (!fresh) rooms.set(hubId, made.roomId);
    return made.roomId;
  }

  /** A booking slot nobody else has: one hour, a different one each call. */
  const slot = () => {
    const n = w.seq();
    const day = w.inDays(7 + (n % 60));
    const hour = 8 + (Math.floor(n / 60) % 13);
    const hh = String(hour).padStart(2, '0');
    return { start: `${day}T${hh}:00`, end: `${day}T${hh}:30` };
  };

  /** A room booking (pending unless the requester coordinates the hub) in a room of `hubId`, requested by `requester`. */
  async function roomBooking(requester: Person, hubId: string): Promise<string> {
    const roomId = await room(hubId);
    const isPartner = requester === w.as.partner || requester === w.others.partner2;
    const made = await w.must(requester, 'POST', `/api/rooms/${roomId}/bookings`, {
      body: { ...slot(), purpose: 'Knit and natter', expectedAttendance: 10, ...(isPartner ? {} : { groupName: 'Knitting circle' }) },
    });
    return made.bookingId;
  }

  /** A volunteer role run by `owner`. */
  async function role(owner: Owner, extra: Record<string, unknown> = {}): Promise<string> {
    const made = await w.must(w.managerOf(owner), 'POST', '/api/volunteer-roles', {
      body: {
        owner,
        title: 'Café host',
        description: 'Welcome people to the café and keep the tea flowing.',
        location: 'Main hall',
        commitment: 'Two hours a week',
        minimumAge: 16,
        requirements: { dbs: 'none', training: [], references: false },
        skills: ['Hospitality'],
        days: ['fri'],
        ...extra,
      },
    });
    return made.roleId;
  }

  /** `volunteer` applies for a new role run by `owner` (optionally approved). */
  async function application(owner: Owner, volunteer: Person, opts: { approve?: boolean; dateOfBirth?: string } = {}) {
    const roleId = await role(owner);
    await w.must(volunteer, 'POST', `/api/volunteer-roles/${roleId}/applications`, {
      body: { availability: 'Friday mornings', statement: 'I ran a café for ten years.', dateOfBirth: opts.dateOfBirth ?? '1980-05-01' },
    });
    if (opts.approve) await w.must(w.managerOf(owner), 'POST', `/api/volunteer-roles/${roleId}/applications/${volunteer.userId}/review`, { body: { decision: 'approve' } });
    return { roleId, volunteerId: volunteer.userId };
  }

  /** A shift with places for one role of `owner`'s; returns both ids. */
  async function shift(owner: Owner, roleId?: string, extra: Record<string, unknown> = {}) {
    const rid = roleId ?? (await role(owner));
    // a time no other shift of these tests has (one hour, a different one each call): a volunteer signed up to
    // two shifts that overlap is refused, so two fixtures for one person must never share a time
    const n = w.seq();
    const hour = 7 + (Math.floor(n / 40) % 14);
    const at = (h: number) => `${String(h).padStart(2, '0')}:00`;
    const made = await w.must(w.managerOf(owner), 'POST', '/api/shifts', {
      body: { owner, title: 'Friday café', location: 'Main hall', date: w.inDays(10 + (n % 40)), startTime: at(hour), endTime: at(hour + 1), places: [{ roleId: rid, places: 50 }], ...extra },
    });
    return { shiftId: made.items[0].shiftId as string, roleId: rid };
  }

  /** An approved volunteer signed up to a new shift of `owner`'s. */
  async function signedUp(owner: Owner, volunteer: Person) {
    const { roleId } = await application(owner, volunteer, { approve: true });
    const { shiftId } = await shift(owner, roleId);
    await w.must(volunteer, 'POST', `/api/shifts/${shiftId}/sign-up`, { body: { roleId } });
    return { shiftId, roleId };
  }

  /** Hours logged by `volunteer` for a role of `owner`'s, pending approval. */
  async function hours(owner: Owner, volunteer: Person) {
    const { roleId } = await application(owner, volunteer, { approve: true });
    const made = await w.must(volunteer, 'POST', '/api/volunteering/hours', { body: { roleId, date: w.today(), hours: 2 } });
    return made.hoursId as string;
  }

  /** An activity run by the organisation at the hub. */
  async function activity(owner: Owner, booking: Record<string, unknown> = { mode: 'reserve', defaultCapacity: 12 }) {
    const body = {
      title: `Knit and Natter ${w.seq()}`,
      description: 'Bring your knitting or learn from scratch.',
      organisationId: owner.kind === 'organisation' ? owner.id : demoIds.organisations.movingMore,
      hubId: owner.kind === 'hub' ? owner.id : demoIds.hubs.riversideLibrary,
      priorities: ['social-isolation'],
      cost: { kind: 'free' },
      booking,
    };
    const made = await w.must(w.managerOf(owner), 'POST', '/api/activities', { body });
    // an earlier request (hostile input's valid ones) may have set the partnership to hold partners' new activities for an admin
    if (made.awaitingApproval) await w.must('admin', 'POST', `/api/activities/${made.id}/approve`);
    return made.id as string;
  }

  /** A referral made by `lw`: assigned to them when they are a link worker, unassigned when an admin made it. */
  async function referral(lw: Person) {
    const made = await w.must(lw, 'POST', '/api/referrals', { body: referralBody() });
    return { id: made.id as string, personId: made.personId as string, version: made.version as number };
  }

  const referralBody = () => ({
    newPerson: { name: 'Desmond Price', phone: '07700 900777', dateOfBirth: '1951-07-14', contactPreferences: { methods: ['phone'] } },
    source: 'gp-practice',
    practiceName: 'Westfield Medical Practice',
    reasons: ['social-isolation'],
    whatMattersToMe: 'Getting to the allotment',
    contactPreferences: { methods: ['phone'] },
    consent: { givenBy: 'person', givenAt: '2026-03-01T10:00:00Z', sharing: ['link-worker-team', 'gp-practice'] },
  });

  /** A person record made by link worker `lw`. */
  async function person(lw: Person) {
    const made = await w.must(lw, 'POST', '/api/people', { body: { name: 'Ivy Marsh', phone: '01632 960555', contactPreferences: { methods: ['letter'] } } });
    return made.id as string;
  }

  /**
   * A new resident nobody has met: no applications, bookings or referrals yet (keeps checks independent of
   * order). Signed in one at a time: concurrent policies each making newcomers at once was a burst of
   * profile transactions DynamoDB Local answered with conflicts (503).
   */
  let signingIn: Promise<unknown> = Promise.resolve();
  function newcomer(): Promise<Person> {
    const next = signingIn.then(async () => {
      const email = `newcomer.${w.seq()}.${Date.now().toString(36)}@example.org`;
      const token = await w.p.tokenFor(email);
      const me = await w.must({ token, userId: '' }, 'GET', '/api/me');
      return { token, userId: me.userId as string };
    });
    signingIn = next.catch(() => undefined);
    return next;
  }

  /** Somebody with a resident's token and no profile (no sign-in, nothing written): owners of "someone else's" bookings. */
  async function stranger(): Promise<Person> {
    const userId = newId();
    return { userId, token: await w.p.signer.signAccessToken({ userId, roles: ['resident'] }) };
  }

  /** Somebody with a profile, written directly (no sign-in burst): a person others may book for (a booking for nobody is refused). */
  async function someone(): Promise<Person> {
    const person = await stranger();
    await createProfile(
      w.p.deps.db,
      { userId: person.userId, name: 'Someone Else', email: `someone.${person.userId.toLowerCase()}@example.org`, contactPreference: 'email', roles: ['resident'], hubIds: [], organisationIds: [] },
      w.clock.now(),
    );
    return person;
  }

  // ---------- sessions, reservations, registers ----------

  /** Activities that take bookings, one per owner and waitlist mode (made once, then reused). */
  const bookable = new Map<string, Promise<string>>();
  function bookableActivity(owner: Owner, waitlist: 'auto-confirm' | 'offer' = 'auto-confirm'): Promise<string> {
    const key = `${owner.kind}#${owner.id}#${waitlist}`;
    if (!bookable.has(key)) bookable.set(key, activity(owner, { mode: 'reserve', defaultCapacity: 12, closesHoursBefore: 0, waitlist }));
    return bookable.get(key)!;
  }

  /** The schedule body for a session: `inDays` ahead (default: a day 3 to 22 days out) at `startTime`, London. */
  type SessionOpts = { inDays?: number; startTime?: string; durationMinutes?: number; capacity?: number; rrule?: string };
  const sessionBody = (opts: SessionOpts = {}) => ({
    startDate: w.inDays(opts.inDays ?? 3 + (w.seq() % 20)),
    startTime: opts.startTime ?? '10:00',
    durationMinutes: opts.durationMinutes ?? 60,
    ...(opts.capacity ? { capacity: opts.capacity } : {}),
    ...(opts.rrule ? { rrule: opts.rrule } : {}),
  });

  /** A fresh session of an activity run by `owner`, scheduled by its manager. */
  async function session(owner: Owner, opts: SessionOpts & { waitlist?: 'auto-confirm' | 'offer' } = {}) {
    const activityId = await bookableActivity(owner, opts.waitlist);
    const made = await w.must(w.managerOf(owner), 'POST', `/api/activity-sessions/${activityId}`, { body: sessionBody(opts) });
    return made.sessions[0] as { id: string; activityId: string; localDate: string };
  }

  /** A course: a fresh activity of `owner`'s with two weekly sessions. */
  async function course(owner: Owner): Promise<string> {
    const activityId = await activity(owner, { mode: 'reserve', defaultCapacity: 12, closesHoursBefore: 0 });
    await w.must(w.managerOf(owner), 'POST', `/api/activity-sessions/${activityId}`, { body: sessionBody({ inDays: 4, rrule: 'FREQ=WEEKLY;COUNT=2' }) });
    return activityId;
  }

  /** `person` books a place in `sessionId`; answers the reservation id. */
  async function reserve(person: Person, sessionId: string): Promise<string> {
    const made = await w.must(person, 'POST', `/api/session-reservations/${sessionId}`, { body: {}, headers: { 'idempotency-key': newId() } });
    return made.id as string;
  }

  /** A confirmed booking of `person`'s in a new session run by `owner`, with its check-in code. */
  async function reservation(owner: Owner, person: Person, opts: SessionOpts = {}) {
    const s = await session(owner, opts);
    const id = await reserve(person, s.id);
    const mine = await w.must(person, 'GET', '/api/my-reservations');
    const code = (mine.items as { id: string; checkInCode: string }[]).find((r) => r.id === id)!.checkInCode;
    return { id, sessionId: s.id, personId: person.userId, localDate: s.localDate, checkInCode: code };
  }

  /** A place offered to `person` from the waitlist of a new one-place session run by `owner`: someone else had it and gave it up. */
  async function offer(owner: Owner, person: Person): Promise<string> {
    const s = await session(owner, { capacity: 1, waitlist: 'offer' });
    const first = await stranger();
    const firstId = await reserve(first, s.id);
    const id = await reserve(person, s.id);
    await w.must(first, 'DELETE', `/api/reservations/${firstId}`);
    await promoteFromWaitlist(w.p.deps, s.id); // what the stream does on the freed place (idempotent)
    return id;
  }

  /** An approved volunteer on a shift (`startTime` to `endTime`, London) that helps run `session`: one of its owner's, on its day, naming it. */
  async function onShift(owner: Owner, volunteer: Person, s: { id: string; localDate: string }, startTime: string, endTime: string) {
    const { roleId } = await application(owner, volunteer, { approve: true });
    const { shiftId } = await shift(owner, roleId, { date: s.localDate, startTime, endTime, activitySessionId: s.id });
    await w.must(volunteer, 'POST', `/api/shifts/${shiftId}/sign-up`, { body: { roleId } });
    return shiftId;
  }

  return {
    newcomer,
    stranger,
    someone,
    room,
    slot,
    roomBooking,
    role,
    application,
    shift,
    signedUp,
    hours,
    activity,
    referral,
    referralBody,
    person,
    bookableActivity,
    session,
    course,
    reserve,
    reservation,
    offer,
    onShift,
  };
}
