import { createHash, randomBytes } from 'node:crypto';
import { getProfile } from '../accounts/data';
import { type Actor, actsForOrganisation, coordinatesHub, isAdmin } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../lib/errors';
import { writeCalendar } from '../lib/ical';
import { newId } from '../lib/ids';
import { type OutboxMessage, putMessageOnce } from '../lib/outbox';
import { pageLink, paths } from '../lib/paths';
import type { ShiftItem } from './data';
import * as data from './data';
import { addDays, ageOn, ageProblem, checkKey, dueItems, formatDay, londonDate, overlaps, ownerKey, reminderThreshold, shiftBlockers } from './rules';
import type {
  Application,
  ApplyInput,
  Check,
  CreateRoleInput,
  DueItem,
  GuardianConsentInput,
  Hours,
  LogHoursInput,
  MyVolunteering,
  RecordCheckInput,
  ReviewInput,
  Role,
  Shift,
  SignUp,
  UpdateRoleInput,
} from './schema';

type Owner = { kind: 'hub' | 'organisation'; id: string };

/** Who may run a role, its applications, checks, shifts and hours: the hub's coordinators or the organisation's people. */
export const manages = (actor: Actor | undefined, owner: Owner): boolean => (owner.kind === 'hub' ? coordinatesHub(actor, owner.id) : actsForOrganisation(actor, owner.id));

function ownerFromQuery(q: { hubId?: string; organisationId?: string }): Owner | undefined {
  if (q.hubId) return { kind: 'hub', id: q.hubId };
  if (q.organisationId) return { kind: 'organisation', id: q.organisationId };
  return undefined;
}

function requireManager(actor: Actor, owner: Owner | undefined, what: string): Owner {
  if (!owner) throw new InvalidInput([{ field: 'query.hubId', rule: 'required', message: 'is required (or organisationId)' }]);
  if (!manages(actor, owner)) throw new Forbidden(`Only the ${owner.kind === 'hub' ? "hub's coordinators" : "organisation's staff"} can see ${what}.`);
  return owner;
}

const nameOf = async (deps: AppDeps, userId: string) => (await getProfile(deps.db, userId))?.name ?? 'A volunteer';
const today = (deps: AppDeps) => londonDate(deps.clock.now());
const link = (deps: AppDeps, path: string) => pageLink(deps.config.siteOrigin, path);

// Roles

type StoredRole = Role & { createdBy?: string };
const presentRole = ({ createdBy: _c, ...role }: StoredRole): Role => role;

export async function listRoles(
  deps: AppDeps,
  actor: Actor | undefined,
  q: { hubId?: string; organisationId?: string; skill?: string; day?: string; status?: Role['status']; limit: number; cursor?: string },
) {
  const status = q.status ?? 'open';
  if (status !== 'open') {
    const owner = ownerFromQuery(q);
    if (!owner || !manages(actor, owner)) throw new Forbidden('Only the people who run these roles can list roles that are not open.');
  }
  const page = await data.listRoles(deps.db, { ...q, status });
  return { ...page, items: page.items.map(presentRole) };
}

export async function getRole(deps: AppDeps, actor: Actor | undefined, roleId: string): Promise<Role> {
  const role = (await data.getRole(deps.db, roleId)) as StoredRole | undefined;
  if (!role || (role.status !== 'open' && !manages(actor, role.owner))) throw new NotFound('The volunteer role');
  return presentRole(role);
}

export async function createRole(deps: AppDeps, actor: Actor, body: CreateRoleInput, idempotencyKey?: string): Promise<Role> {
  if (!manages(actor, body.owner)) throw new Forbidden(`You can only publish roles for a ${body.owner.kind} you ${body.owner.kind === 'hub' ? 'coordinate' : 'act for'}.`);
  const now = deps.clock.now().toISOString();
  const role: StoredRole = {
    roleId: newId(deps.clock.now()),
    ...body,
    ...(body.hubId ? { hubId: body.hubId } : body.owner.kind === 'hub' ? { hubId: body.owner.id } : {}),
    createdAt: now,
    updatedAt: now,
    createdBy: actor.userId,
  };
  const roleId = await data.createRole(deps.db, role, { userId: actor.userId, key: idempotencyKey, now: deps.clock.now(), request: body });
  return getRole(deps, actor, roleId);
}

export async function updateRole(deps: AppDeps, actor: Actor, roleId: string, body: UpdateRoleInput): Promise<Role> {
  const role = (await data.getRole(deps.db, roleId)) as StoredRole | undefined;
  if (!role || (!manages(actor, role.owner) && role.status !== 'open')) throw new NotFound('The volunteer role');
  if (!manages(actor, role.owner)) throw new Forbidden('Only the people who run this role can change it.');
  const changed: StoredRole = { ...role, ...body, updatedAt: deps.clock.now().toISOString() };
  await data.replaceRole(deps.db, changed, role.updatedAt);
  return presentRole(changed);
}

// Applications

export async function applyForRole(deps: AppDeps, actor: Actor, roleId: string, body: ApplyInput): Promise<Application> {
  // two applications at once may both find no date of birth held: the second decides again on the one the first set
  for (let attempt = 0; ; attempt++) {
    try {
      return await applyOnce(deps, actor, roleId, body);
    } catch (err) {
      if (!(err instanceof Conflict && err.extra.code === 'changed') || attempt >= 2) throw err;
    }
  }
}

async function applyOnce(deps: AppDeps, actor: Actor, roleId: string, body: ApplyInput): Promise<Application> {
  const role = (await data.getRole(deps.db, roleId)) as StoredRole | undefined;
  if (!role || (role.status !== 'open' && !manages(actor, role.owner))) throw new NotFound('The volunteer role');
  if (role.status !== 'open') throw new RuleViolation('This role is not taking applications at the moment.', 'role_not_open');
  // the date of birth is held once, on the volunteer's record; a different one is a correction a
  // coordinator confirms, and until then whichever makes them under 18 keeps them on that path
  const record = await data.getRecord(deps.db, actor.userId);
  const known = record?.dateOfBirth;
  const { dateOfBirth: given, ...answers } = body;
  if (!known && !given) throw new InvalidInput([{ field: 'body.dateOfBirth', rule: 'required', message: 'is required the first time you apply' }]);
  const correction = known && given && given !== known ? given : record?.dateOfBirthCorrection?.dateOfBirth;
  const age = ageOn(known ?? given!, today(deps));
  const tooYoung = ageProblem(age, role.minimumAge);
  if (tooYoung) throw new RuleViolation(tooYoung, 'too_young', 'body.dateOfBirth');
  const under18 = age < 18 || (!!correction && ageOn(correction, today(deps)) < 18);
  const now = deps.clock.now();
  const app: Application = {
    roleId,
    roleTitle: role.title,
    volunteerId: actor.userId,
    volunteerName: await nameOf(deps, actor.userId),
    ownerId: role.owner.id,
    ownerKind: role.owner.kind,
    status: 'submitted',
    ...answers,
    under18,
    appliedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const notify: OutboxMessage | undefined = role.createdBy
    ? {
        toUserId: role.createdBy,
        about: actor.userId,
        kind: 'volunteer-application.submitted',
        subject: `New application: ${role.title}`,
        text: `${app.volunteerName} has applied to be a ${role.title}. Review it in your applications queue: ${link(deps, paths.volunteerApplications())}`,
      }
    : undefined;
  await data.putApplication(deps.db, app, notify, now, { known, set: known ? undefined : given, correction: known && given && given !== known ? given : undefined });
  return withBirthDate(app, { dateOfBirth: known ?? given, ...(correction ? { dateOfBirthCorrection: { dateOfBirth: correction, askedAt: now.toISOString() } } : {}) });
}

/** An application as its volunteer and coordinators see it: with the date of birth from the volunteer's profile. */
function withBirthDate(app: Application, record: Pick<data.VolunteerRecord, 'dateOfBirth' | 'dateOfBirthCorrection'> | undefined): Application {
  const { dateOfBirth: _old, dateOfBirthToConfirm: _c, ...rest } = app;
  const dateOfBirth = record?.dateOfBirth ?? app.dateOfBirth; // applications made before it moved to the profile kept their own
  return { ...rest, ...(dateOfBirth ? { dateOfBirth } : {}), ...(record?.dateOfBirthCorrection ? { dateOfBirthToConfirm: record.dateOfBirthCorrection.dateOfBirth } : {}) };
}

/** The volunteer themself or the people who run the role; anyone else is told there is nothing there. */
async function visibleApplication(deps: AppDeps, actor: Actor, roleId: string, volunteerId: string): Promise<Application> {
  const app = await data.getApplication(deps.db, roleId, volunteerId);
  if (!app || (app.volunteerId !== actor.userId && !manages(actor, { kind: app.ownerKind, id: app.ownerId }))) throw new NotFound('The application');
  return app;
}

export async function getApplication(deps: AppDeps, actor: Actor, roleId: string, volunteerId: string): Promise<Application> {
  const app = await visibleApplication(deps, actor, roleId, volunteerId);
  return withBirthDate(app, await data.getRecord(deps.db, volunteerId));
}

/**
 * A coordinator of one of the volunteer's roles confirms a corrected date of birth (having seen proof) or keeps
 * the one held; the applications still waiting then follow the date of birth that stands. Never their own.
 */
export async function decideDateOfBirth(deps: AppDeps, actor: Actor, roleId: string, volunteerId: string, body: { decision: 'confirm' | 'keep' }): Promise<Application> {
  const app = await managedApplication(deps, actor, roleId, volunteerId);
  if (app.volunteerId === actor.userId) throw new Forbidden('You cannot confirm your own date of birth; ask another coordinator.');
  const record = await data.getRecord(deps.db, volunteerId);
  const correction = record?.dateOfBirthCorrection?.dateOfBirth;
  if (!correction) throw new RuleViolation('There is no corrected date of birth waiting for a decision.', 'no_correction');
  if (!(await data.decideBirthDate(deps.db, volunteerId, correction, body.decision === 'confirm'))) {
    throw new Conflict('The date of birth changed meanwhile. Reload the application.', 'changed');
  }
  const stands = body.decision === 'confirm' ? correction : record.dateOfBirth!;
  const under18 = ageOn(stands, today(deps)) < 18;
  const now = deps.clock.now();
  for (const a of await data.listMyApplications(deps.db, volunteerId)) {
    if ((a.status === 'submitted' || a.status === 'more-info-requested') && a.under18 !== under18) await data.setUnder18(deps.db, a, under18, now);
  }
  return getApplication(deps, actor, roleId, volunteerId);
}

async function managedApplication(deps: AppDeps, actor: Actor, roleId: string, volunteerId: string): Promise<Application> {
  const app = await visibleApplication(deps, actor, roleId, volunteerId);
  if (!manages(actor, { kind: app.ownerKind, id: app.ownerId })) throw new Forbidden('Only the people who run this role can decide applications for it.');
  return app;
}

export async function listApplications(deps: AppDeps, actor: Actor, q: { hubId?: string; organisationId?: string; status?: Application['status']; limit: number; cursor?: string }) {
  const owner = ownerFromQuery(q);
  if (!owner) return { items: await data.listMyApplications(deps.db, actor.userId) };
  requireManager(actor, owner, 'these applications');
  return data.listApplicationsFor(deps.db, owner.id, q.status, q.limit, q.cursor);
}

export async function reviewApplication(deps: AppDeps, actor: Actor, roleId: string, volunteerId: string, body: ReviewInput): Promise<Application> {
  const app = await managedApplication(deps, actor, roleId, volunteerId);
  if (app.volunteerId === actor.userId) throw new Forbidden('You cannot decide your own application; ask another coordinator.');
  if (body.decision === 'approve' && app.under18 && !app.guardianConsent) {
    throw new RuleViolation(
      `${app.volunteerName} is under 18, so a parent or guardian's consent must be recorded before approval. Record it on the application, then approve.`,
      'guardian_consent_needed',
    );
  }
  const roleLink = link(deps, paths.volunteeringMe());
  const [change, message] =
    body.decision === 'approve'
      ? [
          { status: 'approved' as const },
          {
            subject: `You are approved as a ${app.roleTitle}`,
            text: `Good news: your application to be a ${app.roleTitle} is approved.${body.message ? ` ${body.message}` : ''} You can now sign up for shifts once any checks the role needs are recorded: ${roleLink}`,
          },
        ]
      : body.decision === 'decline'
        ? [
            { status: 'declined' as const, decisionReason: body.reason },
            {
              subject: `Your application to be a ${app.roleTitle}`,
              text: `Thank you for applying to be a ${app.roleTitle}. This time we cannot offer you the role: ${body.reason} Other roles are open: ${link(deps, paths.volunteerRoles())}`,
            },
          ]
        : [
            { status: 'more-info-requested' as const, question: body.question },
            {
              subject: `A question about your application to be a ${app.roleTitle}`,
              text: `The coordinator needs a little more before deciding: ${body.question} Please update your application: ${roleLink}`,
            },
          ];
  await data.decideApplication(deps.db, app, change, { toUserId: app.volunteerId, kind: `volunteer-application.${change.status}`, ...message }, deps.clock.now());
  return getApplication(deps, actor, roleId, volunteerId);
}

export async function recordGuardianConsent(deps: AppDeps, actor: Actor, roleId: string, volunteerId: string, body: GuardianConsentInput): Promise<Application> {
  const app = await managedApplication(deps, actor, roleId, volunteerId);
  if (app.volunteerId === actor.userId) throw new Forbidden('You cannot record consent for your own application; ask another coordinator.');
  if (!app.under18) throw new RuleViolation('Consent from a parent or guardian is only needed for volunteers under 18.', 'not_needed');
  await data.recordGuardianConsent(deps.db, app, { ...body, recordedBy: actor.userId }, deps.clock.now());
  return getApplication(deps, actor, roleId, volunteerId);
}

// Checks

/**
 * Coordinators of any role a volunteer has applied for may see and record their checks; and the volunteer
 * may see theirs. Answers whose checks the recorder vouches for: the owners of those roles they run (an
 * admin: `admin`), so a check counts only for the roles of whoever recorded it.
 */
async function assertMayHandleChecks(deps: AppDeps, actor: Actor, volunteerId: string, write: boolean): Promise<string[]> {
  if (!write && actor.userId === volunteerId) return [];
  if (write && actor.userId === volunteerId) throw new Forbidden('You cannot record your own checks: the coordinator of the role records them.');
  const apps = await data.listMyApplications(deps.db, volunteerId);
  const owners = apps.filter((a) => manages(actor, { kind: a.ownerKind, id: a.ownerId })).map((a) => ownerKey({ kind: a.ownerKind, id: a.ownerId }));
  if (!owners.length) {
    if (write) throw new Forbidden("You can only record checks for volunteers who have applied for your hub's or organisation's roles.");
    throw new NotFound("This volunteer's checks");
  }
  return isAdmin(actor) ? ['admin'] : [...new Set(owners)];
}

export async function recordVolunteerCheck(deps: AppDeps, actor: Actor, body: RecordCheckInput): Promise<Check> {
  if (body.type === 'training' && !body.module) throw new InvalidInput([{ field: 'body.module', rule: 'required', message: 'is required for a training record' }]);
  if (body.type !== 'training' && body.module) throw new InvalidInput([{ field: 'body.module', rule: 'unknown_field', message: 'is only for training records' }]);
  if (body.expiresOn && body.expiresOn < body.checkedOn) throw new InvalidInput([{ field: 'body.expiresOn', rule: 'too_small', message: 'must be on or after checkedOn' }]);
  if (body.checkedOn > today(deps)) throw new InvalidInput([{ field: 'body.checkedOn', rule: 'too_big', message: 'cannot be in the future' }]);
  const vouchedFor = await assertMayHandleChecks(deps, actor, body.volunteerId, true);
  const key = checkKey(body.type, body.module);
  // the same certificate confirmed by the owner of another role counts for both
  const earlier = (await data.listChecks(deps.db, body.volunteerId)).find((c) => c.key === key);
  const same = earlier && earlier.outcome === body.outcome && earlier.checkedOn === body.checkedOn && earlier.expiresOn === body.expiresOn;
  const recordedFor = [...new Set([...(same ? (earlier.recordedFor ?? []) : []), ...vouchedFor])];
  const check: Check = { ...body, key, recordedBy: actor.userId, recordedByName: await nameOf(deps, actor.userId), recordedFor, recordedAt: deps.clock.now().toISOString() };
  await data.putCheck(deps.db, check);
  return check;
}

export async function listVolunteerChecks(deps: AppDeps, actor: Actor, volunteerId: string): Promise<{ items: Check[] }> {
  await assertMayHandleChecks(deps, actor, volunteerId, false);
  return { items: await data.listChecks(deps.db, volunteerId) };
}

/** Missing, expired and soon-expiring checks of every approved volunteer in a hub's or organisation's roles. */
export async function listChecksDue(deps: AppDeps, actor: Actor, q: { hubId?: string; organisationId?: string; withinDays: number }): Promise<{ items: DueItem[] }> {
  const owner = requireManager(actor, ownerFromQuery(q), 'checks due');
  const approved = await data.listApprovedFor(deps.db, owner.id);
  return { items: await dueFor(deps, approved, q.withinDays) };
}

async function dueFor(deps: AppDeps, apps: Application[], withinDays: number): Promise<DueItem[]> {
  const items = await data.getMany(deps.db, [...apps.map((a) => data.roleKey(a.roleId)), ...apps.map((a) => data.recordKey(a.volunteerId))]);
  const roles = new Map(items.filter((i) => i.type === 'VolunteerRole').map((i) => [i.roleId as string, i as unknown as Role]));
  const records = new Map(items.filter((i) => i.type === 'VolunteerRecord').map((i) => [i.userId as string, i as unknown as data.VolunteerRecord]));
  return apps.flatMap((a) => {
    const role = roles.get(a.roleId);
    if (!role) return [];
    const who = { volunteerId: a.volunteerId, volunteerName: a.volunteerName, roleId: a.roleId, roleTitle: a.roleTitle };
    return dueItems(role.requirements, records.get(a.volunteerId)?.checks ?? {}, today(deps), withinDays, who, ownerKey(role.owner));
  });
}

/**
 * Scheduled daily. Reminds each volunteer 60, 30 and 7 days before a check expires. The message id is
 * made from the check and the threshold, so running it twice (or catching up after a missed day) sends
 * one reminder per check per threshold, never more.
 */
export async function sendCheckExpiryReminders(deps: AppDeps): Promise<number> {
  const day = today(deps);
  const checks = await data.listChecksExpiring(deps.db, day, addDays(day, 60));
  let sent = 0;
  for (const check of checks) {
    const threshold = reminderThreshold(check.expiresOn!, day);
    if (!threshold || check.outcome !== 'clear') continue;
    const what = check.type === 'training' ? `"${check.module}" training` : check.type.startsWith('dbs-') ? `${check.type.slice(4)} DBS check` : 'references';
    const id = `vcheck-${check.volunteerId}-${createHash('sha256').update(check.key).digest('hex').slice(0, 16)}-${check.expiresOn}-${threshold}`;
    const message: OutboxMessage = {
      toUserId: check.volunteerId,
      kind: 'volunteer-check.expiring',
      subject: `Your ${what} expires on ${formatDay(check.expiresOn!)}`,
      text: `Your ${what} expires on ${formatDay(check.expiresOn!)} (in ${threshold === 7 ? 'a week' : `${threshold} days`} or less). Please ask your coordinator to arrange a renewal, so you can keep taking shifts: ${link(deps, paths.volunteeringMe())}`,
    };
    if (await putMessageOnce(deps.db, message, deps.clock.now(), id)) sent++;
  }
  return sent;
}

// Shifts

export function presentShift(s: ShiftItem, volunteers?: Shift['volunteers']): Shift {
  const { places, taken, roleTitles, createdBy: _c, status: _s, hoursOverride, movedWith: _m, movedFrom: _mf, movedAt: _ma, ...rest } = s;
  const roles = Object.keys(places).map((roleId) => ({
    roleId,
    roleTitle: roleTitles[roleId] ?? '',
    places: places[roleId]!,
    taken: taken[roleId] ?? 0,
    open: places[roleId]! - (taken[roleId] ?? 0),
  }));
  const openPlaces = roles.reduce((n, r) => n + r.open, 0);
  return {
    ...rest,
    roles,
    openPlaces,
    hasGaps: openPlaces > 0,
    ...(hoursOverride ? { outsideHours: { reason: hoursOverride.reason, at: hoursOverride.at } } : {}),
    ...(volunteers ? { volunteers } : {}),
  };
}

export async function listShifts(
  deps: AppDeps,
  q: { hubId?: string; organisationId?: string; roleId?: string; from?: string; to?: string; gapsOnly?: boolean; limit: number; cursor?: string },
  actor?: Actor,
) {
  const from = new Date(q.from ?? deps.clock.now()).toISOString();
  const to = new Date(q.to ?? Date.parse(from) + 56 * 86_400_000).toISOString();
  if (to < from) throw new InvalidInput([{ field: 'query.to', rule: 'too_small', message: 'must be after from' }]);
  const page = await data.listShifts(deps.db, { ...q, from, to });
  const blocked = q.roleId && actor ? await signUpBlockers(deps, actor, q.roleId, page.items) : new Map<string, string>();
  return { ...page, items: page.items.map((s) => ({ ...presentShift(s), ...(blocked.has(s.shiftId) ? { cannotSignUp: blocked.get(s.shiftId)! } : {}) })) };
}

/**
 * For a volunteer approved in the role: why they cannot sign up for each of these shifts (checks missing, or
 * expired by the shift's date), so "Sign up" is not offered where the sign-up would be refused.
 */
async function signUpBlockers(deps: AppDeps, actor: Actor, roleId: string, shifts: ShiftItem[]): Promise<Map<string, string>> {
  const [role, record] = await Promise.all([data.getRole(deps.db, roleId), data.getRecord(deps.db, actor.userId)]);
  if (!role || !record?.approvedRoles[roleId]) return new Map();
  const today = londonDate(deps.clock.now());
  return new Map(
    shifts.flatMap((s) => {
      const blockers = shiftBlockers(role.requirements, record.checks, londonDate(s.endsAt), role.title, ownerKey(role.owner), today);
      return blockers.length ? [[s.shiftId, blockers.join(' ')] as const] : [];
    }),
  );
}

export async function getShift(deps: AppDeps, actor: Actor | undefined, shiftId: string): Promise<Shift> {
  const shift = await data.getShift(deps.db, shiftId);
  if (!shift) throw new NotFound('The shift');
  if (!manages(actor, shift.owner)) return presentShift(shift);
  const signUps = await data.listSignUpsFor(deps.db, shiftId);
  return presentShift(
    shift,
    signUps.map((s) => ({ volunteerId: s.volunteerId, volunteerName: s.volunteerName, roleId: s.roleId, signedUpAt: s.signedUpAt })),
  );
}

/**
 * Reads the shift, the role and the volunteer's record in one BatchGetItem, decides, then writes one
 * transaction whose conditions hold the invariants (places left, one sign-up each, and the record unchanged
 * since it was read, which covers approval, checks and overlapping shifts). A concurrent change to the
 * volunteer's own record makes it decide again (at most a few times).
 */
export async function signUpForShift(deps: AppDeps, actor: Actor, shiftId: string, roleId: string): Promise<SignUp> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const { shift, role, record } = await data.readForSignUp(deps.db, shiftId, roleId, actor.userId);
    const now = deps.clock.now();
    if (shift?.status !== 'open') throw new NotFound('The shift');
    if (shift.places[roleId] === undefined || !role) {
      throw new RuleViolation('This shift has no places for that role. Choose one of the roles the shift lists.', 'role_not_on_shift', 'body.roleId');
    }
    if (Date.parse(shift.startsAt) <= now.getTime()) throw new RuleViolation('This shift has already started, so it is too late to sign up.', 'shift_started');
    if (!record?.approvedRoles[roleId]) {
      throw new RuleViolation(`You need to be approved as a ${role.title} before you can take its shifts. Apply for the role, and you can sign up once a coordinator approves you.`, 'not_approved');
    }
    if (record.shifts[shiftId]) throw new Conflict('You are already signed up for this shift.', 'already_signed_up');
    const blockers = shiftBlockers(role.requirements, record.checks, londonDate(shift.endsAt), role.title, ownerKey(role.owner), londonDate(now));
    if (blockers.length) throw new RuleViolation(blockers.join(' '), 'checks_needed');
    const clash = Object.values(record.shifts).find((s) => overlaps(s, shift));
    if (clash) {
      throw new Conflict(
        `This shift overlaps another shift you have signed up for (${clash.startsAt} to ${clash.endsAt}). Withdraw from that one first if you would rather do this.`,
        'overlapping_shift',
      );
    }
    if ((shift.taken[roleId] ?? 0) >= shift.places[roleId]!) throw new Conflict('Sorry, all the places on this shift for that role are taken.', 'shift_full');

    const signUp = {
      shiftId,
      volunteerId: actor.userId,
      volunteerName: record.volunteerName,
      roleId,
      roleTitle: role.title,
      title: shift.title,
      location: shift.location,
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
      signedUpAt: now.toISOString(),
      createdBy: shift.createdBy,
    };
    const past = Object.entries(record.shifts)
      .filter(([id, s]) => id !== data.placeholder && Date.parse(s.endsAt) < now.getTime())
      .map(([id]) => id)
      .slice(0, 20);
    const outcome = await data.takePlace(deps.db, signUp, record.version, past);
    if (outcome === 'done') return presentSignUp(signUp);
    if (outcome === 'full') throw new Conflict('Sorry, all the places on this shift for that role are taken.', 'shift_full');
    if (outcome === 'already') throw new Conflict('You are already signed up for this shift.', 'already_signed_up');
  }
  throw new Conflict('Your volunteering record was changing while you signed up. Please try again.', 'changed');
}

const presentSignUp = ({ volunteerName: _n, createdBy: _c, ...s }: SignUp & { volunteerName?: string; createdBy?: string }): SignUp => s;

export async function withdrawFromShift(deps: AppDeps, actor: Actor, shiftId: string, reason?: string): Promise<void> {
  const signUp = await data.getSignUp(deps.db, shiftId, actor.userId);
  if (!signUp) throw new NotFound('Your sign-up for this shift');
  if (Date.parse(signUp.startsAt) <= deps.clock.now().getTime()) {
    throw new RuleViolation('This shift has already started. Please tell your coordinator directly that you cannot be there.', 'shift_started');
  }
  const when = new Date(signUp.startsAt).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'full', timeStyle: 'short' });
  await data.releasePlace(
    deps.db,
    signUp,
    {
      toUserId: signUp.createdBy,
      about: signUp.volunteerId,
      kind: 'volunteer-shift.withdrawn',
      subject: `${signUp.volunteerName} can no longer do ${signUp.title}`,
      text: `${signUp.volunteerName} has withdrawn from ${signUp.title} (${signUp.roleTitle}) on ${when}.${reason ? ` They said: ${reason}` : ''} The place is open again: ${link(deps, paths.rota())}`,
    },
    deps.clock.now(),
  );
}

/** Scheduled hourly: a reminder to each volunteer about 24 hours before their shift, once per sign-up. */
export async function sendShiftReminders(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const shifts = await data.listShiftsStarting(deps.db, now.toISOString(), new Date(now.getTime() + 24 * 3_600_000).toISOString());
  let sent = 0;
  for (const shift of shifts.filter((s) => s.status === 'open')) {
    const when = new Date(shift.startsAt).toLocaleString('en-GB', { timeZone: 'Europe/London', weekday: 'long', hour: 'numeric', minute: '2-digit' });
    for (const s of await data.listSignUpsFor(deps.db, shift.shiftId)) {
      const message: OutboxMessage = {
        toUserId: s.volunteerId,
        kind: 'volunteer-shift.reminder',
        subject: `Reminder: ${shift.title}, ${when}`,
        text: `A reminder that you are helping as ${s.roleTitle} at ${shift.title}, ${when}, at ${shift.location}. If you cannot make it, please withdraw so someone else can: ${link(deps, paths.volunteeringMe())}`,
      };
      if (await putMessageOnce(deps.db, message, now, `vshift-${shift.shiftId}-${s.volunteerId}`)) sent++;
    }
  }
  return sent;
}

// Hours

/**
 * Hours from attendance: the attendance domain calls this when a volunteer's attendance at a shift is taken.
 * Recording again for the same shift and volunteer replaces the figure (one entry per shift per volunteer).
 */
export async function recordShiftHours(deps: AppDeps, shiftId: string, volunteerId: string, hours: number, by: string): Promise<Hours> {
  const signUp = await data.getSignUp(deps.db, shiftId, volunteerId);
  const shift = await data.getShift(deps.db, shiftId);
  if (!shift || !signUp) throw new NotFound('The volunteer on that shift');
  if (!(hours > 0 && hours <= 24)) throw new InvalidInput([{ field: 'hours', rule: 'out_of_range', message: 'must be more than 0 and at most 24' }]);
  const entry: Hours & { decidedBy: string } = {
    hoursId: `SHIFT-${shiftId}-${volunteerId}`,
    volunteerId,
    roleId: signUp.roleId,
    roleTitle: signUp.roleTitle,
    ownerId: shift.owner.id,
    ownerKind: shift.owner.kind,
    date: londonDate(shift.startsAt),
    hours,
    source: 'shift',
    status: 'approved',
    shiftId,
    decidedBy: by,
  };
  await data.putShiftHours(deps.db, entry);
  return entry;
}

export async function logVolunteerHours(deps: AppDeps, actor: Actor, body: LogHoursInput, idempotencyKey?: string): Promise<Hours> {
  if (body.date > today(deps)) throw new InvalidInput([{ field: 'body.date', rule: 'too_big', message: 'cannot be in the future' }]);
  const [record, role, app] = await Promise.all([data.getRecord(deps.db, actor.userId), data.getRole(deps.db, body.roleId), data.getApplication(deps.db, body.roleId, actor.userId)]);
  if (!role || !record?.approvedRoles[body.roleId]) {
    throw new RuleViolation('You can log hours only for roles you are approved for.', 'not_approved', 'body.roleId');
  }
  // within their time with the role: from the day they were approved
  const since = app?.status === 'approved' ? londonDate(app.approvedAt ?? app.updatedAt) : undefined;
  if (since && body.date < since) throw new RuleViolation(`You were approved as a ${role.title} on ${formatDay(since)}: log hours from that day on.`, 'before_approved', 'body.date');
  const entry: Hours = {
    hoursId: newId(deps.clock.now()),
    volunteerId: actor.userId,
    volunteerName: record.volunteerName,
    roleId: role.roleId,
    roleTitle: role.title,
    ownerId: role.owner.id,
    ownerKind: role.owner.kind,
    date: body.date,
    hours: body.hours,
    source: 'self',
    status: 'pending',
    ...(body.note ? { note: body.note } : {}),
  };
  const hoursId = await data.putLoggedHours(deps.db, entry, { userId: actor.userId, key: idempotencyKey, now: deps.clock.now(), request: body });
  return (await data.getHours(deps.db, hoursId))!;
}

export async function listHoursToApprove(deps: AppDeps, actor: Actor, q: { hubId?: string; organisationId?: string }): Promise<{ items: Hours[] }> {
  const owner = requireManager(actor, ownerFromQuery(q), 'hours to approve');
  return { items: await data.listPendingHours(deps.db, owner.id) };
}

export async function approveVolunteerHours(deps: AppDeps, actor: Actor, hoursId: string, decision: { decision: 'approve' } | { decision: 'reject'; reason: string }): Promise<Hours> {
  const hours = await data.getHours(deps.db, hoursId);
  if (!hours || (hours.volunteerId !== actor.userId && !manages(actor, { kind: hours.ownerKind, id: hours.ownerId }))) throw new NotFound('Those hours');
  if (!manages(actor, { kind: hours.ownerKind, id: hours.ownerId }) || hours.volunteerId === actor.userId) {
    throw new Forbidden('Hours are approved by a coordinator of the role, not by the volunteer.');
  }
  const status = decision.decision === 'approve' ? 'approved' : 'rejected';
  await data.decideHours(deps.db, hours, status, decision.decision === 'reject' ? decision.reason : undefined, actor.userId, deps.clock.now());
  return (await data.getHours(deps.db, hoursId))!;
}

// The volunteer's own page and calendar

export async function getMyVolunteering(deps: AppDeps, actor: Actor): Promise<MyVolunteering> {
  const now = deps.clock.now();
  const day = londonDate(now);
  const yearStart = `${day.slice(0, 4)}-01-01`;
  const [shifts, hours, applications, checks, record] = await Promise.all([
    data.listMyShifts(deps.db, actor.userId, now.toISOString()),
    data.listMyHours(deps.db, actor.userId, yearStart),
    data.listMyApplications(deps.db, actor.userId),
    data.listChecks(deps.db, actor.userId),
    data.getRecord(deps.db, actor.userId),
  ]);
  const sum = (list: Hours[]) => list.reduce((n, h) => n + h.hours, 0);
  const approved = hours.filter((h) => h.status === 'approved');
  const checksDue = await dueFor(
    deps,
    applications.filter((a) => a.status === 'approved'),
    60,
  );
  return {
    upcomingShifts: shifts.map(presentSignUp),
    hours: {
      thisMonth: sum(approved.filter((h) => h.date.startsWith(day.slice(0, 7)))),
      thisYear: sum(approved),
      pending: sum(hours.filter((h) => h.status === 'pending')),
    },
    applications,
    checks,
    checksDue,
    ...(record?.calendarToken ? { calendarUrl: calendarUrl(deps, record.calendarToken) } : {}),
    ...(record?.dateOfBirth ? { dateOfBirth: record.dateOfBirth } : {}),
    ...(record?.dateOfBirthCorrection ? { dateOfBirthToConfirm: record.dateOfBirthCorrection.dateOfBirth } : {}),
  };
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const calendarUrl = (deps: AppDeps, token: string) => link(deps, `/api/volunteering/calendar/${token}.ics`);

/** A new private calendar link (any earlier one stops working). */
export async function createCalendarLink(deps: AppDeps, actor: Actor): Promise<{ calendarUrl: string }> {
  const record = await data.getRecord(deps.db, actor.userId);
  if (!record) throw new NotFound('Your volunteering record (apply for a role first)');
  const token = randomBytes(32).toString('base64url');
  await data.setCalendarToken(deps.db, actor.userId, token, tokenHash(token), record.calendarToken ? tokenHash(record.calendarToken) : undefined);
  return { calendarUrl: calendarUrl(deps, token) };
}

/** The feed behind a calendar link: the volunteer's shifts from 30 days ago onwards. */
export async function volunteerCalendar(deps: AppDeps, token: string): Promise<string> {
  const userId = await data.calendarOwner(deps.db, tokenHash(token.replace(/\.ics$/, '')));
  if (!userId) throw new NotFound('This calendar link');
  const from = new Date(deps.clock.now().getTime() - 30 * 86_400_000).toISOString();
  const shifts = await data.listMyShifts(deps.db, userId, from);
  return writeCalendar(
    shifts.map((s) => ({
      uid: `${s.shiftId}-${s.volunteerId}@common-ground`,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      summary: `${s.title} (${s.roleTitle})`,
      location: s.location,
      stampedAt: s.signedUpAt,
    })),
    { name: 'My volunteering shifts', product: 'Volunteer shifts', stampedAt: deps.clock.now(), times: 'utc' },
  );
}
