import type { AppDeps } from '../../lib/deps';
import * as data from '../../referrals/data';
import { type ContactPreferences, type Person, type Referral, type ReferralDetails, type ReferralStatus, snomed } from '../../referrals/schema';
import { demoActivities } from './directory';
import { demoIds } from './ids';

/**
 * Demo referrals: a few on linkworker@example.org's caseload at different stages, and one waiting in the
 * queue. Fictional people; "what matters to me" in the words the partnerships' plans use (isolation after a
 * fall, caring for a parent with dementia, confidence after hospital, menopause at work).
 */
const pad = (prefix: string, n: number) => prefix + String(n).padStart(26 - prefix.length, '0');
const activityId = (title: string) => demoActivities.find((a) => a.title.startsWith(title))!.id;
const lw = demoIds.users.linkworker;
const day = 86_400_000;
const phoneFirst: ContactPreferences = { methods: ['phone'], bestTimes: 'weekday mornings' };

export const demoReferralIds = { edna: pad('01JDEM0REF', 1), rosa: pad('01JDEM0REF', 2), tomasz: pad('01JDEM0REF', 3), priya: pad('01JDEM0REF', 4), george: pad('01JDEM0REF', 5) };
const personIds = { edna: pad('01JDEM0PER', 1), tomasz: pad('01JDEM0PER', 2), priya: pad('01JDEM0PER', 3), george: pad('01JDEM0PER', 4) };

interface DemoReferral {
  id: string;
  person: Omit<Person, 'createdAt' | 'updatedAt' | 'createdBy'> | { id: string; existing: true };
  daysAgo: number;
  source: Referral['source'];
  practiceName?: string;
  reasons: string[];
  whatMattersToMe: string;
  contactPreferences: ContactPreferences;
  path: ReferralStatus[];
  assigned: boolean;
  plan?: string[];
  ons4Start?: [number, number, number, number];
  ons4End?: [number, number, number, number];
  note?: string;
}

const demoReferrals: DemoReferral[] = [
  {
    id: demoReferralIds.edna,
    person: {
      id: personIds.edna,
      name: 'Edna Fairweather',
      phone: '01632 960871',
      dateOfBirth: '1946-11-03',
      contactPreferences: { methods: ['phone', 'letter'], bestTimes: 'after 10am', notes: 'Hard of hearing: speak slowly, or write' },
    },
    daysAgo: 12,
    source: 'gp-practice',
    practiceName: 'Westfield Medical Practice',
    reasons: ['social-isolation', 'frailty'],
    whatMattersToMe: 'Since my fall last winter I hardly go out. I used to love the lunch club at church and I want to feel steady enough on my feet to get to the shops on my own again.',
    contactPreferences: { methods: ['phone', 'letter'], bestTimes: 'after 10am' },
    path: ['contacted', 'plan-agreed'],
    assigned: true,
    plan: ['Steady Steps', 'Lunch Club'],
    ons4Start: [4, 5, 4, 7],
    note: 'Agreed to try strength and balance first; her neighbour can drive her on Mondays.',
  },
  {
    id: demoReferralIds.rosa,
    person: { id: demoIds.users.resident, existing: true },
    daysAgo: 5,
    source: 'self',
    reasons: ['carers', 'dementia'],
    whatMattersToMe: 'I look after my mum, who has dementia, and I have not had a proper conversation with anyone else in weeks. I would like to meet other carers who understand.',
    contactPreferences: { methods: ['email', 'phone'], bestTimes: 'school hours' },
    path: ['contacted'],
    assigned: true,
    ons4Start: [5, 7, 4, 8],
  },
  {
    id: demoReferralIds.tomasz,
    person: { id: personIds.tomasz, name: 'Tomasz Wiśniewski', phone: '07700 900312', contactPreferences: { methods: ['text', 'phone'] } },
    daysAgo: 10,
    source: 'hospital-discharge',
    practiceName: 'Riverside General Hospital, cardiac ward',
    reasons: ['physical-activity', 'social-isolation'],
    whatMattersToMe: 'I came home after my heart operation and I am nervous about exercise. I want my confidence back, and to meet people: my English gets better when I am with people.',
    contactPreferences: { methods: ['text', 'phone'], notes: 'Text first; Polish speaker, English is fine for short calls' },
    path: [],
    assigned: true,
  },
  {
    id: demoReferralIds.priya,
    person: { id: personIds.priya, name: 'Priya Raman', email: 'priya.raman@example.net', contactPreferences: { methods: ['email'] } },
    daysAgo: 2,
    source: 'self',
    reasons: ['menopause', 'womens-health', 'mental-health-and-wellbeing'],
    whatMattersToMe: 'The menopause has knocked my confidence at work and I feel like the only one. I would like to talk to other women going through it, in the evening if possible.',
    contactPreferences: { methods: ['email'], bestTimes: 'evenings' },
    path: [],
    assigned: false,
  },
  {
    id: demoReferralIds.george,
    person: { id: personIds.george, name: 'George Abara', phone: '01632 960455', contactPreferences: phoneFirst },
    daysAgo: 70,
    source: 'community-group',
    practiceName: 'Westfield Veterans Breakfast Club',
    reasons: ['veterans', 'mental-health-and-wellbeing'],
    whatMattersToMe: 'Since I retired I have nothing to get up for. I was an engineer in the army; I would like to make things with my hands again, with other people.',
    contactPreferences: phoneFirst,
    path: ['contacted', 'plan-agreed', 'closed'],
    assigned: true,
    plan: ['Men’s Shed'],
    ons4Start: [3, 3, 4, 6],
    ons4End: [7, 8, 7, 3],
  },
];

const ons4 = (s: [number, number, number, number], at: string) => ({ lifeSatisfaction: s[0], worthwhile: s[1], happiness: s[2], anxiety: s[3], recordedAt: at });

export async function seedReferrals(deps: AppDeps): Promise<void> {
  const now = deps.clock.now().getTime();
  for (const d of demoReferrals) {
    if (await data.getReferral(deps.db, d.id)) continue;
    const created = new Date(now - d.daysAgo * day).toISOString();
    const step = (i: number) => new Date(now - d.daysAgo * day + (i + 1) * 2 * day).toISOString();
    const by = d.source !== 'self' ? lw : 'existing' in d.person ? d.person.id : 'self';
    let newPerson: Person | undefined;
    if ('existing' in d.person) {
      const profile = { id: d.person.id, userId: d.person.id, name: 'Rosa Bennett', email: 'resident@example.org', contactPreferences: d.contactPreferences };
      await data.putPersonIfAbsent(deps.db, { ...profile, createdBy: d.person.id, createdAt: created, updatedAt: created });
    } else newPerson = { ...d.person, createdBy: by, createdAt: created, updatedAt: created };
    const events: Referral['events'] = [{ at: created, by, kind: 'received', status: 'received' }];
    if (d.assigned) events.push({ at: created, by: lw, kind: 'assigned', detail: lw });
    d.path.forEach((status, i) => {
      if (status === 'plan-agreed') events.push({ at: step(i), by: lw, kind: 'plan', detail: `${d.plan?.length ?? 0} activities agreed` });
      events.push({ at: step(i), by: lw, kind: 'status', status });
    });
    const status = d.path.at(-1) ?? 'received';
    const closed = status === 'closed';
    const referral: Referral = {
      id: d.id,
      personId: d.person.id,
      status,
      source: d.source,
      ...(d.practiceName ? { practiceName: d.practiceName } : {}),
      reasons: d.reasons,
      snomed: [snomed.referral],
      ...(d.assigned ? { assignedTo: lw } : {}),
      createdBy: by,
      createdAt: created,
      updatedAt: events.at(-1)!.at,
      ...(d.path.length ? { contactedAt: step(0) } : {}),
      ...(closed ? { closedAt: events.at(-1)!.at, outcome: 'connected-and-improved' as const } : {}),
      plan: (d.plan ?? []).map((title) => ({ activityId: activityId(title) })),
      bookings: [],
      ...(d.ons4Start ? { ons4Start: ons4(d.ons4Start, step(0)) } : {}),
      ...(d.ons4End ? { ons4End: ons4(d.ons4End, events.at(-1)!.at) } : {}),
      events,
      version: events.length,
    };
    const details: ReferralDetails = {
      whatMattersToMe: d.whatMattersToMe,
      contactPreferences: d.contactPreferences,
      consent: { givenBy: 'person', givenAt: created, sharing: ['link-worker-team', 'activity-providers', 'gp-practice'], recordedBy: by },
      notes: d.note ? [{ at: step(1), by: lw, text: d.note }] : [],
      ...(closed ? { expiresAt: Math.floor(Date.parse(events.at(-1)!.at) / 1000) + deps.config.referralRetentionDays * 86_400 } : {}),
    };
    await data.createReferral(deps.db, { referral, details, ...(newPerson ? { newPerson } : {}), now: new Date(now) });
  }
}
