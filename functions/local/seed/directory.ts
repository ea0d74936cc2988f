import * as data from '../../directory/data';
import type { Activity, Booking, Cost, Hub, Organisation, Priority } from '../../directory/schema';
import type { AppDeps } from '../../lib/deps';
import { Conflict } from '../../lib/errors';
import { demoIds } from './ids';
import { demoPostcodes } from './postcodes';

/**
 * Demo directory: two care communities, three hubs, six partner organisations, the priorities named in the
 * partnerships' plans (CHAW One Plan, Oldham Thriving Communities, Cheshire West, Charnwood) and 33
 * activities across them. Places and organisations are fictional; so are all people.
 */

const { careCommunities: cc, hubs, organisations: orgs } = demoIds;
const pad = (prefix: string, n: number) => prefix + String(n).padStart(26 - prefix.length, '0');
export const demoRoomIds = {
  oakMainHall: pad('01JDEM0R00M', 1),
  oakGardenRoom: pad('01JDEM0R00M', 2),
  oakKitchen: pad('01JDEM0R00M', 3),
  stMarysHall: pad('01JDEM0R00M', 4),
  stMarysVestry: pad('01JDEM0R00M', 5),
  libraryStudy: pad('01JDEM0R00M', 6),
  libraryCommunityRoom: pad('01JDEM0R00M', 7),
} as const;

export const demoPriorities: Priority[] = [
  { id: 'social-isolation', label: 'Social isolation', description: 'Too few chances to connect with other people' },
  { id: 'loneliness', label: 'Loneliness' },
  { id: 'mental-health-and-wellbeing', label: 'Mental health and wellbeing' },
  { id: 'young-peoples-mental-health', label: 'Young people’s mental health' },
  { id: 'frailty', label: 'Frailty', description: 'Staying strong, steady and independent as we age' },
  { id: 'womens-health', label: 'Women’s health' },
  { id: 'menopause', label: 'Menopause' },
  { id: 'carers', label: 'Carers', description: 'Support for people who look after someone' },
  { id: 'dementia', label: 'Dementia' },
  { id: 'dying-well', label: 'Dying well', description: 'Planning ahead, bereavement and end-of-life support' },
  { id: 'asylum-seekers-and-refugees', label: 'Asylum seekers and refugees' },
  { id: 'homelessness', label: 'Homelessness' },
  { id: 'physical-activity', label: 'Physical activity' },
  { id: 'social-prescribing', label: 'Social prescribing' },
  { id: 'digital-inclusion', label: 'Digital inclusion' },
  { id: 'financial-wellbeing', label: 'Money worries and cost of living' },
  { id: 'veterans', label: 'Veterans' },
];

const access = (stepFree: boolean, hearingLoop: boolean, accessibleToilet: boolean, parking: boolean, publicTransport: boolean, notes: string) => ({
  stepFree,
  hearingLoop,
  accessibleToilet,
  parking,
  publicTransport,
  notes,
});
const weekdays = (opens: string, closes: string, list: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[]) => list.map((day) => ({ day, opens, closes }));

export const demoHubs: Omit<Hub, 'updatedAt'>[] = [
  {
    id: hubs.oakRoadCentre,
    name: 'Oak Road Community Centre',
    careCommunityId: cc.westfield,
    description: 'A busy community centre with a café, a garden and rooms for groups of all sizes.',
    address: { line1: '14 Oak Road', town: 'Westfield', postcode: 'WF1 2AB' },
    directions:
      'From Westfield bus station take the 81 or 82 to Oak Road shops (about 10 minutes). The centre is the low brick building opposite the pharmacy. The main door is on the car park side and has a ramp.',
    openingHours: weekdays('09:00', '21:00', ['mon', 'tue', 'wed', 'thu', 'fri']).concat(weekdays('10:00', '16:00', ['sat'])),
    contact: { name: 'Oak Road reception', phone: '01632 960123', email: 'hello@oakroad.example.org' },
    accessibility: access(true, true, true, true, true, 'Level access from the car park. Hearing loop in the main hall. Two blue-badge spaces by the door.'),
    rooms: [
      { id: demoRoomIds.oakMainHall, name: 'Main hall', capacity: 80 },
      { id: demoRoomIds.oakGardenRoom, name: 'Garden room', capacity: 20 },
      { id: demoRoomIds.oakKitchen, name: 'Community kitchen', capacity: 12 },
    ],
  },
  {
    id: hubs.stMarysHall,
    name: 'St Mary’s Church Hall',
    careCommunityId: cc.westfield,
    description: 'The church hall behind St Mary’s, used by many community groups. Everyone is welcome; activities are not religious unless they say so.',
    address: { line1: 'Church Lane', town: 'Westfield', postcode: 'WF2 7CD' },
    directions:
      'Walk up Church Lane from the High Street; the hall is behind the church, through the gate on the left. There are three steps at the front; the side door from the garden path is level.',
    openingHours: weekdays('09:30', '17:00', ['mon', 'tue', 'wed', 'thu']),
    contact: { name: 'Hall bookings', phone: '01632 960456' },
    accessibility: access(false, false, true, false, true, 'Three steps at the front entrance; use the level side door from the garden path. No parking on site.'),
    rooms: [
      { id: demoRoomIds.stMarysHall, name: 'Hall', capacity: 60 },
      { id: demoRoomIds.stMarysVestry, name: 'Vestry room', capacity: 10 },
    ],
  },
  {
    id: hubs.riversideLibrary,
    name: 'Riverside Library',
    careCommunityId: cc.riverside,
    description: 'The town library, with free computers and wifi, a quiet study room and a community room.',
    address: { line1: '2 Mill Street', town: 'Riverside', postcode: 'RV3 1EF' },
    directions: 'Next to Riverside train station: leave by the main exit and turn right; the library is the glass building on the corner. Lift to the first floor.',
    openingHours: weekdays('09:00', '19:00', ['mon', 'tue', 'wed', 'thu', 'fri']).concat(weekdays('09:00', '13:00', ['sat'])),
    contact: { name: 'Library desk', phone: '01632 960789', email: 'riverside.library@example.org' },
    accessibility: access(true, true, true, false, true, 'Level entrance and a lift to all floors. Hearing loop at the desk and in the community room. Pay car park across the road.'),
    rooms: [
      { id: demoRoomIds.libraryStudy, name: 'Study room', capacity: 8 },
      { id: demoRoomIds.libraryCommunityRoom, name: 'Community room', capacity: 40 },
    ],
  },
];

export const demoOrganisations: Organisation[] = [
  { id: orgs.ageWell, name: 'Age Well Westfield', description: 'Helping older people stay active, connected and independent.', contact: { phone: '01632 961001', email: 'info@agewell.example.org' } },
  { id: orgs.mindsTogether, name: 'Minds Together', description: 'Peer support and wellbeing groups for adults and young people.', contact: { email: 'hello@mindstogether.example.org' } },
  { id: orgs.carersCircle, name: 'Carers Circle', description: 'Support, breaks and friendship for unpaid carers.', contact: { phone: '01632 961003' } },
  { id: orgs.womensVoices, name: 'Women’s Voices', description: 'Women’s health groups, menopause cafés and confidence courses.', contact: { email: 'talk@womensvoices.example.org' } },
  {
    id: orgs.movingMore,
    name: 'Moving More',
    description: 'Gentle exercise, walks and sport for every age and ability.',
    contact: { phone: '01632 961005', website: 'https://movingmore.example.org' },
  },
  { id: orgs.welcomeNeighbours, name: 'Welcome Neighbours', description: 'Welcome, advice and friendship for refugees, asylum seekers and people without a home.', contact: { phone: '01632 961006' } },
];

/** A hint for the sessions seed: when this demo activity meets. Not stored on the activity. */
export interface DemoSchedule {
  rrule: string;
  startTime: string;
  durationMinutes: number;
}

export type DemoActivity = Omit<Activity, 'lastReviewedAt' | 'createdAt' | 'updatedAt' | 'createdBy' | 'updatedBy' | 'version' | 'schedule'> & {
  demoSchedule: DemoSchedule;
  /** months since it was last checked (a few are overdue, to show the freshness flags) */
  reviewedMonthsAgo?: number;
};

const free: Cost = { kind: 'free' };
const pounds = (p: number, per = 'session', howToPay?: string): Cost => ({ kind: 'amount', pence: Math.round(p * 100), per, ...(howToPay ? { howToPay } : {}) });
const pwyc = (suggested?: number): Cost => ({ kind: 'pay-what-you-can', ...(suggested ? { suggestedPence: suggested * 100 } : {}) });
const booking = (
  mode: Booking['mode'],
  defaultCapacity: number,
  waitlist: Booking['waitlist'] = 'auto-confirm',
  more: Partial<Pick<Booking, 'companionPlaces' | 'course' | 'questions' | 'opensDaysBefore'>> = {},
): Booking => ({
  mode,
  defaultCapacity,
  opensDaysBefore: 28,
  closesHoursBefore: 2,
  waitlist,
  offerHoldHours: 12,
  companionPlaces: true,
  course: false,
  questions: [],
  ...more,
});
const weekly = (day: string, startTime: string, durationMinutes: number, interval = 1): DemoSchedule => ({
  rrule: `FREQ=WEEKLY;${interval > 1 ? `INTERVAL=${interval};` : ''}BYDAY=${day}`,
  startTime,
  durationMinutes,
});
const monthly = (byDay: string, startTime: string, durationMinutes: number): DemoSchedule => ({ rrule: `FREQ=MONTHLY;BYDAY=${byDay}`, startTime, durationMinutes });

let n = 0;
const activity = (a: Omit<DemoActivity, 'id' | 'status' | 'contact' | 'audience'> & { contact?: Activity['contact']; audience?: Partial<Activity['audience']> }): DemoActivity => ({
  id: pad('01JDEM0ACT', ++n),
  status: 'active',
  contact: {},
  ...a,
  audience: { ageMin: 0, ageMax: 120, ...a.audience },
});

/** 33 activities; fixed ids (01JDEM0ACT…01 to …33) so other domains' seeds and demo links can refer to them. */
export const demoActivities: DemoActivity[] = [
  activity({
    title: 'Tuesday Coffee and Chat',
    description: 'A friendly hour over tea, coffee and cake. Come on your own or bring a friend: a volunteer will introduce you to people. No need to book.',
    organisationId: orgs.ageWell,
    hubId: hubs.oakRoadCentre,
    roomId: demoRoomIds.oakGardenRoom,
    priorities: ['social-isolation', 'loneliness'],
    audience: { ageMin: 18, whoFor: 'Anyone who would like some company' },
    cost: free,
    booking: booking('drop-in', 30),
    demoSchedule: weekly('TU', '10:00', 90),
  }),
  activity({
    title: 'Steady Steps Strength and Balance',
    description: 'Gentle seated and standing exercises that build strength and balance and help prevent falls. Led by a qualified instructor. Wear comfortable shoes.',
    organisationId: orgs.ageWell,
    hubId: hubs.oakRoadCentre,
    roomId: demoRoomIds.oakMainHall,
    priorities: ['frailty', 'physical-activity'],
    audience: { ageMin: 60, whoFor: 'Older people who feel unsteady or have had a fall' },
    cost: pounds(2, 'session', 'cash on the day'),
    booking: booking('reserve', 16),
    demoSchedule: weekly('MO', '11:00', 60),
  }),
  activity({
    title: 'Lunch Club',
    description: 'A hot two-course lunch cooked on site, with good company. Tell us about any diet you follow when you book.',
    organisationId: orgs.ageWell,
    hubId: hubs.oakRoadCentre,
    roomId: demoRoomIds.oakMainHall,
    priorities: ['social-isolation', 'frailty'],
    audience: { ageMin: 60 },
    cost: pounds(4.5, 'meal', 'cash or card on the day'),
    booking: booking('reserve', 40, 'auto-confirm', {
      questions: [{ id: 'diet', label: 'Any dietary needs or allergies?', hint: 'For example: vegetarian, halal, no nuts, soft food', required: false }],
    }),
    demoSchedule: weekly('TH', '12:00', 90),
  }),
  activity({
    title: 'Digital Drop-in: Help with Phones and Tablets',
    description: 'Bring your phone, tablet or laptop and a volunteer will help you with video calls, the NHS App, online shopping or staying safe online.',
    organisationId: orgs.ageWell,
    hubId: hubs.riversideLibrary,
    roomId: demoRoomIds.libraryStudy,
    priorities: ['digital-inclusion', 'social-isolation'],
    audience: { ageMin: 18 },
    cost: free,
    booking: booking('drop-in', 8),
    demoSchedule: weekly('WE', '14:00', 120),
  }),
  activity({
    title: 'Memory Café',
    description: 'A relaxed afternoon for people living with dementia and the people who care for them: music, reminiscence, activities and a chance to talk to others who understand.',
    organisationId: orgs.ageWell,
    hubId: hubs.stMarysHall,
    roomId: demoRoomIds.stMarysHall,
    priorities: ['dementia', 'carers', 'social-isolation'],
    audience: { whoFor: 'People living with dementia, with a family member or carer' },
    cost: free,
    booking: booking('drop-in', 30),
    demoSchedule: monthly('1WE', '14:00', 120),
  }),
  activity({
    title: 'Seated Yoga',
    description: 'Yoga from a chair: stretching, breathing and relaxation for people who find getting down to the floor hard.',
    organisationId: orgs.ageWell,
    hubId: hubs.riversideLibrary,
    roomId: demoRoomIds.libraryCommunityRoom,
    priorities: ['frailty', 'physical-activity', 'mental-health-and-wellbeing'],
    audience: { ageMin: 50 },
    cost: pwyc(3),
    booking: booking('reserve', 14),
    demoSchedule: weekly('FR', '10:30', 60),
    reviewedMonthsAgo: 8,
  }),
  activity({
    title: 'Men’s Shed Woodwork',
    description: 'Make, mend and chat in a shared workshop. Tools and safety kit provided; no experience needed.',
    organisationId: orgs.ageWell,
    venue: {
      name: 'Westfield Allotments Workshop',
      address: { line1: 'Allotment Gate 3, Brook Lane', town: 'Westfield', postcode: 'WF1 9GH' },
      directions: 'From Brook Lane go through gate 3; the workshop is the green cabin on the right.',
      careCommunityId: cc.westfield,
      accessibility: { stepFree: true, hearingLoop: false, accessibleToilet: false, parking: true, publicTransport: false },
    },
    priorities: ['social-isolation', 'mental-health-and-wellbeing', 'veterans'],
    audience: { ageMin: 18, whoFor: 'Mostly men, everyone welcome' },
    cost: free,
    booking: booking('drop-in', 12),
    demoSchedule: weekly('WE', '10:00', 180),
  }),

  activity({
    title: 'Talking Space: Peer Support Group',
    description: 'A confidential group where adults share how things are going and support each other, with a trained facilitator. You do not have to talk if you would rather listen.',
    organisationId: orgs.mindsTogether,
    hubId: hubs.oakRoadCentre,
    roomId: demoRoomIds.oakGardenRoom,
    priorities: ['mental-health-and-wellbeing', 'loneliness'],
    audience: { ageMin: 18 },
    cost: free,
    booking: booking('reserve', 12, 'offer', { companionPlaces: false }),
    demoSchedule: weekly('WE', '18:30', 90),
  }),
  activity({
    title: 'Youth Wellbeing Club',
    description: 'Games, food and a safe place to talk for young people aged 11 to 17. Youth workers are on hand for a one-to-one chat if you want one.',
    organisationId: orgs.mindsTogether,
    hubId: hubs.riversideLibrary,
    roomId: demoRoomIds.libraryCommunityRoom,
    priorities: ['young-peoples-mental-health', 'mental-health-and-wellbeing'],
    audience: { ageMin: 11, ageMax: 17, whoFor: 'Young people aged 11 to 17' },
    cost: free,
    booking: booking('drop-in', 25),
    demoSchedule: weekly('TH', '16:00', 120),
  }),
  activity({
    title: 'Exam Stress Workshop',
    description: 'Practical ways to handle worry and sleep better around exams, for sixth formers and college students.',
    organisationId: orgs.mindsTogether,
    hubId: hubs.riversideLibrary,
    roomId: demoRoomIds.libraryStudy,
    priorities: ['young-peoples-mental-health'],
    audience: { ageMin: 16, ageMax: 19 },
    cost: free,
    booking: booking('reserve', 8, 'auto-confirm', { companionPlaces: false }),
    demoSchedule: weekly('MO', '17:00', 60),
  }),
  activity({
    title: 'Mindful Walk in Riverside Park',
    description: 'A slow, quiet walk noticing the river, birds and trees, finishing with a hot drink. About two miles on flat paths.',
    organisationId: orgs.mindsTogether,
    venue: {
      name: 'Riverside Park bandstand',
      address: { line1: 'Riverside Park, Park Road', town: 'Riverside', postcode: 'RV3 4JK' },
      directions: 'Meet at the bandstand, five minutes from the park’s main gate on Park Road.',
      careCommunityId: cc.riverside,
      accessibility: { stepFree: true, hearingLoop: false, accessibleToilet: true, parking: true, publicTransport: true },
    },
    priorities: ['mental-health-and-wellbeing', 'physical-activity'],
    audience: { ageMin: 18 },
    cost: free,
    booking: booking('drop-in', 20),
    demoSchedule: weekly('SA', '10:00', 90),
  }),
  activity({
    title: 'Anxiety Management Course',
    description: 'Six weekly sessions that teach skills to understand and manage anxiety. By referral from a GP, link worker or mental health team.',
    organisationId: orgs.mindsTogether,
    hubId: hubs.oakRoadCentre,
    roomId: demoRoomIds.oakGardenRoom,
    priorities: ['mental-health-and-wellbeing', 'social-prescribing'],
    audience: { ageMin: 18 },
    cost: free,
    booking: booking('referral-only', 10),
    demoSchedule: weekly('TU', '13:30', 120),
  }),
  activity({
    title: 'Bereavement Café',
    description: 'Somewhere to talk about someone who has died, or just sit with others who understand. Trained volunteers are there to listen.',
    organisationId: orgs.mindsTogether,
    hubId: hubs.stMarysHall,
    roomId: demoRoomIds.stMarysVestry,
    priorities: ['dying-well', 'mental-health-and-wellbeing', 'loneliness'],
    audience: { ageMin: 18 },
    cost: free,
    booking: booking('drop-in', 10),
    demoSchedule: monthly('2TH', '10:30', 120),
  }),
  activity({
    title: 'Planning Ahead: Talking about the End of Life',
    description: 'An informal session on making a will, lasting power of attorney and writing down your wishes for care. Hospice staff answer questions.',
    organisationId: orgs.mindsTogether,
    hubId: hubs.riversideLibrary,
    roomId: demoRoomIds.libraryCommunityRoom,
    priorities: ['dying-well'],
    audience: { ageMin: 18 },
    cost: free,
    booking: booking('reserve', 20),
    demoSchedule: monthly('3TU', '14:00', 90),
    reviewedMonthsAgo: 7,
  }),

  activity({
    title: 'Carers’ Coffee Morning',
    description: 'Time out for people who look after a family member or friend. Meet other carers, get advice about carers’ assessments and benefits, and have a break.',
    organisationId: orgs.carersCircle,
    hubId: hubs.stMarysHall,
    roomId: demoRoomIds.stMarysHall,
    priorities: ['carers', 'social-isolation'],
    audience: { ageMin: 18, whoFor: 'Unpaid carers' },
    cost: free,
    booking: booking('drop-in', 25),
    demoSchedule: weekly('FR', '10:00', 120),
  }),
  activity({
    title: 'Young Carers Club',
    description: 'Fun activities and trips for young people who help look after someone at home, and a chance to meet others in the same situation.',
    organisationId: orgs.carersCircle,
    hubId: hubs.oakRoadCentre,
    roomId: demoRoomIds.oakMainHall,
    priorities: ['carers', 'young-peoples-mental-health'],
    audience: { ageMin: 8, ageMax: 17, whoFor: 'Young carers aged 8 to 17' },
    cost: free,
    booking: booking('reserve', 20),
    demoSchedule: weekly('TH', '17:00', 90, 2),
  }),
  activity({
    title: 'Dementia Carers’ Support Group',
    description: 'A small group for people caring for someone living with dementia: share experiences, learn what helps, hear from specialist nurses.',
    organisationId: orgs.carersCircle,
    hubId: hubs.riversideLibrary,
    roomId: demoRoomIds.libraryStudy,
    priorities: ['carers', 'dementia'],
    audience: { ageMin: 18 },
    cost: free,
    booking: booking('reserve', 8, 'offer'),
    demoSchedule: monthly('1MO', '13:00', 90),
  }),
  activity({
    title: 'Carers’ Pamper Afternoon',
    description: 'Hand massage, a hair trim and afternoon tea for carers. A sitting service can be arranged so you can come.',
    organisationId: orgs.carersCircle,
    hubId: hubs.oakRoadCentre,
    roomId: demoRoomIds.oakGardenRoom,
    priorities: ['carers', 'mental-health-and-wellbeing'],
    audience: { ageMin: 18 },
    cost: pwyc(),
    booking: booking('reserve', 10),
    demoSchedule: monthly('4WE', '13:30', 150),
  }),
  activity({
    title: 'Singing for the Brain',
    description: 'Singing familiar songs together, which can help memory and mood. For people living with dementia and their carers.',
    organisationId: orgs.carersCircle,
    hubId: hubs.stMarysHall,
    roomId: demoRoomIds.stMarysHall,
    priorities: ['dementia', 'carers', 'social-isolation'],
    cost: pounds(2),
    booking: booking('reserve', 30),
    demoSchedule: weekly('MO', '14:00', 90),
  }),

  activity({
    title: 'Menopause Café',
    description: 'An open, friendly conversation about the menopause over tea and cake: symptoms, treatment, work and relationships. Partners and friends welcome too.',
    organisationId: orgs.womensVoices,
    hubId: hubs.oakRoadCentre,
    roomId: demoRoomIds.oakGardenRoom,
    priorities: ['menopause', 'womens-health'],
    audience: { ageMin: 18, whoFor: 'Anyone affected by the menopause' },
    cost: free,
    booking: booking('drop-in', 20),
    demoSchedule: monthly('2TU', '19:00', 90),
  }),
  activity({
    title: 'Women’s Wellbeing Circle',
    description: 'A supportive group for women to talk about health, confidence and the things that matter to them. Crèche available if booked ahead.',
    organisationId: orgs.womensVoices,
    hubId: hubs.riversideLibrary,
    roomId: demoRoomIds.libraryCommunityRoom,
    priorities: ['womens-health', 'mental-health-and-wellbeing', 'social-isolation'],
    audience: { ageMin: 18, whoFor: 'Women' },
    cost: free,
    booking: booking('reserve', 15),
    demoSchedule: weekly('TU', '10:00', 120),
  }),
  activity({
    title: 'Pelvic Health Talk with a Physiotherapist',
    description: 'A women’s health physiotherapist explains pelvic floor problems after childbirth and in later life, and what really helps.',
    organisationId: orgs.womensVoices,
    hubId: hubs.oakRoadCentre,
    roomId: demoRoomIds.oakGardenRoom,
    priorities: ['womens-health'],
    audience: { ageMin: 18, whoFor: 'Women' },
    cost: free,
    booking: booking('reserve', 20),
    demoSchedule: monthly('1TH', '18:00', 60),
  }),
  activity({
    title: 'Walk and Talk for Women',
    description: 'A brisk, sociable walk along the canal for women of all fitness levels, with a coffee stop halfway.',
    organisationId: orgs.womensVoices,
    venue: {
      name: 'Canal towpath, Lock 12',
      address: { line1: 'Lock 12 car park, Canal Street', town: 'Westfield', postcode: 'WF3 5LM' },
      careCommunityId: cc.westfield,
      accessibility: { stepFree: true, hearingLoop: false, accessibleToilet: false, parking: true, publicTransport: true },
    },
    priorities: ['womens-health', 'physical-activity'],
    audience: { ageMin: 16, whoFor: 'Women' },
    cost: free,
    booking: booking('drop-in', 25),
    demoSchedule: weekly('SU', '09:30', 90),
  }),
  activity({
    title: 'Menopause and Work: Evening Workshop',
    description: 'Practical advice on talking to your employer, reasonable adjustments and managing symptoms at work.',
    organisationId: orgs.womensVoices,
    hubId: hubs.riversideLibrary,
    roomId: demoRoomIds.libraryStudy,
    priorities: ['menopause', 'womens-health'],
    audience: { ageMin: 18 },
    cost: pounds(5),
    booking: booking('reserve', 8),
    demoSchedule: monthly('3WE', '18:30', 90),
    reviewedMonthsAgo: 9,
  }),

  activity({
    title: 'Walking Football',
    description: 'Football at walking pace: no running, no slide tackles, plenty of laughs. Great for fitness at any age.',
    organisationId: orgs.movingMore,
    venue: {
      name: 'Westfield Leisure Centre',
      address: { line1: 'Leisure Way', town: 'Westfield', postcode: 'WF2 8NP' },
      directions: 'Sports hall 2, signposted from reception.',
      careCommunityId: cc.westfield,
      accessibility: { stepFree: true, hearingLoop: true, accessibleToilet: true, parking: true, publicTransport: true },
    },
    priorities: ['physical-activity', 'social-isolation'],
    audience: { ageMin: 50 },
    cost: pounds(3),
    booking: booking('drop-in', 20),
    demoSchedule: weekly('TH', '10:00', 60),
  }),
  activity({
    title: 'Chair-Based Exercise',
    description: 'A fun, gentle workout done sitting down, to music. Helps strength, movement and mood.',
    organisationId: orgs.movingMore,
    hubId: hubs.stMarysHall,
    roomId: demoRoomIds.stMarysHall,
    priorities: ['frailty', 'physical-activity'],
    audience: { ageMin: 55 },
    cost: pounds(2.5, 'session', 'on the day, cash or card'),
    booking: booking('reserve', 20),
    demoSchedule: weekly('WE', '11:00', 45),
  }),
  activity({
    title: 'Buggy Walks',
    description: 'A friendly walk with other parents and carers of babies and toddlers, ending at the library’s story time.',
    organisationId: orgs.movingMore,
    hubId: hubs.riversideLibrary,
    priorities: ['physical-activity', 'social-isolation', 'womens-health'],
    audience: { ageMin: 16, whoFor: 'Parents and carers with babies and toddlers' },
    cost: free,
    booking: booking('drop-in', 20),
    demoSchedule: weekly('MO', '10:00', 60),
  }),
  activity({
    title: 'Table Tennis for Everyone',
    description: 'Relaxed table tennis for all ages and abilities, including people with Parkinson’s. Bats and balls provided.',
    organisationId: orgs.movingMore,
    hubId: hubs.oakRoadCentre,
    roomId: demoRoomIds.oakMainHall,
    priorities: ['physical-activity', 'frailty'],
    cost: pounds(1.5),
    booking: booking('drop-in', 16),
    demoSchedule: weekly('FR', '14:00', 90),
  }),
  activity({
    title: 'Couch to 5k Beginners Running Group',
    description: 'Nine weeks from no running to 5 kilometres, at your own pace, with encouragement from volunteer run leaders.',
    organisationId: orgs.movingMore,
    venue: {
      name: 'Riverside Park main gate',
      address: { line1: 'Park Road', town: 'Riverside', postcode: 'RV3 4JK' },
      careCommunityId: cc.riverside,
      accessibility: { stepFree: true, hearingLoop: false, accessibleToilet: true, parking: true, publicTransport: true },
    },
    priorities: ['physical-activity', 'mental-health-and-wellbeing'],
    audience: { ageMin: 16 },
    cost: free,
    booking: booking('reserve', 25, 'auto-confirm', { course: true, opensDaysBefore: 90 }),
    demoSchedule: weekly('TU', '18:30', 60),
  }),

  activity({
    title: 'Welcome Café for New Arrivals',
    description:
      'A warm welcome for refugees and asylum seekers: free hot food, English conversation practice, help with forms and a friendly face. Interpreters for Arabic, Dari and Tigrinya most weeks.',
    organisationId: orgs.welcomeNeighbours,
    hubId: hubs.stMarysHall,
    roomId: demoRoomIds.stMarysHall,
    priorities: ['asylum-seekers-and-refugees', 'social-isolation'],
    cost: free,
    booking: booking('drop-in', 50),
    demoSchedule: weekly('TU', '12:00', 150),
  }),
  activity({
    title: 'English Conversation Club',
    description: 'Practise speaking English in a relaxed group with volunteer tutors. All levels welcome.',
    organisationId: orgs.welcomeNeighbours,
    hubId: hubs.riversideLibrary,
    roomId: demoRoomIds.libraryCommunityRoom,
    priorities: ['asylum-seekers-and-refugees', 'social-isolation'],
    audience: { ageMin: 16 },
    cost: free,
    booking: booking('drop-in', 30),
    demoSchedule: weekly('TH', '10:00', 90),
  }),
  activity({
    title: 'Community Breakfast and Advice',
    description: 'A free cooked breakfast for anyone who is homeless or struggling, with housing, benefits and health advisers on hand. Showers and clean clothes available.',
    organisationId: orgs.welcomeNeighbours,
    hubId: hubs.oakRoadCentre,
    roomId: demoRoomIds.oakKitchen,
    priorities: ['homelessness', 'financial-wellbeing'],
    audience: { ageMin: 16 },
    cost: free,
    booking: booking('drop-in', 40),
    demoSchedule: weekly('SA', '08:30', 120),
  }),
  activity({
    title: 'Money Worries Drop-in',
    description: 'Confidential help with bills, debt, benefits and energy costs from trained advisers. Bring any letters you have.',
    organisationId: orgs.welcomeNeighbours,
    hubId: hubs.riversideLibrary,
    roomId: demoRoomIds.libraryStudy,
    priorities: ['financial-wellbeing', 'homelessness', 'mental-health-and-wellbeing'],
    audience: { ageMin: 18 },
    cost: free,
    booking: booking('drop-in', 6),
    demoSchedule: weekly('WE', '10:00', 180),
  }),
];

async function once(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (!(err instanceof Conflict)) throw err;
  }
}

export async function seedDirectory(deps: AppDeps): Promise<void> {
  const { db } = deps;
  const now = deps.clock.now();
  await Promise.all([
    once(() => data.putCareCommunity(db, { id: cc.westfield, name: 'Westfield Care Community', description: 'Westfield town and its villages' })),
    once(() => data.putCareCommunity(db, { id: cc.riverside, name: 'Riverside Care Community', description: 'Riverside and the river valley' })),
    ...demoPriorities.map((p) => once(() => data.putPriority(db, p))),
    ...demoHubs.map((h) => once(() => data.putHub(db, { ...h, updatedAt: now.toISOString() }))),
    ...demoOrganisations.map((o) => once(() => data.putOrganisation(db, o))),
  ]);
  await data.putPostcodes(db, demoPostcodes);
  const centroids = await data.getPostcodes(
    db,
    demoPostcodes.map((p) => p.postcode),
  );
  const hubById = new Map(demoHubs.map((h) => [h.id, { ...h, updatedAt: now.toISOString() }]));
  const orgById = new Map(demoOrganisations.map((o) => [o.id, o]));
  const priorityById = new Map(demoPriorities.map((p) => [p.id, p]));
  const fresh = [];
  for (const demo of demoActivities) {
    if (await data.getActivity(db, demo.id)) continue;
    const activity = storedActivity(demo, now);
    const hub = activity.hubId ? hubById.get(activity.hubId) : undefined;
    const postcode = (hub ?? activity.venue)?.address.postcode;
    fresh.push({
      activity,
      hub,
      organisation: orgById.get(activity.organisationId),
      priorities: activity.priorities.map((id) => priorityById.get(id)!),
      point: postcode ? centroids.get(postcode) : undefined,
    });
  }
  await data.loadActivities(db, fresh);
}

function storedActivity({ demoSchedule: _s, reviewedMonthsAgo, ...a }: DemoActivity, now: Date): Activity {
  const reviewed = new Date(now);
  reviewed.setUTCMonth(reviewed.getUTCMonth() - (reviewedMonthsAgo ?? 0));
  const at = reviewed.toISOString();
  const owner = a.organisationId === orgs.ageWell ? demoIds.users.partner : a.hubId === hubs.oakRoadCentre ? demoIds.users.coordinator : demoIds.users.admin;
  return { ...a, lastReviewedAt: at, createdAt: at, updatedAt: at, createdBy: owner, updatedBy: owner, version: 1 };
}
