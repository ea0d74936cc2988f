import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shape the developers' guide asks for, kept by reading the files (fast, no platform): each domain's keys
 * spelled by its own data.ts, other domains' data.ts imported only where listed below with a reason, the AWS
 * SDK only where the table and the senders are, and domains importing one way (the README's order). Shrink
 * the lists; a stale entry fails too, so a removed exception is removed here.
 */
const root = resolve(__dirname, '..');
const functionsDir = join(root, 'functions');
/** folders of functions/ that are not domains */
const notDomains = new Set(['lib', 'local', 'lambda', 'stream', 'meta']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = filesUnder(functionsDir).map((path) => ({ path, rel: relative(functionsDir, path), text: readFileSync(path, 'utf8') }));
const areaOf = (rel: string) => rel.split('/')[0]!;
const isDomain = (area: string) => !notDomains.has(area) && !area.endsWith('.ts');

/** Every relative import of a file (type-only ones too, unless `runtime`), resolved to a path under functions/ (without extension). */
function importsOf(f: { path: string; text: string }, runtime = false): string[] {
  const specs = [...f.text.matchAll(/(?:import|export)\s([^;]*?)from\s+'(\.[^']+)'/g)].filter((m) => !runtime || !/^type\s/.test(m[1]!)).map((m) => m[2]!);
  return specs.map((s) => relative(functionsDir, resolve(dirname(f.path), s)));
}

/**
 * Imports of another domain's data.ts, by importing file and owner, each with why it is still there. The goal
 * (issue 22, point 2) is for the owners to export typed reads and transaction items from a module other
 * domains may import; until then each is listed.
 */
const crossDataImports: Record<string, string> = {
  'attendance/consumers.ts -> volunteers': 'marks a volunteer shift attended from the register (volunteers owns the shift)',
  'attendance/data.ts -> reservations': 'marking reads the people’s reservations in the same BatchGetItem as the session, by the owners’ exported keys',
  'attendance/data.ts -> sessions': 'marking reads the session in the same BatchGetItem as the people’s reservations, by the owners’ exported keys',
  'attendance/personal-data.ts -> reservations': 'erasure of marks finds the person’s reservations',
  'attendance/personal-data.ts -> volunteers': 'erasure of marks finds the person’s volunteer sign-ups',
  'attendance/service.ts -> accounts': 'names on the register (profile summaries)',
  'attendance/service.ts -> directory': 'the activity of a session (who may take its register)',
  'attendance/service.ts -> reservations': 'the register lists the session’s reservations',
  'attendance/service.ts -> sessions': 'the sessions of a day and a session’s facts',
  'attendance/service.ts -> volunteers': 'volunteers on shift at the session appear on the register',
  'directory/service.ts -> accounts': 'organisation and hub staff names',
  'messages/deliver.ts -> accounts': 'a message’s recipient’s contact details and communication needs',
  'privacy/service.ts -> accounts': 'a subject access request and erasure start from the person’s profile',
  'privacy/service.ts -> referrals': 'erasure and export of a person’s referrals',
  'referrals/bookings.ts -> sessions': 'the sessions a referral booked the person on',
  'referrals/bookings.ts -> attendance': 'a referral’s outcomes read the register’s marks of the sessions it booked',
  'referrals/bookings.ts -> reservations': 'a referral’s bookings are the person’s reservations',
  'referrals/service.ts -> accounts': 'the link worker’s and the person’s names',
  'messages/deliver.ts -> reminders': 'delivery honours the text opt-out list (reminders owns OPTOUT#)',
  'reminders/personal-data.ts -> accounts': 'erasure of a text opt-out starts from the phone number on the person’s profile',
  'reminders/service.ts -> accounts': 'the person a reminder or a reply is about (name, phone, email)',
  'reminders/service.ts -> directory': 'an activity’s reminder settings belong to the activity, and who manages it may change them',
  'reminders/service.ts -> reservations': 'the bookings of a session due a reminder',
  'reminders/service.ts -> sessions': 'the sessions whose bookings are due a reminder',
  'reminders/service.ts -> volunteers': 'the shifts starting in two days and who is on them, to ask whether they are still coming',
  'sessions/diary.ts -> volunteers': 'a session’s move checks the shifts that will follow it against the hub’s hours before anything is written',
  'sessions/place.ts -> directory': 'a session is held at its activity’s hub: the hub’s rooms and address',
  'sessions/place.ts -> rooms': 'a session in a room takes the room’s slots in its own transaction (rooms exports the transaction items)',
  'volunteers/consumers.ts -> sessions': 'a cancelled session closes the shifts attached to it',
  'referrals/service.ts -> directory': 'the activity a referral is made to',
  'reports/consumers.ts -> directory': 'report cells are named after an activity’s hub and priorities',
  'reports/consumers.ts -> reminders': 'no-shows are split by whether the activity asks people to confirm (its reminder settings)',
  'reports/service.ts -> directory': 'report rows show hub and activity names',
  'reservations/data.ts -> sessions': 'a booking carries the session’s place-counter items (sessions exports them) in its own transaction; a reservation lives in its session’s partition',
  'reservations/service.ts -> accounts': 'the booker’s contact details for the confirmation',
  'reservations/service.ts -> directory': 'my bookings show where each activity happens (its venue, or its hub’s address)',
  'reservations/service.ts -> sessions': 'the session being booked',
  'rooms/service.ts -> accounts': 'the requester’s name on a booking',
  'rooms/service.ts -> directory': 'the organisation a room booking is for',
  'sessions/service.ts -> directory': 'a session copies its activity’s facts',
  'sessions/service.ts -> rooms': 'a session is held in a confirmed room booking',
  'volunteers/service.ts -> accounts': 'a volunteer’s name and contact details',
};

describe('architecture', () => {
  it('imports another domain’s data.ts only where listed with a reason', () => {
    const found = new Set<string>();
    for (const f of files) {
      const from = areaOf(f.rel);
      if (!isDomain(from)) continue;
      for (const target of importsOf(f)) {
        const owner = areaOf(target);
        if (owner !== from && isDomain(owner) && /\/data$/.test(target)) found.add(`${f.rel} -> ${owner}`);
      }
    }
    expect(
      [...found].filter((k) => !crossDataImports[k]),
      'unlisted imports of another domain’s data.ts',
    ).toEqual([]);
    expect(
      Object.keys(crossDataImports).filter((k) => !found.has(k)),
      'listed imports that are gone: remove them from the list',
    ).toEqual([]);
  });

  it('spells a key prefix only in its owner’s data.ts', () => {
    // A prefix spelled by exactly one data.ts is that domain's; another file of another domain may not spell it.
    const prefixRe = /[`'"]([A-Z][A-Z_]*)#/g;
    const spelledBy = new Map<string, Set<string>>();
    for (const f of files.filter((x) => /^[a-z]+\/data\.ts$/.test(x.rel))) {
      for (const m of f.text.matchAll(prefixRe)) spelledBy.set(m[1]!, (spelledBy.get(m[1]!) ?? new Set()).add(areaOf(f.rel)));
    }
    const outside: string[] = [];
    for (const f of files) {
      const area = areaOf(f.rel);
      if (!isDomain(area)) continue;
      for (const m of f.text.matchAll(prefixRe)) {
        const owners = spelledBy.get(m[1]!);
        if (owners && owners.size === 1 && !owners.has(area)) outside.push(`${f.rel} spells ${m[1]}# (owned by ${[...owners][0]})`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('spells each key shape (ACTIVITY#*#SESSIONS) in one domain only, but for the shared partitions listed', () => {
    const by = new Map<string, Set<string>>();
    for (const f of files) {
      const area = areaOf(f.rel);
      if (!isDomain(area)) continue;
      for (const m of f.text.matchAll(/`([A-Z][A-Z_]*#[^`]*)`|'([A-Z][A-Z_]*#[^']*)'/g)) {
        const shape = (m[1] ?? m[2]!).replace(/\$\{[^}]*\}/g, '*');
        by.set(shape, (by.get(shape) ?? new Set()).add(area));
      }
    }
    const twice = [...by].filter(([, areas]) => areas.size > 1).map(([shape, areas]) => `${shape} ${[...areas].sort().join(',')}`);
    expect(
      twice.filter((k) => !sharedShapes[k]),
      'a key spelled by two domains: call the owner instead',
    ).toEqual([]);
    expect(
      Object.keys(sharedShapes).filter((k) => !twice.includes(k)),
      'listed shapes no longer shared',
    ).toEqual([]);
  });

  it('writes a session’s place counters only in sessions/data.ts (the items a booking’s transaction carries)', () => {
    // pins the comment at the top of functions/sessions/data.ts: no other file updates the counters itself
    const counters = /\b(confirmed|placesFree|waitlisted|waitingSeq|waitGone|placesReleased|placesFreedByReply|placesFromWaitlist)\s*=\s*(if_not_exists\()?\1\b|ADD (waitingSeq|waitGone)\b/;
    expect(files.filter((f) => f.rel !== 'sessions/data.ts' && counters.test(f.text)).map((f) => f.rel)).toEqual([]);
    expect(counters.test(files.find((f) => f.rel === 'sessions/data.ts')!.text)).toBe(true);
  });

  it('writes every transaction through lib/transact.ts (a refusal read by role, one way)', () => {
    expect(files.filter((f) => f.rel !== 'lib/transact.ts' && /\bTransactWriteCommand\b/.test(f.text)).map((f) => f.rel)).toEqual([]);
  });

  it('reads "now" from the injected clock, as lib/clock.ts says (so tests can move time)', () => {
    const realNow = (rel: string) => !/^(lib\/(clock|log|london)\.ts|local\/)/.test(rel);
    expect(files.filter((f) => realNow(f.rel) && /new Date\(\)/.test(f.text)).map((f) => f.rel)).toEqual([]);
    // the wall clock only where real time is meant: a token's expiry, and how long an in-memory cache is kept
    expect(files.filter((f) => realNow(f.rel) && /Date\.now\(\)/.test(f.text)).map((f) => f.rel)).toEqual(['directory/service.ts', 'lib/auth.ts', 'reports/consumers.ts']);
  });

  it('imports the AWS SDK only in lib/, data.ts, the message senders and local/', () => {
    const allowed = (rel: string) =>
      /^(lib|local|lambda|stream)\//.test(rel) || /\/data\.ts$/.test(rel) || /^messages\/(send|deliver|senders?)[^/]*\.ts$/.test(rel) || /^messages\/senders?\//.test(rel);
    const offenders = files.filter((f) => /from '@aws-sdk\//.test(f.text) && !allowed(f.rel)).map((f) => f.rel);
    expect(offenders).toEqual(offenders.filter((rel) => sdkExceptions[rel]));
    expect(
      Object.keys(sdkExceptions).filter((rel) => !offenders.includes(rel)),
      'listed SDK imports that are gone',
    ).toEqual([]);
  });

  it('has no (run-time) import cycle between domains: each imports only those before it in the README’s order', () => {
    // a domain asks one after it through that domain's port on its deps (lib/deps.ts), never by importing it
    const order = ['accounts', 'directory', 'volunteers', 'rooms', 'sessions', 'reservations', 'reminders', 'attendance', 'messages', 'referrals', 'reports', 'privacy'];
    const areas = new Set(files.map((f) => areaOf(f.rel)).filter(isDomain));
    expect([...areas].sort(), 'every domain has its place in the order').toEqual([...order].sort());
    expect(readFileSync(join(root, 'README.md'), 'utf8').replace(/\s+/g, ' '), 'the README states the same order').toContain(order.join(', '));
    const against = new Set<string>();
    for (const f of files) {
      const from = areaOf(f.rel);
      if (!isDomain(from)) continue;
      for (const target of importsOf(f, true)) {
        const to = areaOf(target);
        if (isDomain(to) && order.indexOf(to) > order.indexOf(from)) against.add(`${f.rel} -> ${to}`);
      }
    }
    expect([...against], 'imports of a domain after the importer (ask it through its port instead)').toEqual([]);
  });
});

/** Key shapes two domains spell, each with why (goal: only partitions whose items differ by sort key). */
const sharedShapes: Record<string, string> = {
  'HUB#* directory,rooms': 'a hub’s rooms live in the hub’s partition (different sort keys from the hub item)',
  'PERSON#* referrals,reservations': 'a person’s partition holds items of several owners (different sort keys)',
};

/** Files outside the allowed places that import the AWS SDK, each with why. */
const sdkExceptions: Record<string, string> = {};
